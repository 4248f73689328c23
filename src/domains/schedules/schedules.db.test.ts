import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, type TestApp, testApp } from '../../../tests/helpers/app.ts';
import { type LabInventory, labInventory, waitForJob } from '../../../tests/helpers/lab.ts';
import { queryRows } from '../../platform/db/client.ts';
import { runDueSchedules } from './service.ts';

let t: TestApp;
let inv: LabInventory;
let operator: { headers: { authorization: string } };
let viewer: { headers: { authorization: string } };

const backup = { type: 'reachability', targets: { filter: {} } };

beforeAll(async () => {
  t = await testApp();
  const customer = await t.customer();
  operator = await t.user({ role: 'operator', customerIds: [customer.id] });
  viewer = await t.user({ role: 'viewer', customerIds: [customer.id] });
  inv = await labInventory(t, customer.id, { devices: 2, topology: 'flat', platform: 'cisco_ios' });
}, 60_000);
afterAll(async () => {
  await t?.stop();
  await inv?.lab.stop();
});

type Schedule = {
  id: string;
  enabled: boolean;
  nextRunAt: string | null;
  lastJobId: string | null;
  lastRunAt: string | null;
};

const post = (payload: object, headers = operator.headers) =>
  t.http.inject({ method: 'POST', url: '/api/v1/schedules', headers, payload });
/** Jobs a schedule has started (the app's own scheduler may start one too: it competes like a worker). */
const jobsOf = async (scheduleId: string) =>
  (
    await queryRows<{ id: string }>(t.database.db, sql`select id from jobs where schedule_id = ${scheduleId}`)
  ).map((r) => r.id);
const deps = () => ({ db: t.database.db, queue: t.jobs.queue, events: t.jobs.events });

describe('schedules', () => {
  it('shows the next run of a cron schedule in its time zone', async () => {
    const res = await post({
      name: 'nightly',
      job: backup,
      kind: 'cron',
      cron: '30 2 * * *',
      timezone: 'Europe/Berlin',
    });
    expect(res.statusCode).toBe(201);
    const s = json<Schedule>(res);
    const next = new Date(s.nextRunAt!);
    expect(next.getTime()).toBeGreaterThan(Date.now());
    const berlin = new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Europe/Berlin',
      hour: '2-digit',
      minute: '2-digit',
    });
    expect(berlin.format(next)).toBe('02:30');
  });

  it('rejects bad timing with a 400 naming the field, and viewers with a 403', async () => {
    const cases: [object, string][] = [
      [{ name: 'x', job: backup, kind: 'cron', cron: '99 * * * *' }, 'cron'],
      [{ name: 'x', job: backup, kind: 'cron', cron: '0 3 * * *', timezone: 'Mars/Olympus' }, 'timezone'],
      [{ name: 'x', job: backup, kind: 'interval' }, 'intervalMinutes'],
      [{ name: 'x', job: backup, kind: 'once' }, 'runAt'],
      [
        {
          name: 'x',
          job: { ...backup, targets: { filter: { q: 'nothing-matches' } } },
          kind: 'interval',
          intervalMinutes: 5,
        },
        'job.targets',
      ],
    ];
    for (const [payload, field] of cases) {
      const res = await post(payload);
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(res.json().error.fields.map((f: { field: string }) => f.field)).toContain(field);
    }
    const denied = await post(
      { name: 'x', job: backup, kind: 'interval', intervalMinutes: 5 },
      viewer.headers,
    );
    expect(denied.statusCode).toBe(403);
  });

  it('starts one job per slot even when several workers look at once, then waits for the next slot', async () => {
    const s = json<Schedule>(
      await post({ name: 'every 10', job: backup, kind: 'interval', intervalMinutes: 10 }),
    );
    await t.database.db.execute(
      sql`update schedules set next_run_at = now() - interval '1 minute' where id = ${s.id}`,
    );
    const runs = await Promise.all([
      runDueSchedules(deps()),
      runDueSchedules(deps()),
      runDueSchedules(deps()),
    ]);
    expect(runs.flat().length).toBeLessThanOrEqual(1);
    const started = await jobsOf(s.id);
    expect(started).toHaveLength(1);
    const job = await waitForJob(t, operator.headers, started[0]!);
    expect(job).toMatchObject({ status: 'success', total: 2 });
    const after = json<Schedule>(
      await t.http.inject({ method: 'GET', url: `/api/v1/schedules/${s.id}`, headers: viewer.headers }),
    );
    expect(after.lastJobId).toBe(started[0]);
    expect(new Date(after.nextRunAt!).getTime()).toBeGreaterThan(Date.now());
    expect(await runDueSchedules(deps())).toEqual([]);
    const jobs = await t.http.inject({
      method: 'GET',
      url: `/api/v1/jobs/${started[0]}`,
      headers: viewer.headers,
    });
    expect(jobs.json().scheduleId).toBe(s.id);
  });

  it('runs a one-off once and then disables it; disabled schedules do not run', async () => {
    const once = json<Schedule>(
      await post({
        name: 'once',
        job: backup,
        kind: 'once',
        runAt: new Date(Date.now() + 60_000).toISOString(),
      }),
    );
    const off = json<Schedule>(
      await post({ name: 'off', job: backup, kind: 'interval', intervalMinutes: 5, enabled: false }),
    );
    expect(off.nextRunAt).toBeNull();
    await t.database.db.execute(
      sql`update schedules set next_run_at = now() - interval '1 second', run_at = now() - interval '1 second' where id = ${once.id}`,
    );
    await runDueSchedules(deps());
    expect(await jobsOf(once.id)).toHaveLength(1);
    const after = json<Schedule>(
      await t.http.inject({ method: 'GET', url: `/api/v1/schedules/${once.id}`, headers: viewer.headers }),
    );
    expect(after).toMatchObject({ enabled: false, nextRunAt: null });
    const enable = await t.http.inject({
      method: 'PATCH',
      url: `/api/v1/schedules/${off.id}`,
      headers: operator.headers,
      payload: { enabled: true },
    });
    expect(enable.json().nextRunAt).not.toBeNull();
    const del = await t.http.inject({
      method: 'DELETE',
      url: `/api/v1/schedules/${off.id}`,
      headers: operator.headers,
    });
    expect(del.statusCode).toBe(204);
  });
});
