import { z } from 'zod';
import { probeSsh } from '../../netio/index.ts';
import { defineJob } from '../jobs/contract.ts';

export const reachabilityOutput = z.object({
  banner: z.string().describe("the device's SSH banner"),
  connectMs: z.number(),
  bannerMs: z.number(),
});

/** TCP connect and the SSH banner: cheap enough to run over every device every few minutes. */
export const reachabilityJob = defineJob({
  type: 'reachability',
  description: 'TCP connect and the SSH banner, without logging in',
  payload: z.strictObject({}),
  output: reachabilityOutput,
  needsCredential: false,
  failureMarksUnreachable: true,
  async run(device, _payload, ctx) {
    const probe = await probeSsh(device.mgmtIp, device.port, {
      timeoutMs: Math.min(ctx.timeoutMs, 10_000),
      signal: ctx.signal,
    });
    return {
      summary: `${probe.banner} in ${Math.round(probe.bannerMs)} ms`,
      output: {
        banner: probe.banner,
        connectMs: Math.round(probe.connectMs * 10) / 10,
        bannerMs: Math.round(probe.bannerMs * 10) / 10,
      },
    };
  },
});
