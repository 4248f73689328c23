import { gunzipSync } from 'node:zlib';
import { and, desc, eq, getTableColumns, ilike, isNull, lt, or, type SQL, sql } from 'drizzle-orm';
import type { Db, Executor } from '../../platform/db/client.ts';
import { paginate, prefixPattern } from '../../platform/db/paging.ts';
import { notFound } from '../../platform/errors.ts';
import { type Actor, customerScope, requireRole } from '../../platform/tenancy.ts';
import { recordAudit } from '../audit/service.ts';
import { customers } from '../customers/table.ts';
import { terminalSessions } from './table.ts';

/** A session not renewed for this long belongs to a process that died: it no longer counts. */
const ALIVE_WINDOW = '90 seconds';
export const HEARTBEAT_MS = 30_000;

export type Limits = { maxPerUser: number; maxPerCustomer: number };

const { recording: _recording, aliveAt: _aliveAt, ...listed } = getTableColumns(terminalSessions);

/** Whether the customer's terminals record keystrokes as well as output. */
export async function recordsInput(db: Executor, customerId: string): Promise<boolean> {
  const [row] = await db
    .select({ on: customers.terminalRecordsInput })
    .from(customers)
    .where(eq(customers.id, customerId));
  return row?.on ?? false;
}

/**
 * Records a terminal session as open, or refuses it over the limits: the row is written first
 * and the open ones counted after, so two sessions opened at once cannot both slip under.
 */
export async function openSession(
  db: Db,
  actor: Actor,
  device: { id: string; customerId: string; hostname: string },
  limits: Limits,
): Promise<{ id: string; recordsInput: boolean } | { refused: string }> {
  const records = await recordsInput(db, device.customerId);
  const [row] = await db
    .insert(terminalSessions)
    .values({
      customerId: device.customerId,
      deviceId: device.id,
      hostname: device.hostname,
      userId: actor.via === 'system' ? null : actor.userId,
      username: actor.username,
      recordsInput: records,
    })
    .returning({ id: terminalSessions.id });
  const open = and(
    isNull(terminalSessions.endedAt),
    sql`${terminalSessions.aliveAt} > now() - ${ALIVE_WINDOW}::interval`,
    sql`${terminalSessions.id} <> ${row!.id}`,
  );
  const userId = actor.via === 'system' ? null : actor.userId;
  const [counts] = await db
    .select({
      user: sql<number>`count(*) filter (where ${terminalSessions.userId} = ${userId}::uuid)::int`,
      customer: sql<number>`count(*) filter (where ${terminalSessions.customerId} = ${device.customerId}::uuid)::int`,
    })
    .from(terminalSessions)
    .where(
      and(
        open,
        or(
          eq(terminalSessions.customerId, device.customerId),
          userId ? eq(terminalSessions.userId, userId) : sql`false`,
        ),
      ),
    );
  const refused =
    counts!.user >= limits.maxPerUser
      ? `you already have ${counts!.user} terminals open; the limit is ${limits.maxPerUser} per user (WEBNET_TERMINAL_MAX_PER_USER)`
      : counts!.customer >= limits.maxPerCustomer
        ? `this customer's devices already have ${counts!.customer} terminals open; the limit is ${limits.maxPerCustomer} (WEBNET_TERMINAL_MAX_PER_CUSTOMER)`
        : undefined;
  if (refused) {
    await db.delete(terminalSessions).where(eq(terminalSessions.id, row!.id));
    return { refused };
  }
  await recordAudit(db, actor, {
    action: 'terminal.open',
    customerId: device.customerId,
    targetType: 'device',
    targetId: device.id,
    targetName: device.hostname,
    details: { sessionId: row!.id, recordsInput: records },
  });
  return { id: row!.id, recordsInput: records };
}

export async function heartbeat(db: Executor, id: string): Promise<void> {
  await db.update(terminalSessions).set({ aliveAt: sql`now()` }).where(eq(terminalSessions.id, id));
}

/** Ends the session with its recording, and says so in the audit trail (who, device, when, size). */
export async function endSession(
  db: Db,
  actor: Actor,
  session: { id: string; customerId: string; deviceId: string; hostname: string; startedAt: Date },
  end: { reason: string; size: number; recording: Buffer },
): Promise<void> {
  const endedAt = new Date();
  await db.transaction(async (tx) => {
    await tx
      .update(terminalSessions)
      .set({
        endedAt,
        endReason: end.reason,
        size: end.size,
        storedSize: end.recording.length,
        recording: end.recording,
      })
      .where(eq(terminalSessions.id, session.id));
    await recordAudit(tx, actor, {
      action: 'terminal.close',
      customerId: session.customerId,
      targetType: 'device',
      targetId: session.deviceId,
      targetName: session.hostname,
      details: {
        sessionId: session.id,
        startedAt: session.startedAt.toISOString(),
        endedAt: endedAt.toISOString(),
        seconds: Math.round((endedAt.getTime() - session.startedAt.getTime()) / 1000),
        size: end.size,
        reason: end.reason,
      },
    });
  });
}

export type SessionQuery = {
  customerId?: string | undefined;
  deviceId?: string | undefined;
  userId?: string | undefined;
  q?: string | undefined;
  page: number;
  pageSize: number;
};

/** Recordings are operators' business: they hold what was typed and shown on a device. */
export async function listSessions(db: Executor, actor: Actor, q: SessionQuery) {
  requireRole(actor, 'operator');
  const where: SQL[] = [customerScope(actor, terminalSessions.customerId)];
  if (q.customerId) where.push(eq(terminalSessions.customerId, q.customerId));
  if (q.deviceId) where.push(eq(terminalSessions.deviceId, q.deviceId));
  if (q.userId) where.push(eq(terminalSessions.userId, q.userId));
  if (q.q) {
    const p = prefixPattern(q.q);
    where.push(or(ilike(terminalSessions.username, p), ilike(terminalSessions.hostname, p))!);
  }
  const cond = and(...where);
  return paginate(db, terminalSessions, cond, q, (limit, offset) =>
    db
      .select(listed)
      .from(terminalSessions)
      .where(cond)
      .orderBy(desc(terminalSessions.startedAt), desc(terminalSessions.id))
      .limit(limit)
      .offset(offset),
  );
}

export async function getSession(db: Executor, actor: Actor, id: string) {
  requireRole(actor, 'operator');
  const [row] = await db
    .select(listed)
    .from(terminalSessions)
    .where(and(eq(terminalSessions.id, id), customerScope(actor, terminalSessions.customerId)));
  if (!row) throw notFound('terminal session');
  return row;
}

/** The recording as asciicast text; a session still open has none yet. */
export async function getRecording(db: Executor, actor: Actor, id: string): Promise<string> {
  requireRole(actor, 'operator');
  const [row] = await db
    .select({ recording: terminalSessions.recording })
    .from(terminalSessions)
    .where(and(eq(terminalSessions.id, id), customerScope(actor, terminalSessions.customerId)));
  if (!row?.recording) throw notFound('recording');
  return gunzipSync(row.recording).toString('utf8');
}

/** Recordings past the retention go; an open session's row stays until it ends. */
export async function pruneRecordings(db: Executor, retentionDays: number): Promise<number> {
  const gone = await db
    .delete(terminalSessions)
    .where(lt(terminalSessions.endedAt, sql`now() - ${`${retentionDays} days`}::interval`))
    .returning({ id: terminalSessions.id });
  return gone.length;
}
