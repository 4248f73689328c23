import { and, desc, eq, gte, like, lt, type SQL, sql } from 'drizzle-orm';
import type { Executor } from '../../platform/db/client.ts';
import { paginate, prefixPattern } from '../../platform/db/paging.ts';
import { type Actor, customerScope, requireRole } from '../../platform/tenancy.ts';
import { auditEvents } from './table.ts';

export type AuditInput = {
  action: string;
  customerId?: string | null;
  targetType: string;
  targetId?: string | null;
  targetName?: string | null;
  details?: Record<string, unknown>;
};

/** Record inside the caller's transaction so the trail and the change commit together. */
export async function recordAudit(exec: Executor, actor: Actor, event: AuditInput): Promise<void> {
  await exec.insert(auditEvents).values({
    actorUserId: actor.via === 'system' ? null : actor.userId,
    actorName: actor.username,
    customerId: event.customerId ?? null,
    action: event.action,
    targetType: event.targetType,
    targetId: event.targetId ?? null,
    targetName: event.targetName ?? null,
    details: event.details ?? {},
    ip: actor.ip ?? null,
    userAgent: actor.userAgent?.slice(0, 300) ?? null,
  });
}

export type AuditQuery = {
  customerId?: string | undefined;
  action?: string | undefined;
  actor?: string | undefined;
  since?: Date | undefined;
  before?: Date | undefined;
  page: number;
  pageSize: number;
};

export async function listAudit(exec: Executor, actor: Actor, q: AuditQuery) {
  requireRole(actor, 'admin');
  // Events that belong to no customer (users, logins) are visible to global admins only.
  const scope = actor.allCustomers ? sql`true` : customerScope(actor, auditEvents.customerId);
  const where: SQL[] = [scope];
  if (q.customerId) where.push(eq(auditEvents.customerId, q.customerId));
  if (q.action) where.push(like(auditEvents.action, prefixPattern(q.action)));
  if (q.actor) where.push(eq(auditEvents.actorName, q.actor));
  if (q.since) where.push(gte(auditEvents.at, q.since));
  if (q.before) where.push(lt(auditEvents.at, q.before));
  const cond = and(...where);
  return paginate(exec, auditEvents, cond, q, (limit, offset) =>
    exec
      .select()
      .from(auditEvents)
      .where(cond)
      .orderBy(desc(auditEvents.at), desc(auditEvents.id))
      .limit(limit)
      .offset(offset),
  );
}
