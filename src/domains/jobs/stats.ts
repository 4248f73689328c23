import { and, eq, sql } from 'drizzle-orm';
import { type Executor, queryRows } from '../../platform/db/client.ts';
import { type Actor, customerScope } from '../../platform/tenancy.ts';
import { type JobType, jobDevices, jobs } from './table.ts';

/**
 * Each device's most recent finished attempt of one job type in the last `days` days, counted by
 * outcome: "how many devices' last backup failed" without reading every job.
 */
export async function latestOutcomes(
  exec: Executor,
  actor: Actor,
  type: JobType,
  customerId: string | undefined,
  now: Date,
  days = 7,
): Promise<{ success: number; failed: number }> {
  const since = new Date(now.getTime() - days * 86400_000).toISOString();
  const jd = jobDevices;
  const where = and(
    customerScope(actor, jd.customerId),
    customerId ? eq(jd.customerId, customerId) : undefined,
  );
  const rows = await queryRows<{ status: string; count: number }>(
    exec,
    sql`select status, count(*)::int as count from (
          select distinct on (${jd.deviceId}) ${jd.status} as status from ${jd}
          join ${jobs} j on j.id = ${jd.jobId}
          where ${where} and j.type = ${type} and j.created_at >= ${since}
            and ${jd.status} in ('success', 'failed') and ${jd.finishedAt} is not null
          order by ${jd.deviceId}, ${jd.finishedAt} desc) latest
        group by status`,
  );
  const count = (s: string) => Number(rows.find((r) => r.status === s)?.count ?? 0);
  return { success: count('success'), failed: count('failed') };
}
