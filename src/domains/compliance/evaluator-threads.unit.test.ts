import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compiledRules, type DeviceConfig, evaluateDevice, type PolicyRules } from './evaluate-device.ts';
import {
  evaluateOnThread,
  movableConfigs,
  stopEvaluatorThreads,
  transferBuffer,
} from './evaluator-threads.ts';
import { compilePolicy } from './policy.ts';

const config = fs.readFileSync(
  path.resolve(
    import.meta.dirname,
    '../../../tests/fixtures/oxidized/ios#C9200L-24P-4G_17.09.04a#output.txt',
  ),
  'utf8',
);

const policy = (id: string, text: string): PolicyRules => ({
  id,
  revision: 1,
  rules: compilePolicy(text).source.rules,
});

const ntp = policy(
  'p-ntp',
  `name: ntp
rules:
  - {name: ntp, must_contain: [ntp server 192.0.2.1]}
  - name: portfast
    section: {parent: "^interface GigabitEthernet1/0/"}
    for_each: {where: switchport mode access, unless: shutdown}
    must_contain: [spanning-tree portfast]
  - name: hostname
    intended: "hostname {{ device.hostname }}"
`,
);

const device = (n: number, policyIds = ['p-ntp']): DeviceConfig => ({
  deviceId: `d-${n}`,
  customerId: 'c-1',
  platform: 'cisco_ios',
  seen: {
    hostname: `sw${n}`,
    address: '192.0.2.10',
    platform: 'cisco_ios',
    vendor: 'cisco',
    role: null,
    site: null,
    tags: [],
    model: null,
    serial: null,
    os_version: null,
  },
  snapshotId: `s-${n}`,
  config,
  policyIds,
});

afterAll(stopEvaluatorThreads);

describe('evaluator threads', () => {
  it('give every device the verdicts its evaluation in this thread gives, in order', async () => {
    const devices = [1, 2, 3].map((n) => device(n));
    const onThread = await evaluateOnThread([ntp], devices);
    const here = devices.map((d) => evaluateDevice(d, new Map([[ntp.id, compiledRules(ntp)]])));
    expect(onThread).toEqual(here);
    expect(onThread.map((v) => v.deviceId)).toEqual(['d-1', 'd-2', 'd-3']);
    // The fixture fails the NTP and portfast rules, and its hostname is not sw1.
    expect(onThread[0]).toMatchObject({ rules: 3, failing: 3 });
    expect(onThread[0]!.prepared[0]).toMatchObject({
      policy_id: 'p-ntp',
      device_id: 'd-1',
      snapshot_id: 's-1',
    });
  });

  it('take configurations as bytes in a buffer that moves, and give the buffer back for the next chunk', async () => {
    const bytes = Buffer.from(config);
    const buffer = transferBuffer(bytes.byteLength * 2);
    const view = new Uint8Array(buffer);
    view.set(bytes, 0);
    view.set(bytes, bytes.byteLength);
    const devices = [0, 1].map((i) => ({
      ...device(i),
      config: new Uint8Array(buffer, i * bytes.byteLength, bytes.byteLength),
    }));
    const onThread = await evaluateOnThread([ntp], devices);
    // Moved, not copied: the buffer left this thread with the message.
    expect(buffer.byteLength).toBe(0);
    expect(onThread).toEqual(
      [0, 1].map((i) => evaluateDevice(device(i), new Map([[ntp.id, compiledRules(ntp)]]))),
    );
    // Back with the reply, whole, for the next chunk that fits in it.
    const again = transferBuffer(bytes.byteLength);
    expect(again.byteLength).toBeGreaterThanOrEqual(bytes.byteLength * 2);
    expect(Buffer.from(again, 0, bytes.byteLength).equals(bytes)).toBe(true);
  });

  it('write a chunk’s configurations as UTF-8 into one buffer, however many bytes a character takes', async () => {
    const text = (v: Uint8Array) => Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('utf8');
    // Five bytes for two characters: more than a buffer sized by the texts' lengths holds.
    const wide = `banner motd ^C${'é→'.repeat(300_000)}^C`;
    for (const texts of [
      [config, config],
      [config, wide, 'hostname sw-é'],
      // A character past Latin-1 whose low byte is ASCII ("Ł" is U+0141): not taken for "A".
      [config, ' description Łódź uplink', config],
    ]) {
      const views = movableConfigs(texts);
      expect(new Set(views.map((v) => v.buffer)).size).toBe(1);
      expect(views.map(text)).toEqual(texts);
      expect(views.map((v) => v.byteLength)).toEqual(texts.map((t) => Buffer.byteLength(t)));
    }
    // As the thread reads them: the same verdicts as the texts give.
    const views = movableConfigs([config, config]);
    const onThread = await evaluateOnThread(
      [ntp],
      views.map((v, i) => ({ ...device(i), config: v })),
    );
    expect(onThread).toEqual(
      [0, 1].map((i) => evaluateDevice(device(i), new Map([[ntp.id, compiledRules(ntp)]]))),
    );
  });

  it('report a failure in a thread as the evaluation’s, and keep evaluating after it', async () => {
    // A device in a policy the thread was not sent: the thread's evaluation throws.
    await expect(evaluateOnThread([ntp], [device(1, ['p-unknown'])])).rejects.toThrow(
      /compliance evaluation failed/,
    );
    expect((await evaluateOnThread([ntp], [device(2)]))[0]).toMatchObject({ rules: 3 });
  });

  it('fail what a stopped thread had in hand, and start again on the next evaluation', async () => {
    // Enough work that the thread is still at it when stopped (about a millisecond a device).
    const inHand = evaluateOnThread(
      [ntp],
      Array.from({ length: 2000 }, (_, n) => device(n)),
    );
    await stopEvaluatorThreads();
    await expect(inHand).rejects.toThrow(/thread exited/);
    expect(await evaluateOnThread([ntp], [device(9)])).toHaveLength(1);
  });
});
