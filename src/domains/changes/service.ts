import { and, asc, desc, eq, inArray, isNotNull, type SQL } from 'drizzle-orm';
import type { Db, Executor } from '../../platform/db/client.ts';
import { paginate } from '../../platform/db/paging.ts';
import { badRequest, conflict, forbidden, notFound } from '../../platform/errors.ts';
import { type Actor, assertCustomerVisible, customerScope, requireRole } from '../../platform/tenancy.ts';
import { recordAudit } from '../audit/service.ts';
import { configSnapshots } from '../configs/table.ts';
import { requireCustomer } from '../customers/service.ts';
import { customers } from '../customers/table.ts';
import { resolveDevices } from '../devices/service.ts';
import { devices } from '../devices/table.ts';
import type { ChangeCreate, ChangeListQuery, ChangeUpdate } from './schemas.ts';
import { type ChangeStatus, changeApprovals, changeDevices, changes } from './table.ts';
import { parseTemplate } from './template.ts';

export type Change = typeof changes.$inferSelect;

/** A change can be edited, previewed and decided on until it runs. */
export const EDITABLE: readonly ChangeStatus[] = [
  'draft',
  'previewed',
  'awaiting_approval',
  'approved',
  'rejected',
];

export async function getChange(exec: Executor, actor: Actor, id: string): Promise<Change> {
  const [row] = await exec
    .select()
    .from(changes)
    .where(and(eq(changes.id, id), customerScope(actor, changes.customerId)));
  if (!row) throw notFound('change');
  return row;
}

/** The change, locked for a transition. */
export async function lockChange(exec: Executor, actor: Actor, id: string): Promise<Change> {
  const [row] = await exec
    .select()
    .from(changes)
    .where(and(eq(changes.id, id), customerScope(actor, changes.customerId)))
    .for('update');
  if (!row) throw notFound('change');
  return row;
}

export async function listChanges(db: Db, actor: Actor, q: ChangeListQuery) {
  const where: SQL[] = [customerScope(actor, changes.customerId)];
  if (q.status) where.push(inArray(changes.status, q.status));
  if (q.customerId) where.push(eq(changes.customerId, q.customerId));
  const cond = and(...where);
  return paginate(db, changes, cond, q, (limit, offset) =>
    db.select().from(changes).where(cond).orderBy(desc(changes.createdAt)).limit(limit).offset(offset),
  );
}

function checkTemplate(template: string): void {
  const parsed = parseTemplate(template);
  if (parsed.error)
    throw badRequest(`the template does not parse: ${parsed.error}`, [
      { field: 'template', message: parsed.error },
    ]);
}

/** The targets, narrowed to the change's customer: a change never reaches another customer. */
export async function targetDevices(
  exec: Executor,
  actor: Actor,
  change: Pick<Change, 'customerId' | 'targets'>,
) {
  const filter = { ...(change.targets.filter ?? {}), customerId: [change.customerId] };
  return resolveDevices(exec, actor, { ids: change.targets.deviceIds, filter });
}

async function requireTargets(exec: Executor, actor: Actor, change: Pick<Change, 'customerId' | 'targets'>) {
  const found = await targetDevices(exec, actor, change);
  if (found.length === 0)
    throw badRequest("no enabled device of the change's customer matches the targets", [
      { field: 'targets', message: "match no enabled device of the change's customer" },
    ]);
}

export async function createChange(db: Db, actor: Actor, input: ChangeCreate): Promise<Change> {
  requireRole(actor, 'operator');
  await requireCustomer(db, actor, input.customerId);
  checkTemplate(input.template);
  await requireTargets(db, actor, input);
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(changes)
      .values({
        ...input,
        createdBy: actor.via === 'system' ? null : actor.userId,
        createdByName: actor.username,
      })
      .returning();
    await audit(tx, actor, row!, 'change.create');
    return row!;
  });
}

/** A rollback's devices each go back to a stored snapshot instead of getting a template. */
export async function isRollback(exec: Executor, changeId: string): Promise<boolean> {
  const [row] = await exec
    .select({ deviceId: changeDevices.deviceId })
    .from(changeDevices)
    .where(and(eq(changeDevices.changeId, changeId), isNotNull(changeDevices.targetSnapshotId)))
    .limit(1);
  return row !== undefined;
}

/** An edit starts the change over: a new revision, to be previewed and approved again. */
export async function updateChange(db: Db, actor: Actor, id: string, patch: ChangeUpdate): Promise<Change> {
  requireRole(actor, 'operator');
  if (patch.template !== undefined) checkTemplate(patch.template);
  return db.transaction(async (tx) => {
    const current = await lockChange(tx, actor, id);
    if (!EDITABLE.includes(current.status))
      throw conflict(`a ${current.status} change cannot be edited`, 'status');
    const content = ['template', 'targets', 'mode', 'variables', 'deviceVariables'] as const;
    if (content.some((k) => patch[k] !== undefined) && (await isRollback(tx, id)))
      throw conflict(
        'a rollback goes back to stored snapshots: its content and targets do not change',
        'template',
      );
    if (patch.targets) await requireTargets(tx, actor, { ...current, targets: patch.targets });
    const [row] = await tx
      .update(changes)
      .set({
        ...patch,
        status: 'draft',
        revision: current.revision + 1,
        previewedRevision: null,
        updatedAt: new Date(),
      })
      .where(eq(changes.id, id))
      .returning();
    await audit(tx, actor, row!, 'change.update', { changed: Object.keys(patch), revision: row!.revision });
    return row!;
  });
}

export async function deleteChange(db: Db, actor: Actor, id: string): Promise<void> {
  requireRole(actor, 'operator');
  await db.transaction(async (tx) => {
    const current = await lockChange(tx, actor, id);
    if (!['draft', 'previewed', 'awaiting_approval', 'rejected'].includes(current.status))
      throw conflict(`a ${current.status} change is kept for the record`, 'status');
    await tx.delete(changes).where(eq(changes.id, id));
    await audit(tx, actor, current, 'change.delete');
  });
}

export async function needsApproval(exec: Executor, customerId: string): Promise<boolean> {
  const [row] = await exec
    .select({ needs: customers.changesNeedApproval })
    .from(customers)
    .where(eq(customers.id, customerId));
  return row?.needs ?? false;
}

export async function approvalsOf(exec: Executor, changeId: string) {
  return exec
    .select()
    .from(changeApprovals)
    .where(eq(changeApprovals.changeId, changeId))
    .orderBy(asc(changeApprovals.at));
}

/** The change with its approvals and whether it may run as it stands. */
export async function changeDetail(db: Db, actor: Actor, id: string) {
  const change = await getChange(db, actor, id);
  const approvals = await approvalsOf(db, id);
  const needs = await needsApproval(db, change.customerId);
  const current = approvals.filter((a) => a.revision === change.revision);
  const approved =
    current.some((a) => a.decision === 'approve') && !current.some((a) => a.decision === 'reject');
  return { ...change, approvals, needsApproval: needs, approved };
}

/**
 * Approves or rejects the previewed revision. The author never decides on their own change;
 * operators and admins of its customer do.
 */
export async function decideChange(
  db: Db,
  actor: Actor,
  id: string,
  decision: 'approve' | 'reject',
  comment: string,
): Promise<Change> {
  requireRole(actor, 'operator');
  return db.transaction(async (tx) => {
    const current = await lockChange(tx, actor, id);
    assertCustomerVisible(actor, current.customerId, 'change');
    if (current.createdBy && current.createdBy === actor.userId)
      throw forbidden('the author of a change cannot approve or reject it; another operator must');
    if (current.status !== 'awaiting_approval' && current.status !== 'approved')
      throw conflict(
        current.status === 'draft'
          ? 'preview the change before it is decided on'
          : `a ${current.status} change is not waiting for a decision`,
        'status',
      );
    if (current.previewedRevision !== current.revision)
      throw conflict('the change was edited since its preview; preview it again', 'revision');
    await tx.insert(changeApprovals).values({
      changeId: id,
      revision: current.revision,
      userId: actor.via === 'system' ? null : actor.userId,
      username: actor.username,
      decision,
      comment,
    });
    const status: ChangeStatus = decision === 'approve' ? 'approved' : 'rejected';
    const [row] = await tx
      .update(changes)
      .set({ status, updatedAt: new Date() })
      .where(eq(changes.id, id))
      .returning();
    await audit(tx, actor, row!, `change.${decision}`, { revision: current.revision, comment });
    return row!;
  });
}

export async function listChangeDevices(
  db: Db,
  actor: Actor,
  id: string,
  q: { page: number; pageSize: number },
) {
  await getChange(db, actor, id);
  const cond = eq(changeDevices.changeId, id);
  return paginate(db, changeDevices, cond, q, (limit, offset) =>
    db
      .select()
      .from(changeDevices)
      .where(cond)
      .orderBy(asc(changeDevices.position))
      .limit(limit)
      .offset(offset),
  );
}

export async function audit(
  exec: Executor,
  actor: Actor,
  change: Pick<Change, 'id' | 'customerId' | 'title'>,
  action: string,
  details?: Record<string, unknown>,
): Promise<void> {
  await recordAudit(exec, actor, {
    action,
    customerId: change.customerId,
    targetType: 'change',
    targetId: change.id,
    targetName: change.title,
    ...(details ? { details } : {}),
  });
}

const ENDED: readonly ChangeStatus[] = ['succeeded', 'partial', 'failed', 'reverted', 'cancelled'];

/** A new change, in draft, that takes each device to the snapshot given for it. */
async function draftRollback(
  tx: Executor,
  actor: Actor,
  base: { customerId: string; title: string; description: string; rollbackOf: string | null },
  devices: { deviceId: string; customerId: string; hostname: string; snapshotId: string }[],
): Promise<Change> {
  const [row] = await tx
    .insert(changes)
    .values({
      ...base,
      targets: { deviceIds: devices.map((d) => d.deviceId) },
      template: '',
      rollout: { canary: 1, batchSize: 50, pauseSeconds: 0, maxFailurePercent: 0 },
      createdBy: actor.via === 'system' ? null : actor.userId,
      createdByName: actor.username,
    })
    .returning();
  await tx.insert(changeDevices).values(
    devices.map((d, position) => ({
      changeId: row!.id,
      deviceId: d.deviceId,
      customerId: d.customerId,
      hostname: d.hostname,
      position,
      targetSnapshotId: d.snapshotId,
    })),
  );
  await audit(tx, actor, row!, 'change.create', { rollbackOf: base.rollbackOf, devices: devices.length });
  return row!;
}

/** Rolls a change back: every device it changed, to its configuration before the change. */
export async function rollbackChange(db: Db, actor: Actor, id: string): Promise<Change> {
  requireRole(actor, 'operator');
  return db.transaction(async (tx) => {
    const change = await getChange(tx, actor, id);
    if (!ENDED.includes(change.status))
      throw conflict(`a ${change.status} change has nothing to roll back yet`, 'status');
    const touched = await tx
      .select()
      .from(changeDevices)
      .where(and(eq(changeDevices.changeId, id), eq(changeDevices.state, 'confirmed')));
    const devices = touched.filter((d) => d.preSnapshotId !== null);
    if (devices.length === 0) throw conflict('the change left no device changed', 'status');
    return draftRollback(
      tx,
      actor,
      {
        customerId: change.customerId,
        title: `Roll back: ${change.title}`.slice(0, 200),
        description: '',
        rollbackOf: id,
      },
      devices.map((d) => ({
        deviceId: d.deviceId,
        customerId: d.customerId,
        hostname: d.hostname,
        snapshotId: d.preSnapshotId!,
      })),
    );
  });
}

/** Takes one device back to any of its stored configurations, as a change (previewed first). */
export async function rollbackDevice(
  db: Db,
  actor: Actor,
  input: { snapshotId: string; title?: string | undefined },
): Promise<Change> {
  requireRole(actor, 'operator');
  return db.transaction(async (tx) => {
    const [snap] = await tx
      .select({
        deviceId: configSnapshots.deviceId,
        customerId: configSnapshots.customerId,
        createdAt: configSnapshots.createdAt,
        hostname: devices.hostname,
      })
      .from(configSnapshots)
      .innerJoin(devices, eq(devices.id, configSnapshots.deviceId))
      .where(and(eq(configSnapshots.id, input.snapshotId), customerScope(actor, configSnapshots.customerId)));
    if (!snap) throw notFound('snapshot');
    const title =
      input.title ??
      `Roll ${snap.hostname} back to ${snap.createdAt.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
    return draftRollback(
      tx,
      actor,
      { customerId: snap.customerId, title, description: '', rollbackOf: null },
      [
        {
          deviceId: snap.deviceId,
          customerId: snap.customerId,
          hostname: snap.hostname,
          snapshotId: input.snapshotId,
        },
      ],
    );
  });
}
