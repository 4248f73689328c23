import { fromPglite, PgBoss } from 'pg-boss';
import type { Database } from './db/client.ts';
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
  for (const name of opts.queues ?? []) {
    await boss.createQueue(name);
    // Loads the queue into pg-boss's cache now: an insert inside one of our transactions must not
    // look it up on another connection (on PGlite, the only one, held by that transaction).
    await boss.insert(name, []);
  }
  return boss;
}
