/**
 * Counts a policy's standing for the day a moment after its verdicts moved, once however many
 * batches moved it. A count reads every result of the policy; counted by each batch that moved
 * it, a fleet-wide change (or a fleet's first backup under a new policy) would recount a
 * 100,000-device policy once per batch of 50 devices, 2,000 times. The batches leave a row in
 * compliance_day_pending in their own transaction (countDayLater, results.ts), so a count is never
 * lost to a crash: a worker takes the rows and counts their policies in one transaction, a couple
 * of seconds later.
 */
import { sql } from 'drizzle-orm';
import { type Db, inUuids, queryRows } from '../../platform/db/client.ts';
import type { Logger } from '../../platform/logger.ts';
import { recordDay } from './results.ts';

/** Counts every policy asked for so far; returns how many. */
export async function countPendingDays(db: Db): Promise<number> {
  return db.transaction(async (tx) => {
    // The policies first (key share, as the day's row references them), then their rows: a policy
    // being deleted is waited for here, holding nothing its delete's cascade to these rows would
    // wait on (taken the other way round, the two deadlock and one of them fails).
    const policies = (
      await queryRows<{ id: string }>(
        tx,
        sql`select id from compliance_policies
            where id in (select policy_id from compliance_day_pending)
            order by id for key share`,
      )
    ).map((p) => p.id);
    if (policies.length === 0) return 0;
    // Rows another worker is taking are skipped: it counts them.
    const taken = await queryRows<{ policy_id: string }>(
      tx,
      sql`delete from compliance_day_pending where id in (
            select id from compliance_day_pending where ${inUuids(sql.raw('policy_id'), policies)}
            for update skip locked)
          returning policy_id`,
    );
    const counted = [...new Set(taken.map((r) => r.policy_id))];
    await recordDay(tx, counted);
    return counted.length;
  });
}

/** The worker's loop over countPendingDays. */
export class DayCounter {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;
  private readonly db: Db;
  private readonly log: Logger;

  constructor(db: Db, log: Logger) {
    this.db = db;
    this.log = log;
  }

  start(everyMs = 2000): void {
    this.timer = setInterval(() => {
      if (this.running) return;
      this.running = countPendingDays(this.db)
        .catch((err) => this.log.warn({ err }, 'counting compliance standings failed; it will try again'))
        .finally(() => {
          this.running = undefined;
        });
    }, everyMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }
}
