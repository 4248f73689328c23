/** A separate worker process serves its own /metrics and /readyz on WEBNET_WORKER_METRICS_PORT. */
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, testApp } from './helpers/app.ts';
import { type LabInventory, labInventory, runJob } from './helpers/lab.ts';
import { freePort } from './helpers/net.ts';
import { startWorkerProcess, stopProcess } from './helpers/worker-process.ts';

const SECRET_KEY = `t1:${randomBytes(32).toString('base64')}`;
let t: TestApp;
let worker: ChildProcess | undefined;
let inv: LabInventory;
let base = '';

beforeAll(async () => {
  // The web process runs no worker: every device below is the separate worker's.
  t = await testApp({ WEBNET_SECRET_KEY: SECRET_KEY }, { worker: false });
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  worker = await startWorkerProcess({
    DATABASE_URL: t.database.url!,
    WEBNET_SECRET_KEY: SECRET_KEY,
    WEBNET_WORKER_CONCURRENCY: '7',
    WEBNET_WORKER_METRICS_PORT: String(port),
    HOST: '127.0.0.1',
  });
  const customer = await t.customer();
  inv = await labInventory(t, customer.id, { devices: 2, topology: 'flat', platform: 'cisco_ios' });
}, 60_000);
afterAll(async () => {
  await stopProcess(worker);
  await t?.stop();
  await inv?.lab.stop();
});

describe('a worker process', () => {
  it('is ready when its database, migrations and queue answer', async () => {
    const res = await fetch(`${base}/readyz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      status: 'ready',
      checks: { database: 'ok', migrations: 'ok', queue: 'ok' },
    });
  });

  it('exports the metrics of the work it did, not the web process’s', async () => {
    const op = await t.user({ role: 'operator', allCustomers: true });
    const job = await runJob(t, op.headers, { type: 'config_backup', targets: { filter: {} } });
    expect(job.status).toBe('success');
    const body = await (await fetch(`${base}/metrics`)).text();
    expect(body).toMatch(/^webnet_worker_slots\{state="capacity"\} 7$/m);
    expect(body).toMatch(
      /^webnet_device_results_total\{type="config_backup",outcome="success",category=""\} 2$/m,
    );
    // It serves no API: no request of the web process is counted here.
    expect(body).not.toContain('route="/api/v1/jobs"');
  }, 60_000);
});
