import { sql } from 'drizzle-orm';
import { type Executor, queryRows } from '../../platform/db/client.ts';
import { publishIn } from '../../platform/events.ts';
import type { NotificationEventType } from './table.ts';

/** Wakes the dispatcher: an event waits to be routed. */
export const NOTIFY_TOPIC = 'notifications.wake';

export type NotificationEvent = {
  customerId: string;
  type: Exclude<NotificationEventType, 'test'>;
  /** The device it is about, for rules narrowed by the device filter. */
  deviceId?: string | null;
  /** Ids and names enough to render it later (the dispatcher reads the rest then). */
  payload: Record<string, unknown>;
};

/**
 * Records events in the caller's transaction: they exist exactly when what caused them committed,
 * and the work here is one INSERT, whatever happens to the channels later. An event no enabled rule
 * of its customer asks for is not written at all, so a backup of 10,000 changed configurations at a
 * customer with no rules adds one statement that inserts nothing.
 */
export async function notify(exec: Executor, events: NotificationEvent[]): Promise<void> {
  if (events.length === 0) return;
  const [row] = await queryRows<{ n: number }>(
    exec,
    sql`with ins as (
          insert into notification_events (customer_id, type, device_id, payload)
          select x.customer_id, x.type, x.device_id, x.payload
          from json_to_recordset(${JSON.stringify(
            events.map((e) => ({
              customer_id: e.customerId,
              type: e.type,
              device_id: e.deviceId ?? null,
              payload: e.payload,
            })),
          )}::json) as x(customer_id uuid, type text, device_id uuid, payload jsonb)
          where exists (select 1 from notification_rules r
                        where r.customer_id = x.customer_id and r.enabled and x.type = any(r.events))
          returning 1)
        select count(*)::int as n from ins`,
  );
  if (row && row.n > 0) await publishIn(exec, { topic: NOTIFY_TOPIC });
}
