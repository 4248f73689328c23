/**
 * The worker's slots: a device is contacted only when a slot is free, shows running only then, and
 * a device loaded ahead of its slot stays cancelled when its job is.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, type TestApp, testApp } from '../../../tests/helpers/app.ts';
import { type LabInventory, labInventory, waitForJob } from '../../../tests/helpers/lab.ts';

let t: TestApp;
let inv: LabInventory;
let operator: { headers: { authorization: string } };

beforeAll(async () => {
  // One slot: the worker loads a device ahead of it (half its concurrency, rounded up).
  t = await testApp({ WEBNET_WORKER_CONCURRENCY: '1' });
  const customer = await t.customer();
  operator = await t.user({ role: 'operator', customerIds: [customer.id] });
  inv = await labInventory(t, customer.id, { devices: 3, topology: 'flat', platform: 'cisco_ios' });
}, 60_000);
afterAll(async () => {
  await t?.stop();
  await inv?.lab.stop();
});

type DeviceRow = { hostname: string; status: string; attempts: number };
const devicesOf = async (id: string) =>
  json<{ items: DeviceRow[] }>(
    await t.http.inject({ method: 'GET', url: `/api/v1/jobs/${id}/devices`, headers: operator.headers }),
  ).items;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function startBackup(options: { concurrency: number; timeoutSeconds: number; retries: number }) {
  const res = await t.http.inject({
    method: 'POST',
    url: '/api/v1/jobs',
    headers: operator.headers,
    payload: { type: 'config_backup', targets: { deviceIds: inv.devices.map((d) => d.id) }, options },
  });
  expect(res.statusCode).toBe(202);
  return res.json().id as string;
}

describe('worker slots', () => {
  it('backs up every device one after another through a single slot', async () => {
    const id = await startBackup({ concurrency: 10, timeoutSeconds: 30, retries: 0 });
    const job = await waitForJob(t, operator.headers, id);
    expect(job).toMatchObject({ status: 'success', done: 3, succeeded: 3 });
    expect((await devicesOf(id)).map((d) => [d.status, d.attempts])).toEqual([
      ['success', 1],
      ['success', 1],
      ['success', 1],
    ]);
  }, 60_000);

  it('shows running only the device in the slot; a cancel leaves the waiting ones cancelled, never started', async () => {
    for (const d of inv.devices) await inv.lab.setFaults(d.hostname, { hangAfterLogin: true });
    try {
      // The job allows all three at once; the worker's one slot is what holds them back.
      const id = await startBackup({ concurrency: 3, timeoutSeconds: 300, retries: 0 });
      for (let i = 0; i < 200 && !(await devicesOf(id)).some((d) => d.status === 'running'); i++)
        await sleep(50);
      // Time for the worker to load a device ahead (its idle poll and the job's concurrency tier
      // take up to a second each to come round) and to mark it running, were it wrongly so.
      await sleep(3000);
      const waiting = (await devicesOf(id)).map((d) => d.status).sort();
      expect(waiting).toEqual(['queued', 'queued', 'running']);

      const cancel = await t.http.inject({
        method: 'POST',
        url: `/api/v1/jobs/${id}/cancel`,
        headers: operator.headers,
      });
      expect(cancel.statusCode).toBe(200);
      const started = Date.now();
      while ((await devicesOf(id)).some((d) => d.status === 'running')) {
        expect(Date.now() - started).toBeLessThan(10_000);
        await sleep(50);
      }
      // Give a device that was loaded ahead the time to (wrongly) start before looking again.
      await sleep(500);
      const ended = (await devicesOf(id)).map((d) => [d.status, d.attempts]).sort();
      expect(ended).toEqual([
        ['cancelled', 0],
        ['cancelled', 0],
        ['cancelled', 1],
      ]);
      expect(await waitForJob(t, operator.headers, id)).toMatchObject({
        status: 'cancelled',
        done: 3,
        cancelled: 3,
      });
    } finally {
      for (const d of inv.devices) await inv.lab.setFaults(d.hostname, {});
    }
  }, 60_000);
});
