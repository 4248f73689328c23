/**
 * A worker killed with SIGKILL in the middle of a 2,000-device backup: another worker finishes the
 * job, every device is backed up exactly once, and the job ends with the right status and counts.
 */
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, type TestApp, testApp } from '../../../tests/helpers/app.ts';
import { type LabInventory, labInventory, waitForJob } from '../../../tests/helpers/lab.ts';
import { startWorkerProcess, stopProcess } from '../../../tests/helpers/worker-process.ts';
import { queryRows } from '../../platform/db/client.ts';

const SECRET_KEY = `t1:${randomBytes(32).toString('base64')}`;
const DEVICES = 2000;

let t: TestApp;
let inv: LabInventory;
const workers: ChildProcess[] = [];
let operator: { headers: { authorization: string } };

beforeAll(async () => {
  t = await testApp({ WEBNET_SECRET_KEY: SECRET_KEY }, { worker: false });
  const customer = await t.customer();
  operator = await t.user({ role: 'operator', customerIds: [customer.id] });
  inv = await labInventory(t, customer.id, {
    devices: DEVICES,
    topology: 'flat',
    platform: 'cisco_ios',
    configBytes: 2000,
  });
}, 180_000);
afterAll(async () => {
  for (const w of workers) await stopProcess(w, 'SIGKILL');
  await t?.stop();
  await inv?.lab.stop();
});

const env = () => ({
  DATABASE_URL: t.database.url!,
  WEBNET_SECRET_KEY: SECRET_KEY,
  WEBNET_WORKER_CONCURRENCY: '50',
});

describe('a worker killed mid-job', () => {
  it('loses nothing and repeats nothing', async () => {
    const first = await startWorkerProcess(env());
    workers.push(first);
    const res = await t.http.inject({
      method: 'POST',
      url: '/api/v1/jobs',
      headers: operator.headers,
      payload: { type: 'config_backup', targets: { filter: {} }, options: { concurrency: 1000 } },
    });
    expect(res.statusCode).toBe(202);
    const id = json<{ id: string }>(res).id;

    // Kill it once a good part is done and devices are in flight (on a loaded machine the worker
    // can be between two batches at a given moment: wait for one where it holds some).
    const progress = () =>
      queryRows<{ running: number; done: number }>(
        t.database.db,
        sql`select count(*) filter (where status = 'running')::int as running,
                   count(*) filter (where status = 'success')::int as done
            from job_devices where job_id = ${id}`,
      );
    for (;;) {
      const [p] = await progress();
      if (p!.done >= DEVICES / 5 && p!.running > 0) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    await stopProcess(first, 'SIGKILL');
    const atKill = await progress();
    expect(atKill[0]!.done).toBeLessThan(DEVICES);
    // Devices were in the worker's hands when it died: the case this test is about.
    expect(atKill[0]!.running).toBeGreaterThan(0);

    workers.push(await startWorkerProcess(env()));
    const job = await waitForJob(t, operator.headers, id, 150_000);
    expect(job).toMatchObject({
      status: 'success',
      total: DEVICES,
      done: DEVICES,
      succeeded: DEVICES,
      failed: 0,
    });
    expect(job.summary).toEqual({ changed: DEVICES });

    const [counts] = await queryRows<{ snapshots: number; devices: number; retried: number; lines: number }>(
      t.database.db,
      sql`select
            (select count(*)::int from config_snapshots where job_id = ${id}) as snapshots,
            (select count(distinct device_id)::int from config_snapshots where job_id = ${id}) as devices,
            (select count(*)::int from job_devices where job_id = ${id} and attempts > 1) as retried,
            (select count(*)::int from job_logs where job_id = ${id} and level = 'info' and device_id is not null) as lines`,
    );
    // One snapshot and one success line per device: none stored twice, none lost.
    expect(counts).toMatchObject({ snapshots: DEVICES, devices: DEVICES, lines: DEVICES });
    // The devices that were in the dead worker's hands ran again elsewhere.
    expect(counts!.retried).toBeGreaterThan(0);
  }, 200_000);
});
