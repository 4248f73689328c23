/**
 * The result writer on a job larger than one write (100 results): its devices' results are stored
 * over several transactions, each adding to the job's counts, and only the last ends the job. A
 * job of a few devices, as the other tests run, is stored in one write and would not show a count
 * lost or doubled between writes, or a job ended early.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, type TestApp, testApp } from '../../../tests/helpers/app.ts';
import { type LabInventory, labInventory, runJob } from '../../../tests/helpers/lab.ts';
import { inUuids, queryRows } from '../../platform/db/client.ts';

const DEVICES = 240;

let t: TestApp;
let inv: LabInventory;
let operator: { headers: { authorization: string } };

beforeAll(async () => {
  t = await testApp({ WEBNET_WORKER_CONCURRENCY: '100' });
  const customer = await t.customer();
  operator = await t.user({ role: 'operator', customerIds: [customer.id] });
  inv = await labInventory(t, customer.id, { devices: DEVICES, topology: 'flat', platform: 'cisco_ios' });
}, 120_000);
afterAll(async () => {
  await t?.stop();
  await inv?.lab.stop();
});

type Log = { id: number; deviceId: string | null; message: string };

async function logsOf(id: string): Promise<Log[]> {
  const lines: Log[] = [];
  for (let after = 0; ; ) {
    const page = json<Log[]>(
      await t.http.inject({
        method: 'GET',
        url: `/api/v1/jobs/${id}/logs?after=${after}`,
        headers: operator.headers,
      }),
    );
    lines.push(...page);
    if (page.length === 0) return lines;
    after = page.at(-1)!.id;
  }
}

describe('result writer', () => {
  it('records each device of a job stored over several writes once, and ends the job once', async () => {
    const job = await runJob(t, operator.headers, {
      type: 'config_backup',
      targets: { deviceIds: inv.devices.map((d) => d.id) },
      options: { concurrency: 100, timeoutSeconds: 60, retries: 0 },
    });
    expect(job).toMatchObject({
      status: 'success',
      total: DEVICES,
      done: DEVICES,
      succeeded: DEVICES,
      failed: 0,
    });
    const devices = json<{ items: { deviceId: string; status: string; attempts: number }[] }>(
      await t.http.inject({
        method: 'GET',
        url: `/api/v1/jobs/${job.id}/devices?pageSize=500`,
        headers: operator.headers,
      }),
    ).items;
    expect(devices).toHaveLength(DEVICES);
    expect(devices.every((d) => d.status === 'success' && d.attempts === 1)).toBe(true);
    // One line per device and one end of the job: no write counted twice or lost.
    const logs = await logsOf(job.id);
    const perDevice = logs.filter((l) => l.deviceId !== null);
    expect(new Set(perDevice.map((l) => l.deviceId)).size).toBe(DEVICES);
    expect(perDevice).toHaveLength(DEVICES);
    expect(logs.filter((l) => l.message.startsWith('job success'))).toHaveLength(1);
    // Each device's configuration stored once.
    const snapshots = await queryRows<{ device_id: string; n: number }>(
      t.database.db,
      sql`select device_id, count(*)::int as n from config_snapshots
          where ${inUuids(
            sql`device_id`,
            inv.devices.map((d) => d.id),
          )} group by device_id`,
    );
    expect(snapshots).toHaveLength(DEVICES);
    expect(snapshots.every((s) => s.n === 1)).toBe(true);
  }, 120_000);
});
