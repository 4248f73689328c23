/**
 * A worker told to stop (SIGTERM, as an orchestrator does) in the middle of a backup: it takes no
 * new device, lets those in flight finish within WEBNET_SHUTDOWN_GRACE_SECONDS, hands the rest
 * back to the queue and exits; another worker finishes the job. No device is lost, none is
 * stored twice.
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
const DEVICES = 200;

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
    configBytes: 3000,
  });
  // Each backup takes about half a second: devices are in flight when the signal comes.
  for (const d of inv.devices) await inv.lab.setFaults(d.hostname, { slowOutputMs: 80 });
}, 120_000);
afterAll(async () => {
  for (const w of workers) await stopProcess(w, 'SIGKILL');
  await t?.stop();
  await inv?.lab.stop();
});

const env = (grace: string) => ({
  DATABASE_URL: t.database.url!,
  WEBNET_SECRET_KEY: SECRET_KEY,
  WEBNET_WORKER_CONCURRENCY: '40',
  WEBNET_SHUTDOWN_GRACE_SECONDS: grace,
});

describe('a worker stopped with SIGTERM mid-job', () => {
  it('exits within its grace period, and the job loses nothing and stores nothing twice', async () => {
    // A grace shorter than a device's backup: those in flight are handed back, not waited for.
    const first = await startWorkerProcess(env('0.2'));
    workers.push(first);
    const res = await t.http.inject({
      method: 'POST',
      url: '/api/v1/jobs',
      headers: operator.headers,
      payload: { type: 'config_backup', targets: { filter: {} }, options: { concurrency: 1000 } },
    });
    expect(res.statusCode).toBe(202);
    const id = json<{ id: string }>(res).id;
    const progress = async () =>
      (
        await queryRows<{ running: number; done: number }>(
          t.database.db,
          sql`select count(*) filter (where status = 'running')::int as running,
                     count(*) filter (where status = 'success')::int as done
              from job_devices where job_id = ${id}`,
        )
      )[0]!;
    for (;;) {
      const p = await progress();
      if (p.done >= 20 && p.running > 0) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    const signalled = Date.now();
    const exited = new Promise<number | null>((resolve) => first.once('exit', (code) => resolve(code)));
    first.kill('SIGTERM');
    expect(await exited).toBe(0);
    // The grace, the store of the last results and the queue's goodbye: seconds, not the job.
    expect(Date.now() - signalled).toBeLessThan(8000);
    const atExit = await progress();
    expect(atExit.done).toBeLessThan(DEVICES);
    // Nothing is left marked running by a worker that is gone: what it held is back in the queue.
    expect(atExit.running).toBe(0);

    workers.push(await startWorkerProcess(env('20')));
    const job = await waitForJob(t, operator.headers, id, 120_000);
    expect(job).toMatchObject({ status: 'success', total: DEVICES, succeeded: DEVICES, failed: 0 });
    const [counts] = await queryRows<{
      snapshots: number;
      devices: number;
      lines: number;
      handedBack: number;
    }>(
      t.database.db,
      sql`select
            (select count(*)::int from config_snapshots where job_id = ${id}) as snapshots,
            (select count(distinct device_id)::int from config_snapshots where job_id = ${id}) as devices,
            (select count(*)::int from job_logs where job_id = ${id} and level = 'info' and device_id is not null) as lines,
            (select count(*)::int from job_devices where job_id = ${id} and attempts > 1) as "handedBack"`,
    );
    expect(counts).toMatchObject({ snapshots: DEVICES, devices: DEVICES, lines: DEVICES });
    // Devices in flight at the signal were handed back and ran on the other worker.
    expect(counts!.handedBack).toBeGreaterThan(0);
  }, 180_000);
});
