import { sql } from 'drizzle-orm';
import { type Db, queryRows } from '../../platform/db/client.ts';
import { counter, scrapedGauge } from '../../platform/metrics.ts';

/** Each attempt's outcome, by kind of channel (never which customer's). */
export const deliveryAttempts = counter(
  'webnet_notification_attempts_total',
  'Notification delivery attempts: delivered, retry (failed, tried again later) or failed (given up)',
  ['kind', 'outcome'] as const,
);

const waiting = scrapedGauge(
  'webnet_notifications_waiting',
  'Notification deliveries not yet delivered or given up (pending or being sent)',
);

/** The notification queue's depth, read when Prometheus asks. */
export function readNotificationMetrics(db: Db): void {
  waiting.read(async () => {
    const [row] = await queryRows<{ n: number }>(
      db,
      sql`select count(*)::int as n from notification_deliveries where status in ('pending', 'sending')`,
    );
    return [{ value: row?.n ?? 0 }];
  });
}
