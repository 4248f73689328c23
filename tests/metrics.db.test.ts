/** GET /metrics moves with real work, names no tenant, and wants its token when one is set; /readyz. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, testApp } from './helpers/app.ts';
import { type LabInventory, labInventory, runJob } from './helpers/lab.ts';

let t: TestApp;
let inv: LabInventory;
let operator: { headers: { authorization: string } };
let customerName = '';

const scrape = async (app: TestApp = t, headers: Record<string, string> = {}) =>
  app.http.inject({ method: 'GET', url: '/metrics', headers });

/** The value of one series (0 when it is not there yet). */
function value(body: string, series: string): number {
  const line = body.split('\n').find((l) => l.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : 0;
}

beforeAll(async () => {
  t = await testApp();
  const customer = await t.customer();
  customerName = customer.name;
  operator = await t.user({ role: 'operator', customerIds: [customer.id] });
  inv = await labInventory(t, customer.id, { devices: 3, topology: 'flat', platform: 'cisco_ios' });
}, 60_000);
afterAll(async () => {
  await t?.stop();
  await inv?.lab.stop();
});

describe('metrics', () => {
  it('count device outcomes by category, sessions, jobs and requests as a backup runs', async () => {
    const before = (await scrape()).body;
    await inv.lab.setFaults(inv.devices[0]!.hostname, { wrongPassword: true });
    try {
      const job = await runJob(t, operator.headers, { type: 'config_backup', targets: { filter: {} } });
      expect(job).toMatchObject({ status: 'partial', succeeded: 2, failed: 1 });
    } finally {
      await inv.lab.setFaults(inv.devices[0]!.hostname, {});
    }
    const res = await scrape();
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/plain');
    const after = res.body;
    const delta = (series: string) => value(after, series) - value(before, series);
    expect(delta('webnet_device_results_total{type="config_backup",outcome="success",category=""}')).toBe(2);
    expect(delta('webnet_device_results_total{type="config_backup",outcome="failed",category="auth"}')).toBe(
      1,
    );
    expect(delta('webnet_device_session_seconds_count{type="config_backup"}')).toBe(3);
    expect(delta('webnet_jobs_finished_total{type="config_backup",status="partial"}')).toBe(1);
    expect(
      delta('webnet_http_request_duration_seconds_count{method="POST",route="/api/v1/jobs",status="202"}'),
    ).toBe(1);
    // Routes by pattern: a job's id never becomes a label.
    expect(after).toContain('route="/api/v1/jobs/:id"');
    expect(value(after, 'webnet_worker_slots{state="capacity"}')).toBeGreaterThan(0);
    expect(after).toMatch(/^webnet_search_index_lag_devices \d+$/m);
    expect(after).toMatch(/^nodejs_eventloop_lag_p99_seconds [\d.e-]+$/m);
    // Nothing of a customer's: no names, host names or addresses.
    expect(after).not.toContain(customerName);
    for (const d of inv.devices) expect(after).not.toContain(d.hostname);
  }, 60_000);

  it('count the devices waiting in the queue, and how old the oldest job is', async () => {
    // A webnet without a worker: its job's devices wait, as they would behind a busy worker.
    const quiet = await testApp({}, { worker: false });
    try {
      const customer = await quiet.customer();
      const op = await quiet.user({ role: 'operator', customerIds: [customer.id] });
      const lab = await labInventory(quiet, customer.id, {
        devices: 2,
        topology: 'flat',
        platform: 'cisco_ios',
      });
      try {
        const res = await quiet.http.inject({
          method: 'POST',
          url: '/api/v1/jobs',
          headers: op.headers,
          payload: { type: 'config_backup', targets: { filter: {} } },
        });
        expect(res.statusCode).toBe(202);
        const body = (await scrape(quiet)).body;
        expect(value(body, 'webnet_queue_devices{type="config_backup"}')).toBe(2);
        expect(value(body, 'webnet_queue_oldest_seconds{type="config_backup"}')).toBeGreaterThanOrEqual(0);
        expect(body).toMatch(/^webnet_queue_oldest_seconds\{type="config_backup"\} [\d.e-]+$/m);
        // Cancelled, the job ends: its devices leave the queue and it counts as a finished job.
        const cancel = await quiet.http.inject({
          method: 'POST',
          url: `/api/v1/jobs/${res.json().id}/cancel`,
          headers: op.headers,
        });
        expect(cancel.statusCode, cancel.body).toBe(200);
        await new Promise((r) => setTimeout(r, 1100)); // the queue gauges are read at most once a second
        const after = (await scrape(quiet)).body;
        const finished = 'webnet_jobs_finished_total{type="config_backup",status="cancelled"}';
        expect(value(after, finished) - value(body, finished)).toBe(1);
        expect(value(after, 'webnet_queue_devices{type="config_backup"}')).toBe(0);
      } finally {
        await lab.lab.stop();
      }
    } finally {
      await quiet.stop();
    }
  }, 60_000);

  it('want the bearer token when WEBNET_METRICS_TOKEN is set', async () => {
    const guarded = await testApp({ WEBNET_METRICS_TOKEN: 'a-long-scrape-token-1234' }, { worker: false });
    try {
      expect((await scrape(guarded)).statusCode).toBe(401);
      expect((await scrape(guarded, { authorization: 'Bearer a-long-scrape-token-9999' })).statusCode).toBe(
        401,
      );
      const ok = await scrape(guarded, { authorization: 'Bearer a-long-scrape-token-1234' });
      expect(ok.statusCode).toBe(200);
      expect(ok.body).toContain('webnet_http_request_duration_seconds');
    } finally {
      await guarded.stop();
    }
  });
});

describe('readiness', () => {
  it('checks the database, the migrations and, with a worker, the queue', async () => {
    const res = await t.http.inject({ method: 'GET', url: '/readyz' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      status: 'ready',
      checks: { database: 'ok', migrations: 'ok', queue: 'ok' },
    });
  });
});
