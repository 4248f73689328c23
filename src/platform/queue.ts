import { sql } from 'drizzle-orm';
import { fromPglite, PgBoss } from 'pg-boss';
import { type Database, type Db, queryRows } from './db/client.ts';
import { refreshStatistics } from './db/statistics.ts';
import type { Logger } from './logger.ts';

export type Queue = PgBoss;

export type QueueOptions = {
  /** Queues to create at start. */
  queues?: string[];
  /** Seconds between maintenance passes (expired and dead workers' tasks are retried then). */
  monitorIntervalSeconds?: number;
};

/**
 * pg-boss on the app's own database: the PGlite adapter in embedded mode (one connection, shared),
 * its own small pool on a server. Its tables live in the `pgboss` schema, beside ours.
 */
export async function startQueue(database: Database, log: Logger, opts: QueueOptions = {}): Promise<Queue> {
  const common = {
    schema: 'pgboss',
    // The monitor fails or retries tasks whose worker stopped sending heartbeats (a crashed worker).
    monitorIntervalSeconds: opts.monitorIntervalSeconds ?? 10,
    superviseIntervalSeconds: opts.monitorIntervalSeconds ?? 10,
    // OpenTelemetry spans are off until someone registers an SDK; no reason to carry trace context.
    openTelemetry: { enabled: false },
  };
  const boss = database.pglite
    ? new PgBoss({ ...common, db: fromPglite(database.pglite), backend: 'pglite' })
    : new PgBoss({
        ...common,
        connectionString: database.url,
        max: 4,
        application_name: 'webnet-queue',
        useListenNotify: true,
      });
  boss.on('error', (err) => log.error({ err }, 'queue error'));
  boss.on('warning', (w) => log.warn({ warning: w }, 'queue warning'));
  await boss.start();
  await dropPerTaskForeignKeys(database.db);
  for (const name of opts.queues ?? []) {
    await boss.createQueue(name);
    // Loads the queue into pg-boss's cache now: an insert inside one of our transactions must not
    // look it up on another connection (on PGlite, the only one, held by that transaction).
    await boss.insert(name, []);
  }
  return boss;
}

/**
 * pg-boss checks two foreign keys on every task it inserts, deferred to the commit: the task's
 * queue and its dead letter queue name a row of its queue table. A 10,000-device job creates
 * 10,000 tasks, so its commit ran 20,000 look-ups: 0.34 of the 0.83 s that creating the job took
 * (measured on PostgreSQL, with and without them), while every worker waited for its tasks. The
 * keys notice a queue deleted after an instance cached its name; webnet's queues are created at
 * start and never deleted, so the keys are dropped once, after pg-boss has made or migrated its
 * tables (again if an upgrade of pg-boss adds them back). Looked up first: the drop locks the
 * table, which must not wait on running workers at every start.
 */
async function dropPerTaskForeignKeys(db: Db): Promise<void> {
  const keys = await queryRows<{ table_name: string; name: string }>(
    db,
    sql`select c.relname as table_name, k.conname as name
        from pg_constraint k join pg_class c on c.oid = k.conrelid
        where k.connamespace = 'pgboss'::regnamespace and k.contype = 'f' and k.conname in ('q_fkey', 'dlq_fkey')`,
  );
  for (const table of new Set(keys.map((k) => k.table_name)))
    await db.execute(
      sql`alter table pgboss.${sql.identifier(table)} drop constraint if exists q_fkey, drop constraint if exists dlq_fkey`,
    );
}

/**
 * Refreshes the planner's statistics of a queue's table. pg-boss fetches the next tasks with
 * ORDER BY … LIMIT over a partial index; with statistics from before a large enqueue the planner
 * expects a few rows, reads every queued task and sorts them instead (220 ms per fetch with
 * 77,000 queued, measured), which made a 100,000-device job run at half speed. Autovacuum would
 * analyze the table eventually, a minute or more later; PGlite never does.
 */
export async function refreshQueueStatistics(db: Db, name: string): Promise<void> {
  // The table is pg-boss's to name (a queue may have its own partition).
  const [queue] = await queryRows<{ table_name: string }>(
    db,
    sql`select table_name from pgboss.queue where name = ${name}`,
  );
  if (queue && /^\w+$/.test(queue.table_name)) await refreshStatistics(db, [`pgboss.${queue.table_name}`]);
}
