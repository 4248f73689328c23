import { and, asc, eq, type SQL } from 'drizzle-orm';
import type { Db, Executor } from '../../platform/db/client.ts';
import { paginate } from '../../platform/db/paging.ts';
import { badRequest, notFound } from '../../platform/errors.ts';
import { type Actor, customerScope, requireRole } from '../../platform/tenancy.ts';
import { recordAudit } from '../audit/service.ts';
import { requireCustomer } from '../customers/service.ts';
import type { RuleCreate, RuleUpdate } from './schemas.ts';
import { notificationChannels, notificationRules } from './table.ts';

export async function listRules(
  db: Db,
  actor: Actor,
  q: { customerId?: string | undefined; channelId?: string | undefined; page: number; pageSize: number },
) {
  const where: SQL[] = [customerScope(actor, notificationRules.customerId)];
  if (q.customerId) where.push(eq(notificationRules.customerId, q.customerId));
  if (q.channelId) where.push(eq(notificationRules.channelId, q.channelId));
  const cond = and(...where);
  return paginate(db, notificationRules, cond, q, (limit, offset) =>
    db
      .select()
      .from(notificationRules)
      .where(cond)
      .orderBy(asc(notificationRules.name))
      .limit(limit)
      .offset(offset),
  );
}

export async function getRule(exec: Executor, actor: Actor, id: string) {
  const [row] = await exec
    .select()
    .from(notificationRules)
    .where(and(eq(notificationRules.id, id), customerScope(actor, notificationRules.customerId)));
  if (!row) throw notFound('notification rule');
  return row;
}

/** A rule sends to a channel of its own customer only. */
async function assertChannelOf(exec: Executor, channelId: string, customerId: string) {
  const [row] = await exec
    .select({ id: notificationChannels.id })
    .from(notificationChannels)
    .where(and(eq(notificationChannels.id, channelId), eq(notificationChannels.customerId, customerId)));
  if (!row)
    throw badRequest('no such channel in this customer', [
      { field: 'channelId', message: 'no such channel in this customer' },
    ]);
}

export async function createRule(db: Db, actor: Actor, input: RuleCreate) {
  requireRole(actor, 'admin');
  return db.transaction(async (tx) => {
    await requireCustomer(tx, actor, input.customerId);
    await assertChannelOf(tx, input.channelId, input.customerId);
    const [row] = await tx.insert(notificationRules).values(input).returning();
    await recordAudit(tx, actor, {
      action: 'notification_rule.create',
      customerId: input.customerId,
      targetType: 'notification_rule',
      targetId: row!.id,
      targetName: input.name,
      details: { events: input.events },
    });
    return row!;
  });
}

export async function updateRule(db: Db, actor: Actor, id: string, patch: RuleUpdate) {
  requireRole(actor, 'admin');
  return db.transaction(async (tx) => {
    const before = await getRule(tx, actor, id);
    if (patch.channelId) await assertChannelOf(tx, patch.channelId, before.customerId);
    const [row] = await tx
      .update(notificationRules)
      .set({ ...patch, updatedAt: new Date() })
      .where(eq(notificationRules.id, id))
      .returning();
    await recordAudit(tx, actor, {
      action: 'notification_rule.update',
      customerId: before.customerId,
      targetType: 'notification_rule',
      targetId: id,
      targetName: row!.name,
      details: { changed: Object.keys(patch) },
    });
    return row!;
  });
}

export async function deleteRule(db: Db, actor: Actor, id: string) {
  requireRole(actor, 'admin');
  await db.transaction(async (tx) => {
    const row = await getRule(tx, actor, id);
    await tx.delete(notificationRules).where(eq(notificationRules.id, id));
    await recordAudit(tx, actor, {
      action: 'notification_rule.delete',
      customerId: row.customerId,
      targetType: 'notification_rule',
      targetId: id,
      targetName: row.name,
    });
  });
}
