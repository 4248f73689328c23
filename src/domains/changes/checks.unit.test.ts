import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Lab } from '../../lab/server.ts';
import { generateNetwork } from '../../lab/topology.ts';
import { withDevice } from '../../netio/index.ts';
import { judgeChecks, readChecks } from './checks.ts';

/** A change's ping check, read from a lab device before and after, and judged. */
let lab: Lab;
beforeAll(async () => {
  lab = await Lab.start(
    generateNetwork({ devices: 4, topology: 'leaf-spine', ports: true, port: 0, platform: 'cisco_ios' }),
  );
});
afterAll(async () => {
  await lab?.stop();
});

describe('the ping check of a change', () => {
  it('passes while an address that answered still answers, and fails when it stops', async () => {
    const d = lab.devices.find((x) => x.interfaces.some((i) => i.ipv4))!;
    const [ip, bits] = d.interfaces.find((i) => i.ipv4)!.ipv4!.split('/');
    const parts = ip!.split('.').map(Number);
    parts[3] = parts[3]! ^ (Number(bits) >= 31 ? 1 : 3);
    const peer = parts.join('.');
    const checks = [
      { kind: 'ping' as const, destination: peer },
      { kind: 'ping' as const, destination: '192.0.2.254' },
    ];
    const target = {
      host: d.address,
      port: d.port,
      username: 'admin',
      password: 'lab-password',
      secret: 'lab-enable',
      platform: d.platform,
    };
    const before = await withDevice(target, (s) => readChecks(s, checks, new Uint8Array(32)));
    expect(before.map((b) => b.seen)).toEqual([['answers'], []]);
    const same = judgeChecks(before, before);
    expect(same).toEqual([
      { check: `ping ${peer}`, ok: true, detail: 'answers' },
      { check: 'ping 192.0.2.254', ok: true, detail: 'did not answer before the change either' },
    ]);
    const lost = judgeChecks(
      before,
      before.map((b) => ({ ...b, seen: [] })),
    );
    expect(lost[0]).toEqual({
      check: `ping ${peer}`,
      ok: false,
      detail: 'answered before the change, not after',
    });
  });
});
