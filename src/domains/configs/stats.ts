import { and, eq, type SQL, sql } from 'drizzle-orm';
import { type Executor, queryRows } from '../../platform/db/client.ts';
import { type Actor, customerScope } from '../../platform/tenancy.ts';
import { hostnamesOf } from '../devices/service.ts';
import { configLatest, configSnapshots } from './table.ts';

const HOUR = 3600_000;

function scoped(
  actor: Actor,
  column: typeof configLatest.customerId | typeof configSnapshots.customerId,
  customerId?: string,
): SQL {
  return and(customerScope(actor, column), customerId ? eq(column, customerId) : undefined)!;
}

/** How fresh the actor's backups are: devices a backup looked at in the last 24 h, and before. */
export async function backupFreshness(
  exec: Executor,
  actor: Actor,
  customerId: string | undefined,
  now: Date,
) {
  const since = new Date(now.getTime() - 24 * HOUR);
  const [row] = await queryRows<{ backed_up: number; within_24h: number }>(
    exec,
    sql`select count(*)::int as backed_up,
               (count(*) filter (where ${configLatest.checkedAt} >= ${since.toISOString()}))::int as within_24h
        from ${configLatest} where ${scoped(actor, configLatest.customerId, customerId)}`,
  );
  return { backedUp: Number(row?.backed_up ?? 0), within24h: Number(row?.within_24h ?? 0) };
}

/**
 * Configuration changes in the 24 hours before `now`, per hour, and the latest few. A device's first
 * snapshot is not a change: only a snapshot with an earlier one of the same device counts.
 */
export async function recentChanges(exec: Executor, actor: Actor, customerId: string | undefined, now: Date) {
  const since = new Date(now.getTime() - 24 * HOUR);
  const s = configSnapshots;
  const where = sql`${scoped(actor, s.customerId, customerId)} and ${s.createdAt} >= ${since.toISOString()}
    and exists (select 1 from ${s} p where p.device_id = ${s.deviceId} and p.created_at < ${s.createdAt})`;
  const changes = await queryRows<{ id: string; device_id: string; created_at: string | Date }>(
    exec,
    sql`select ${s.id} as id, ${s.deviceId} as device_id, ${s.createdAt} as created_at from ${s}
        where ${where} order by ${s.createdAt} desc`,
  );
  const byHour = Array.from({ length: 24 }, (_, i) => ({
    hour: new Date(Math.floor((now.getTime() - (23 - i) * HOUR) / HOUR) * HOUR).toISOString(),
    count: 0,
  }));
  const first = new Date(byHour[0]!.hour).getTime();
  for (const c of changes) {
    const slot = Math.floor((new Date(c.created_at).getTime() - first) / HOUR);
    if (slot >= 0 && slot < 24) byHour[slot]!.count++;
  }
  const latest = changes.slice(0, 10);
  const hostnames = await hostnamesOf(
    exec,
    latest.map((c) => c.device_id),
  );
  return {
    total: changes.length,
    byHour,
    latest: latest.map((c) => ({
      snapshotId: c.id,
      deviceId: c.device_id,
      hostname: hostnames.get(c.device_id) ?? '',
      createdAt: new Date(c.created_at),
    })),
  };
}
