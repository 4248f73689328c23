/**
 * /readyz: whether this process can do its work now, for a load balancer or Kubernetes. The
 * database answers; every migration this build ships is applied (a process newer than its
 * schema waits for `webnet migrate` rather than failing requests); and, where a worker runs,
 * the queue answers.
 */
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { TASK_QUEUE } from '../domains/jobs/tasks.ts';
import { type Database, MIGRATIONS_DIR, queryRows } from '../platform/db/client.ts';
import type { Queue } from '../platform/queue.ts';

const SHIPPED: number = JSON.parse(fs.readFileSync(path.join(MIGRATIONS_DIR, 'meta/_journal.json'), 'utf8'))
  .entries.length;

export type Readiness = {
  status: 'ready' | 'unavailable';
  database: string;
  checks: { database: string; migrations: string; queue?: string };
};

async function check(what: () => Promise<string>): Promise<string> {
  try {
    return await what();
  } catch (err) {
    return `failed: ${err instanceof Error ? err.message : String(err)}`.slice(0, 300);
  }
}

export async function readiness(database: Database, queue: Queue | undefined): Promise<Readiness> {
  const checks: Readiness['checks'] = {
    database: await check(async () => {
      await database.db.execute(sql`select 1`);
      return 'ok';
    }),
    migrations: await check(async () => {
      const [row] = await queryRows<{ n: number }>(
        database.db,
        sql`select count(*)::int as n from drizzle.__drizzle_migrations`,
      );
      const applied = row?.n ?? 0;
      return applied >= SHIPPED ? 'ok' : `failed: ${applied} of ${SHIPPED} applied; run webnet migrate`;
    }),
  };
  if (queue)
    checks.queue = await check(async () => {
      if (!(await queue.getQueue(TASK_QUEUE))) throw new Error(`no ${TASK_QUEUE} queue`);
      return 'ok';
    });
  const ok = Object.values(checks).every((c) => c === 'ok');
  return { status: ok ? 'ready' : 'unavailable', database: database.kind, checks };
}
