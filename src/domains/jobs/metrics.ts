/** What jobs do, for Prometheus: counts by job type, outcome and failure category; no tenant data. */
import { sql } from 'drizzle-orm';
import { type Db, queryRows } from '../../platform/db/client.ts';
import { counter, gauge, histogram, scrapedGauge } from '../../platform/metrics.ts';

export const deviceResults = counter(
  'webnet_device_results_total',
  'Device results recorded by this process: job type, outcome (success, failed, cancelled) and failure category',
  ['type', 'outcome', 'category'],
);

export const sessionSeconds = histogram(
  'webnet_device_session_seconds',
  'How long a device took in a job (connection, login and work), by job type',
  ['type'],
  [0.25, 0.5, 1, 2, 5, 10, 30, 60, 120, 300],
);

export const jobsFinished = counter(
  'webnet_jobs_finished_total',
  'Jobs that ended in this process, by type and final status',
  ['type', 'status'],
);

export const workerSlots = gauge(
  'webnet_worker_slots',
  'Device sessions this worker holds, and how many it may',
  ['state'],
);

const queued = scrapedGauge(
  'webnet_queue_devices',
  'Devices waiting to start, by job type (every process sees the same queue)',
  ['type'],
);
const oldest = scrapedGauge(
  'webnet_queue_oldest_seconds',
  'Age of the oldest job with a device still waiting, by job type',
  ['type'],
);

/** The queue's depth and age, read from the database when Prometheus asks. */
export function readQueueMetrics(db: Db): void {
  let last: Promise<{ type: string; n: number; age: number }[]> | undefined;
  // Both gauges come from one query per scrape.
  const read = () => {
    last ??= queryRows<{ type: string; n: number; age: number }>(
      db,
      sql`select j.type, count(*)::int as n, extract(epoch from now() - min(j.created_at))::float8 as age
          from job_devices jd join jobs j on j.id = jd.job_id
          where jd.status = 'queued' and j.status in ('queued', 'running')
          group by j.type`,
    ).finally(() =>
      setTimeout(() => {
        last = undefined;
      }, 1000),
    );
    return last;
  };
  queued.read(async () => (await read()).map((r) => ({ labels: { type: r.type }, value: r.n })));
  oldest.read(async () => (await read()).map((r) => ({ labels: { type: r.type }, value: r.age })));
}
