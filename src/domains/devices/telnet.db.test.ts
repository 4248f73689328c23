import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, type TestApp, testApp } from '../../../tests/helpers/app.ts';
import { type LabInventory, labInventory, runJob } from '../../../tests/helpers/lab.ts';

/** A device that speaks only telnet, set so in the inventory, backed up through the same engine. */
let t: TestApp;
let inv: LabInventory;
let operator: { headers: { authorization: string } };

beforeAll(async () => {
  t = await testApp();
  const customer = await t.customer();
  operator = await t.user({ role: 'operator', customerIds: [customer.id] });
  inv = await labInventory(t, customer.id, { devices: 1, topology: 'flat', platform: 'cisco_ios' });
  inv.lab.device(inv.devices[0]!.hostname).transport = 'telnet';
}, 60_000);
afterAll(async () => {
  await t?.stop();
  await inv?.lab.stop();
});

describe('telnet devices', () => {
  it('are backed up over telnet once the inventory says so, with no host key pinned', async () => {
    const device = inv.devices[0]!;
    // Over SSH the device does not answer as SSH: the backup fails.
    const before = await runJob(t, operator.headers, {
      type: 'config_backup',
      targets: { deviceIds: [device.id] },
      options: { retries: 0, timeoutSeconds: 5 },
    });
    expect(before.status).toBe('failed');
    const patched = await t.http.inject({
      method: 'PATCH',
      url: `/api/v1/devices/${device.id}`,
      headers: operator.headers,
      payload: { transport: 'telnet' },
    });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(json<{ transport: string }>(patched).transport).toBe('telnet');
    const job = await runJob(t, operator.headers, {
      type: 'config_backup',
      targets: { deviceIds: [device.id] },
    });
    expect(job).toMatchObject({ status: 'success', summary: { changed: 1 } });
    const after = json<{ sshHostKeyFingerprint: string | null; reachability: string }>(
      await t.http.inject({ method: 'GET', url: `/api/v1/devices/${device.id}`, headers: operator.headers }),
    );
    expect(after).toMatchObject({ sshHostKeyFingerprint: null, reachability: 'reachable' });
    const csv = await t.http.inject({
      method: 'GET',
      url: '/api/v1/devices/export',
      headers: operator.headers,
    });
    const [header, row] = csv.body.trim().split('\n');
    const col = header!.split(',').indexOf('transport');
    expect(col).toBeGreaterThan(-1);
    expect(row!.split(',')[col]).toBe('telnet');
  });

  it('refuses a transport it does not know, naming the field', async () => {
    const res = await t.http.inject({
      method: 'PATCH',
      url: `/api/v1/devices/${inv.devices[0]!.id}`,
      headers: operator.headers,
      payload: { transport: 'rlogin' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('transport');
  });
});
