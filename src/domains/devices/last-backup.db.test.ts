/**
 * Each device's last backup, as the device list shows and filters it: a backup job's result
 * (when, success or the failure's category and message) lands on the device; the backup states
 * (failed, never, stale, ok) filter the list, count in the facets and select job targets alike.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, type TestApp, testApp } from '../../../tests/helpers/app.ts';
import { type LabInventory, labInventory, runJob } from '../../../tests/helpers/lab.ts';
import { devices } from './table.ts';

let t: TestApp;
let inv: LabInventory;
let operator: { headers: { authorization: string } };
let viewer: { headers: { authorization: string } };

type Device = {
  id: string;
  hostname: string;
  lastBackupAt: string | null;
  lastBackupResult: string | null;
  lastBackupErrorCategory: string | null;
  lastBackupError: string | null;
  lastBackupJobId: string | null;
  lastBackupOkAt: string | null;
};

const get = async <T>(url: string) => {
  const res = await t.http.inject({ method: 'GET', url, headers: viewer.headers });
  expect(res.statusCode, res.body).toBe(200);
  return json<T>(res);
};
const device = (i: number) => get<Device>(`/api/v1/devices/${inv.devices[i]!.id}`);
const listed = async (backup: string) =>
  (await get<{ items: Device[] }>(`/api/v1/devices?backup=${backup}`)).items.map((d) => d.hostname).sort();
const exported = async (backup: string) => {
  const res = await t.http.inject({
    method: 'GET',
    url: `/api/v1/devices/export?backup=${backup}`,
    headers: viewer.headers,
  });
  const [header = '', ...lines] = res.body.split('\n').filter(Boolean);
  const at = header.split(',').indexOf('hostname');
  return lines.map((line) => line.split(',')[at]!).sort();
};
const lastBackup = (d: Device) =>
  Object.fromEntries(Object.entries(d).filter(([k]) => k.startsWith('lastBackup')));
const host = (i: number) => inv.devices[i]!.hostname;

beforeAll(async () => {
  t = await testApp();
  const customer = await t.customer();
  operator = await t.user({ role: 'operator', customerIds: [customer.id] });
  viewer = await t.user({ role: 'viewer', customerIds: [customer.id] });
  inv = await labInventory(t, customer.id, { devices: 3, topology: 'flat', platform: 'cisco_ios' });
}, 60_000);
afterAll(async () => {
  await t?.stop();
  await inv?.lab.stop();
});

describe("a device's last backup", () => {
  it('is never before any backup; a backup job records each result, the failure with its category and message', async () => {
    expect(await listed('never')).toEqual([host(0), host(1), host(2)]);
    await inv.lab.setFaults(host(0), { wrongPassword: true });
    const job = await runJob(t, operator.headers, {
      type: 'config_backup',
      targets: { filter: {} },
      options: { retries: 0, timeoutSeconds: 20, concurrency: 3 },
    });
    await inv.lab.setFaults(host(0), {});
    const failed = await device(0);
    expect(failed).toMatchObject({
      backupState: 'failed',
      lastBackupResult: 'failed',
      lastBackupErrorCategory: 'auth',
      lastBackupJobId: job.id,
      lastBackupOkAt: null,
    });
    expect(failed.lastBackupError).toMatch(/auth|password|denied|refused/i);
    expect(failed.lastBackupAt).not.toBeNull();
    const ok = await device(1);
    expect(ok).toMatchObject({
      backupState: 'ok',
      lastBackupResult: 'success',
      lastBackupError: null,
      lastBackupJobId: job.id,
    });
    expect(ok.lastBackupOkAt).toBe(ok.lastBackupAt);

    expect(await listed('failed')).toEqual([host(0)]);
    expect(await listed('ok')).toEqual([host(1), host(2)]);
    // A device whose only backup failed is "failed", not "never": the failure is what to act on.
    expect(await listed('never')).toEqual([]);
    expect(await listed('failed,ok')).toEqual([host(0), host(1), host(2)]);
    const facets = await get<{ backup: { value: string; count: number }[] }>('/api/v1/devices/facets');
    expect(facets.backup).toEqual([
      { value: 'ok', count: 2 },
      { value: 'failed', count: 1 },
    ]);
  }, 60_000);

  it('a later success clears the failure; other jobs leave the last backup alone', async () => {
    const before = await device(1);
    await runJob(t, operator.headers, {
      type: 'run_commands',
      targets: { deviceIds: [inv.devices[1]!.id] },
      payload: { commands: ['show version'] },
    });
    expect(lastBackup(await device(1))).toEqual(lastBackup(before));

    const job = await runJob(t, operator.headers, {
      type: 'config_backup',
      targets: { deviceIds: [inv.devices[0]!.id] },
      options: { retries: 0, timeoutSeconds: 20 },
    });
    expect(await device(0)).toMatchObject({
      lastBackupResult: 'success',
      lastBackupErrorCategory: null,
      lastBackupError: null,
      lastBackupJobId: job.id,
    });
    expect(await listed('failed')).toEqual([]);
  }, 60_000);

  it('goes stale a day after its last success, in the list, the facets and an export alike', async () => {
    await t.database.db
      .update(devices)
      .set({ lastBackupOkAt: new Date(Date.now() - 30 * 3600_000) })
      .where(eq(devices.id, inv.devices[2]!.id));
    expect(await listed('stale')).toEqual([host(2)]);
    expect(await device(2)).toMatchObject({ backupState: 'stale', lastBackupResult: 'success' });
    expect(await exported('stale')).toEqual([host(2)]);
    expect(await exported('ok')).toEqual([host(0), host(1)]);
    const facets = await get<{ backup: { value: string; count: number }[] }>(
      '/api/v1/devices/facets?backup=ok',
    );
    // Counted under the other fields' filters, as every one-value field is.
    expect(facets.backup).toEqual([
      { value: 'ok', count: 2 },
      { value: 'stale', count: 1 },
    ]);
  });

  it('names the field when a state is not one of the four', async () => {
    const res = await t.http.inject({
      method: 'GET',
      url: '/api/v1/devices?backup=broken',
      headers: viewer.headers,
    });
    expect(res.statusCode).toBe(400);
    expect(res.body).toMatch(/backup/);
  });
});
