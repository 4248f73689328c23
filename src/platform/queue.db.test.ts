/**
 * The queue on PGlite and PostgreSQL: tasks are inserted without pg-boss's per-task foreign key
 * checks (a third of a 10,000-device job's creation went to them at its commit), and the queue
 * works as before: tasks inserted inside a transaction of ours are fetched and completed, and a
 * second start (a restart, another worker) has nothing left to drop.
 */
import { sql } from 'drizzle-orm';
import { fromDrizzle } from 'pg-boss';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { testDatabase } from '../../tests/helpers/db.ts';
import { type Database, queryRows } from './db/client.ts';
import { createLogger } from './logger.ts';
import { type Queue, startQueue } from './queue.ts';

let database: Database;
const queues: Queue[] = [];
beforeAll(async () => {
  database = await testDatabase();
});
afterAll(async () => {
  for (const q of queues) await q.stop({ graceful: false, close: true }).catch(() => undefined);
  await database?.close();
});

const start = async () => {
  const queue = await startQueue(database, createLogger('silent'), { queues: ['probe-dead', 'probe'] });
  queues.push(queue);
  return queue;
};

const perTaskKeys = async () =>
  queryRows<{ name: string }>(
    database.db,
    sql`select conname as name from pg_constraint
        where connamespace = 'pgboss'::regnamespace and contype = 'f' and conname in ('q_fkey', 'dlq_fkey')`,
  );

it('inserts tasks with no per-task key to check, and runs them', async () => {
  const queue = await start();
  expect(await perTaskKeys()).toEqual([]);

  const ids = [crypto.randomUUID(), crypto.randomUUID()];
  await database.db.transaction(async (tx) => {
    await queue.insert(
      'probe',
      ids.map((id, n) => ({ id, data: { n }, deadLetter: 'probe-dead' })),
      { db: fromDrizzle(tx as unknown as Parameters<typeof fromDrizzle>[0], sql) },
    );
  });
  const fetched = await queue.fetch<{ n: number }>('probe', { batchSize: 10 });
  expect(fetched.map((t) => t.id).sort()).toEqual([...ids].sort());
  await queue.complete(
    'probe',
    fetched.map((t) => t.id),
  );
  expect(await queue.fetch('probe', { batchSize: 10 })).toEqual([]);

  // A second start finds the keys gone and works the same.
  const again = await start();
  expect(await perTaskKeys()).toEqual([]);
  await again.send('probe', { n: 3 });
  const [next] = await again.fetch<{ n: number }>('probe', { batchSize: 10 });
  expect(next?.data).toEqual({ n: 3 });
});
