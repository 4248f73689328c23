import { sql } from 'drizzle-orm';
import type { Db } from './client.ts';

/**
 * Sample rows per column target: ANALYZE reads 300 rows per unit of target, so 10 makes a sample
 * of 3,000 rows where the default (100) makes one of 30,000.
 */
const QUICK_TARGET = 10;

/**
 * Refreshes the planner's statistics of tables a bulk write has just changed (`schema.table`
 * names, quoted as given), from a small sample. What the planner was missing after a large job
 * was enqueued is the row count and which values now dominate, which 3,000 rows tell as well as
 * 30,000; the full sample cost every job of 1,000 devices or more its ANALYZE over every task and
 * device row still kept: with 30,000 of each, 550 ms for pg-boss's table and 150 ms for
 * job_devices before the job could be answered, 40 and 15 ms so (psql, three runs each). The
 * statistics stay this coarse until autovacuum analyzes the table again, which on a busy table
 * is minutes away (and PGlite has no autovacuum: the next large job refreshes them again).
 */
export async function refreshStatistics(db: Db, tables: string[]): Promise<void> {
  if (tables.length === 0) return;
  await db.transaction(async (tx) => {
    // `set local`: the setting ends with this transaction, not with the pooled connection.
    await tx.execute(sql.raw(`set local default_statistics_target = ${QUICK_TARGET}`));
    await tx.execute(sql.raw(`analyze ${tables.join(', ')}`));
  });
}
