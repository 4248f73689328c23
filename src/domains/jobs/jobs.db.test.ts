import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, type TestApp, testApp } from '../../../tests/helpers/app.ts';
import { type LabInventory, labInventory, runJob } from '../../../tests/helpers/lab.ts';

let t: TestApp;
let inv: LabInventory;
let operator: { headers: { authorization: string } };
let customer: { id: string };

beforeAll(async () => {
  t = await testApp({ WEBNET_WORKER_CONCURRENCY: '20' });
  customer = await t.customer();
  operator = await t.user({ role: 'operator', customerIds: [customer.id] });
  inv = await labInventory(t, customer.id, { devices: 6, topology: 'leaf-spine' });
}, 60_000);
afterAll(async () => {
  await t?.stop();
  await inv?.lab.stop();
});

describe('config_backup', () => {
  it('backs up every device, then finds them unchanged', async () => {
    const first = await runJob(t, operator.headers, { type: 'config_backup', targets: { filter: {} } });
    expect(first).toMatchObject({ status: 'success', total: 6, done: 6, succeeded: 6, failed: 0 });
    expect(first.summary).toEqual({ changed: 6 });
    const second = await runJob(t, operator.headers, { type: 'config_backup', targets: { filter: {} } });
    expect(second).toMatchObject({ status: 'success', succeeded: 6 });
    expect(second.summary).toEqual({ unchanged: 6 });
    const devices = await t.http.inject({
      method: 'GET',
      url: `/api/v1/jobs/${second.id}/devices?output=true`,
      headers: operator.headers,
    });
    expect(devices.statusCode, devices.body).toBe(200);
    const items = json<{ items: { summary: string; status: string; attempts: number }[] }>(devices).items;
    expect(items.map((i) => i.summary)).toEqual(Array(6).fill('unchanged'));
    expect(items.every((i) => i.attempts === 1)).toBe(true);
  });
});
