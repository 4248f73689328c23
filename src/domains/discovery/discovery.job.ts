import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { validationFailed } from '../../platform/errors.ts';
import { getCustomer, listIpRanges } from '../customers/service.ts';
import { defineJob } from '../jobs/contract.ts';
import {
  addressesOf,
  blockRange,
  blocksOf,
  cidrsOf,
  MAX_ADDRESSES,
  mergeRanges,
  parseRange,
  type Range,
} from './cidr.ts';
import { type Found, probeAddress } from './probe.ts';
import { storeFound } from './store.ts';

/** Addresses of one block probed at once. */
const PARALLEL = 16;

export const discoveryPayload = z.strictObject({
  customerId: z.uuid().describe('the customer whose ranges are swept and whose credentials are tried'),
  ranges: z
    .array(z.string().min(1).max(50))
    .min(1)
    .max(1000)
    .optional()
    .describe("IPv4 CIDRs or addresses; the customer's IP ranges when left out (at most a /16 in all)"),
  sshPort: z.number().int().min(1).max(65535).default(22),
  telnetPort: z.number().int().min(0).max(65535).default(23).describe('0: telnet is not tried'),
  login: z
    .boolean()
    .default(true)
    .describe("log in with the customer's credentials to detect platform and facts"),
  connectTimeoutMs: z.number().int().min(100).max(30_000).default(2_000),
});
export type DiscoveryPayload = z.output<typeof discoveryPayload>;

const foundOut = z.object({
  address: z.string(),
  port: z.number(),
  transport: z.enum(['ssh', 'telnet']),
  banner: z.string(),
  platform: z.string(),
  hostname: z.string(),
  serial: z.string(),
  model: z.string(),
  osVersion: z.string(),
  note: z.string(),
});

export const discoveryOutput = z.object({
  addresses: z.number().describe('addresses of the block probed'),
  found: z.array(foundOut).describe('the addresses that answered'),
});

/** The payload's ranges (or the customer's), checked and merged; a 400 names the field. */
async function rangesOf(
  db: Parameters<typeof listIpRanges>[0],
  actor: Parameters<typeof listIpRanges>[1],
  p: DiscoveryPayload,
) {
  const texts = p.ranges ?? (await listIpRanges(db, actor, p.customerId)).map((r) => r.cidr);
  if (texts.length === 0) {
    throw validationFailed([
      { field: 'payload.ranges', message: 'the customer has no IP ranges: give ranges' },
    ]);
  }
  const ranges: Range[] = texts.map((t, i) => {
    try {
      return parseRange(t);
    } catch (e) {
      throw validationFailed([{ field: `payload.ranges.${i}`, message: (e as Error).message }]);
    }
  });
  const merged = mergeRanges(ranges);
  const total = merged.reduce((n, r) => n + r.count, 0);
  if (total > MAX_ADDRESSES) {
    throw validationFailed([
      {
        field: p.ranges ? 'payload.ranges' : 'payload.customerId',
        message: `${total.toLocaleString('en')} addresses: one discovery job sweeps at most ${MAX_ADDRESSES.toLocaleString('en')} (a /16)`,
      },
    ]);
  }
  return merged;
}

async function inParallel<T, R>(items: T[], n: number, work: (t: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const lanes = Array.from({ length: Math.min(n, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await work(items[i]!);
    }
  });
  await Promise.all(lanes);
  return out;
}

/**
 * A sweep of address ranges for devices webnet does not know yet. Its work items are blocks of
 * 64 addresses (see JobHandler.resolveTargets), each a queue task like a device's; a block's
 * addresses are probed 16 at a time. What answered is stored with the block's result, once.
 */
export const networkDiscoveryJob = defineJob({
  type: 'network_discovery',
  description:
    "Find devices in IP ranges: SSH or telnet, the banner, the customer's credentials, platform and facts",
  payload: discoveryPayload,
  output: discoveryOutput,
  needsCredential: false,
  async resolveTargets(db, actor, payload) {
    await getCustomer(db, actor, payload.customerId);
    const ranges = await rangesOf(db, actor, payload);
    return blocksOf(ranges).map((b) => ({
      id: randomUUID(),
      customerId: payload.customerId,
      hostname: b.label,
    }));
  },
  // The failed blocks again, as the fewest CIDRs that cover them.
  retryPayload: (payload, failed) => ({ ...payload, ranges: cidrsOf(failed.map(blockRange)) }),
  async run(block, payload, ctx) {
    const addresses = addressesOf(block.mgmtIp);
    const found = (
      await inParallel(addresses, PARALLEL, (address) =>
        probeAddress(address, {
          sshPort: payload.sshPort,
          telnetPort: payload.telnetPort,
          login: payload.login,
          credentials: block.credentials,
          connectTimeoutMs: payload.connectTimeoutMs,
          commandTimeoutMs: Math.min(ctx.timeoutMs, 30_000),
          signal: ctx.signal,
        }),
      )
    ).filter((f): f is Found => f !== null);
    const read = found.filter((f) => f.platform).length;
    return {
      summary: `${found.length} of ${addresses.length} answered${found.length ? `, ${read} read` : ''}`,
      output: {
        addresses: addresses.length,
        found: found.map(({ hostKey: _, credentialId: __, ...f }) => f),
      },
      value: found,
    };
  },
  store: (tx, items) => storeFound(tx, items),
});
