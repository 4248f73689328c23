import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { xrClock } from '../../lab/dialects/cisco-rollback.ts';
import { eosClock } from '../../lab/dialects/eos-sessions.ts';
import { junosClock } from '../../lab/dialects/junos.ts';
import type { LabDevice } from '../../lab/model.ts';
import { Lab } from '../../lab/server.ts';
import { generateNetwork } from '../../lab/topology.ts';
import { type DeviceTarget, NetioError, withDevice } from '../index.ts';
import { backup } from '../operations.ts';
import { commitChange, confirmChange, previewChange, revertChange } from './index.ts';

/**
 * netio's change path against the lab, on each platform that can be changed: the preview is what
 * the device then applies, a no-op is seen as one, an unconfirmed commit goes back by itself
 * (or through webnet's revert where the device has no timer), a confirmed one stays and is saved.
 */
let lab: Lab;
const KEY = new Uint8Array(32).fill(7);
const target = (d: LabDevice): DeviceTarget => ({
  host: d.address,
  port: d.port,
  username: d.username,
  password: d.password,
  secret: d.secret,
  platform: d.platform,
  commandTimeoutMs: 3000,
  connectTimeoutMs: 3000,
});

beforeAll(async () => {
  // A confirm window of a few lab "seconds" or "minutes" passes in well under a test's time.
  junosClock.minuteMs = 300;
  eosClock.secondMs = 50;
  xrClock.secondMs = 10;
  const devices = generateNetwork({ devices: 16, ports: true, port: 0, configBytes: 4000 });
  lab = await Lab.start(devices);
});
afterAll(() => lab.stop());

/** A change of a few lines in each platform's own syntax, and one that is already in place. */
const CHANGES: Record<string, { change: string[]; noop: (d: LabDevice) => string[] }> = {
  cisco_ios: {
    change: ['interface Loopback77', ' description webnet change', 'ntp server 192.0.2.77'],
    noop: (d) => [`hostname ${d.hostname}`],
  },
  cisco_nxos: {
    change: ['interface loopback77', '  description webnet change', 'ntp server 192.0.2.77'],
    noop: (d) => [`hostname ${d.hostname}`],
  },
  arista_eos: {
    change: ['interface Loopback77', '   description webnet change', 'ntp server 192.0.2.77'],
    noop: (d) => [`hostname ${d.hostname}`],
  },
  cisco_iosxr: {
    change: ['interface Loopback77', ' description webnet change', 'ntp server 192.0.2.77'],
    noop: (d) => [`hostname ${d.hostname}`],
  },
  juniper_junos: {
    change: ['set interfaces lo0 unit 77 description "webnet change"', 'set system ntp server 192.0.2.77'],
    noop: (d) => [`set system host-name ${d.hostname}`],
  },
};
const PLATFORMS = Object.keys(CHANGES);
const one = (platform: string) => lab.devices.find((d) => d.platform === platform)!;
const stored = (d: LabDevice) => withDevice(target(d), (s) => backup(s, { redactionKey: KEY }));
let counter = 0;
const name = () => `webnet-test-${++counter}`;
const until = async (check: () => Promise<boolean>, ms = 5000) => {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
};

describe.each(PLATFORMS)('%s', (platform) => {
  it('previews a change as the device then applies it, and a no-op as no change', async () => {
    const d = one(platform);
    const { change, noop } = CHANGES[platform]!;
    const before = await stored(d);
    const preview = await withDevice(target(d), (s) =>
      previewChange(s, { lines: change, name: name(), redactionKey: KEY }),
    );
    expect(preview.method).toBe(['cisco_ios', 'cisco_nxos'].includes(platform) ? 'computed' : 'candidate');
    expect(preview.noop).toBe(false);
    expect(preview.running.hash).toBe(before.hash);
    expect(preview.candidate.config).toContain('192.0.2.77');
    // Previewing left the device as it was.
    expect((await stored(d)).hash).toBe(before.hash);
    const same = await withDevice(target(d), (s) =>
      previewChange(s, { lines: noop(d), name: name(), redactionKey: KEY }),
    );
    expect(same.noop).toBe(true);

    const n = name();
    await withDevice(target(d), async (s) => {
      await commitChange(s, { lines: change, name: n, confirmSeconds: 600 });
      await confirmChange(s, { name: n });
    });
    const after = await stored(d);
    expect(after.hash).toBe(preview.candidate.hash);
    // Applying it again changes nothing.
    const again = await withDevice(target(d), (s) =>
      previewChange(s, { lines: change, name: name(), redactionKey: KEY }),
    );
    expect(again.noop).toBe(true);
  });

  it('reverts an unconfirmed commit, by the device or by webnet, to the config before it', async () => {
    const d = one(platform);
    const before = await stored(d);
    const lines =
      platform === 'juniper_junos' ? ['set system location building-7'] : ['snmp-server location building-7'];
    const n = name();
    const method = await withDevice(target(d), (s) =>
      commitChange(s, { lines, name: n, confirmSeconds: 60 }),
    );
    expect((await stored(d)).config).toContain('building-7');
    if (method === 'confirmed-commit') {
      // Nobody confirms: the device goes back by itself when the window closes.
      await until(async () => (await stored(d)).hash === before.hash);
    } else {
      // No timer on the device: webnet's revert restores the rollback point.
      expect(method).toBe('rollback-point');
      await withDevice(target(d), (s) => revertChange(s, { name: n }));
      expect((await stored(d)).hash).toBe(before.hash);
    }
  });

  it('reverts at once on request, before the window closes', async () => {
    const d = one(platform);
    const before = await stored(d);
    const lines = platform === 'juniper_junos' ? ['set system contact noc-7'] : ['snmp-server contact noc-7'];
    const n = name();
    await withDevice(target(d), async (s) => {
      await commitChange(s, { lines, name: n, confirmSeconds: 3600 });
      await revertChange(s, { name: n });
    });
    expect((await stored(d)).hash).toBe(before.hash);
  });

  it('refuses a change with a line the device rejects, and leaves no candidate behind', async () => {
    const d = one(platform);
    const before = await stored(d);
    const bad = platform === 'juniper_junos' ? ['frobnicate the widget'] : ['frobnicate the widget'];
    const err = await withDevice(target(d), (s) =>
      previewChange(s, { lines: bad, name: name(), redactionKey: KEY }),
    ).catch((e: unknown) => e);
    if (['cisco_ios', 'cisco_nxos'].includes(platform)) {
      // Without a candidate the preview is computed: the device sees the line only at commit.
      const n = name();
      const failed = await withDevice(target(d), (s) =>
        commitChange(s, { lines: bad, name: n, confirmSeconds: 60 }),
      ).catch((e: unknown) => e);
      expect(failed).toBeInstanceOf(NetioError);
      expect((failed as NetioError).message).toContain('frobnicate');
      await withDevice(target(d), (s) => revertChange(s, { name: n }));
    } else {
      expect(err).toBeInstanceOf(NetioError);
      expect((err as NetioError).category).toBe('command_error');
      expect((err as NetioError).message).toContain('frobnicate');
    }
    expect((await stored(d)).hash).toBe(before.hash);
  });
});
