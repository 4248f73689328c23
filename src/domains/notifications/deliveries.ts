import { and, desc, eq, type SQL, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { Db, Executor } from '../../platform/db/client.ts';
import { paginate } from '../../platform/db/paging.ts';
import { badRequest, notFound } from '../../platform/errors.ts';
import { publishIn } from '../../platform/events.ts';
import { type Actor, customerScope, requireRole } from '../../platform/tenancy.ts';
import { NOTIFY_TOPIC } from './outbox.ts';
import type { deliveryListQuery } from './schemas.ts';
import { notificationChannels, notificationDeliveries } from './table.ts';

const columns = {
  id: notificationDeliveries.id,
  customerId: notificationDeliveries.customerId,
  channelId: notificationDeliveries.channelId,
  channelName: notificationChannels.name,
  type: notificationDeliveries.type,
  summary: notificationDeliveries.summary,
  status: notificationDeliveries.status,
  attempts: notificationDeliveries.attempts,
  log: notificationDeliveries.log,
  nextAttemptAt: notificationDeliveries.nextAttemptAt,
  lastStatusCode: notificationDeliveries.lastStatusCode,
  lastError: notificationDeliveries.lastError,
  deliveredAt: notificationDeliveries.deliveredAt,
  createdAt: notificationDeliveries.createdAt,
};

/** The delivery log, newest first. */
export async function listDeliveries(db: Db, actor: Actor, q: z.output<typeof deliveryListQuery>) {
  const where: SQL[] = [customerScope(actor, notificationDeliveries.customerId)];
  if (q.customerId) where.push(eq(notificationDeliveries.customerId, q.customerId));
  if (q.channelId) where.push(eq(notificationDeliveries.channelId, q.channelId));
  if (q.status) where.push(eq(notificationDeliveries.status, q.status));
  const cond = and(...where);
  return paginate(db, notificationDeliveries, cond, q, (limit, offset) =>
    db
      .select(columns)
      .from(notificationDeliveries)
      .innerJoin(notificationChannels, eq(notificationChannels.id, notificationDeliveries.channelId))
      .where(cond)
      .orderBy(desc(notificationDeliveries.createdAt), desc(notificationDeliveries.id))
      .limit(limit)
      .offset(offset),
  );
}

export async function getDelivery(exec: Executor, actor: Actor, id: string) {
  const [row] = await exec
    .select(columns)
    .from(notificationDeliveries)
    .innerJoin(notificationChannels, eq(notificationChannels.id, notificationDeliveries.channelId))
    .where(and(eq(notificationDeliveries.id, id), customerScope(actor, notificationDeliveries.customerId)));
  if (!row) throw notFound('notification delivery');
  return row;
}

/** A failed delivery goes back to the queue, with its attempts from zero (after fixing the receiver). */
export async function retryDelivery(db: Db, actor: Actor, id: string) {
  requireRole(actor, 'operator');
  return db.transaction(async (tx) => {
    const row = await getDelivery(tx, actor, id);
    if (row.status !== 'failed')
      throw badRequest(`only a failed delivery can be retried; this one is ${row.status}`, [
        { field: 'id', message: `is ${row.status}` },
      ]);
    await tx
      .update(notificationDeliveries)
      .set({ status: 'pending', attempts: 0, nextAttemptAt: sql`now()`, claimedUntil: null })
      .where(eq(notificationDeliveries.id, id));
    await publishIn(tx, { topic: NOTIFY_TOPIC });
    return getDelivery(tx, actor, id);
  });
}

/** Notifications older than the jobs kept go with them: the log of what was sent, and the events. */
export async function pruneNotifications(db: Db, days: number): Promise<void> {
  await db.execute(sql`delete from notification_deliveries
    where created_at < now() - make_interval(days => ${days}) and status in ('delivered', 'failed')`);
  await db.execute(sql`delete from notification_events
    where created_at < now() - make_interval(days => ${days}) and routed_at is not null`);
}
