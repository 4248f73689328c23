import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { fromDrizzle } from 'pg-boss';
import { platformByName } from '../../netio/index.ts';
import { queryRows, type Tx } from '../../platform/db/client.ts';
import { conflict } from '../../platform/errors.ts';
import { publishIn } from '../../platform/events.ts';
import type { Queue } from '../../platform/queue.ts';
import { type Actor, requireRole, systemActor } from '../../platform/tenancy.ts';
import { customers } from '../customers/table.ts';
import { devices } from '../devices/table.ts';
import type { FinishedJob } from '../jobs/contract.ts';
import { cancelJob, createJob, type JobDeps } from '../jobs/service.ts';
import { jobs } from '../jobs/table.ts';
import { notify } from '../notifications/outbox.ts';
import { MAX_TEMPLATE_BYTES } from './schemas.ts';
import {
  audit,
  type Change,
  changeDetail,
  EDITABLE,
  isRollback,
  lockChange,
  targetDevices,
} from './service.ts';
import { type ChangeStatus, changeDevices, changes } from './table.ts';
import { renderTemplate, templateDevice, templateDeviceColumns } from './template.ts';

/** The queue of a change's own durable steps: the next batch of its rollout, and revert guards. */
export const CHANGE_QUEUE = 'change-control';
export type ChangeTask = { kind: 'next-batch'; changeId: string } | { kind: 'guard'; changeId: string };
/**
 * Published with a next batch that has no pause: the change control works it at once instead of
 * on its next poll (pg-boss wakes a worker on NOTIFY only on PostgreSQL; our bus reaches PGlite too).
 */
export const CHANGE_WAKE_TOPIC = 'changes.wake';

/** A replace or a rollback to a snapshot: the device's configuration is to become a whole text. */
export const isReplace = (mode: string | undefined, targetSnapshot: string | null) =>
  mode === 'replace' || targetSnapshot !== null;

/**
 * Time on the change's clocks: tests run them fast, as the lab's devices run theirs (a one-minute
 * confirm window then lasts a few seconds for the revert guard and the wait for a lost device).
 */
export const changeClock = { scale: 1 };

/** The confirm window a device's commit gets, in seconds. */
export const confirmSecondsOf = (change: { confirmMinutes: number }) =>
  Math.max(30, change.confirmMinutes * 60);

/** How long after a device was applied its revert guard takes over, in milliseconds. */
export const guardDueMs = (change: { confirmMinutes: number }) =>
  (confirmSecondsOf(change) + 60) * 1000 * changeClock.scale;

/** The name a device knows a change by (its candidate session, its rollback point). */
export const commitName = (changeId: string) => `webnet-${changeId.replaceAll('-', '').slice(0, 12)}`;

/** Sessions a change's device task may take: the push, the reconnect, checks and the confirm. */
const changeTimeoutSeconds = (change: Change) => Math.max(300, change.confirmMinutes * 60 + 180);

/** Every target device with what a template may read of it. */
async function templateDevices(tx: Tx, actor: Actor, change: Change) {
  const ids = (await targetDevices(tx, actor, change)).map((d) => d.id);
  if (ids.length === 0) return [];
  return tx
    .select({
      ...templateDeviceColumns,
      customerName: customers.name,
    })
    .from(devices)
    .innerJoin(customers, eq(customers.id, devices.customerId))
    .where(inArray(devices.id, ids))
    .orderBy(asc(devices.hostname));
}

type Rendering = { rendered: string | null; renderError: string | null; previewError: string | null };

async function renderFor(change: Change, d: Awaited<ReturnType<typeof templateDevices>>[number]) {
  const device = templateDevice(d);
  const out = await renderTemplate(change.template, {
    device,
    customer: { name: d.customerName },
    variables: { ...change.variables, ...(change.deviceVariables[d.hostname] ?? {}) },
  });
  const result: Rendering = { rendered: null, renderError: null, previewError: null };
  if ('error' in out) result.renderError = out.error;
  else if (/<redacted/i.test(out.text))
    result.renderError =
      'the rendered text holds a <redacted…> marker; secrets are never pushed back from a backup';
  else if (Buffer.byteLength(out.text) > MAX_TEMPLATE_BYTES)
    result.renderError = `the rendered text is larger than ${MAX_TEMPLATE_BYTES / 1024} KiB`;
  else if (out.text.trim() === '') result.renderError = 'the template renders to nothing for this device';
  else result.rendered = out.text;
  if (result.rendered !== null) {
    if (!d.platform) result.previewError = 'the device has no platform; set one or run refresh_facts';
    else if (!platformByName(d.platform)?.change)
      result.previewError = `webnet cannot change ${d.platform} devices yet`;
  }
  return result;
}

/**
 * Renders the change for each target and previews it on every device that rendered: the
 * device's own way where it has a candidate, computed against its running config elsewhere.
 */
export async function startPreview(deps: JobDeps, actor: Actor, id: string) {
  requireRole(actor, 'operator');
  const { change, ready } = await deps.db.transaction(async (tx) => {
    const change = await lockChange(tx, actor, id);
    if (!EDITABLE.includes(change.status))
      throw conflict(`a ${change.status} change cannot be previewed`, 'status');
    if (await isRollback(tx, change.id)) return previewRollback(tx, actor, change);
    const targets = await templateDevices(tx, actor, change);
    if (targets.length === 0)
      throw conflict("no enabled device of the change's customer matches its targets", 'targets');
    const rows = [];
    for (const [position, d] of targets.entries())
      rows.push({
        changeId: id,
        deviceId: d.id,
        customerId: d.customerId,
        hostname: d.hostname,
        position,
        ...(await renderFor(change, d)),
      });
    await tx.delete(changeDevices).where(eq(changeDevices.changeId, id));
    for (let i = 0; i < rows.length; i += 1000)
      await tx.insert(changeDevices).values(rows.slice(i, i + 1000));
    await audit(tx, actor, change, 'change.preview', { revision: change.revision, devices: rows.length });
    const ready = rows.filter((r) => r.rendered !== null && r.previewError === null).map((r) => r.deviceId);
    return { change, ready };
  });
  if (ready.length === 0) {
    // Nothing could be previewed on a device: the per-device errors say why.
    await deps.db
      .update(changes)
      .set({
        previewJobId: null,
        previewedRevision: change.revision,
        status: 'previewed',
        updatedAt: new Date(),
      })
      .where(eq(changes.id, id));
    return changeDetail(deps.db, actor, id);
  }
  const job = await createJob(deps, actor, {
    type: 'change_preview',
    targets: { deviceIds: ready },
    payload: { changeId: id, revision: change.revision },
    options: { concurrency: 100, timeoutSeconds: 300, retries: 1 },
  });
  await deps.db
    .update(changes)
    .set({ previewJobId: job.id, updatedAt: new Date() })
    .where(and(eq(changes.id, id), eq(changes.revision, change.revision)));
  return changeDetail(deps.db, actor, id);
}

/**
 * A rollback's devices keep the snapshot each goes back to; the lines are worked out on the
 * device at preview time, against its running config then.
 */
async function previewRollback(tx: Tx, actor: Actor, change: Change) {
  await tx
    .update(changeDevices)
    .set({
      rendered: null,
      runningHash: null,
      candidateHash: null,
      noop: null,
      previewError: null,
      state: 'pending',
      reason: null,
      updatedAt: new Date(),
    })
    .where(eq(changeDevices.changeId, change.id));
  await audit(tx, actor, change, 'change.preview', { revision: change.revision, rollback: true });
  const rows = await tx
    .select({ deviceId: changeDevices.deviceId })
    .from(changeDevices)
    .where(eq(changeDevices.changeId, change.id));
  return { change, ready: rows.map((r) => r.deviceId) };
}

/** The preview job ended: its findings stand for this revision, unless the change was edited meanwhile. */
export async function previewFinished(tx: Tx, job: FinishedJob): Promise<void> {
  const { changeId, revision } = job.payload as { changeId: string; revision: number };
  const [change] = await tx.select().from(changes).where(eq(changes.id, changeId)).for('update');
  if (!change || change.revision !== revision || change.previewJobId !== job.id) return;
  // Devices the preview could not reach say why, beside the ones it could.
  await tx.execute(sql`
    update change_devices cd set preview_error = coalesce(jd.error, jd.summary), updated_at = now()
    from job_devices jd
    where jd.job_id = ${job.id} and jd.device_id = cd.device_id and cd.change_id = ${changeId}
      and jd.status <> 'success'`);
  const [customer] = await tx
    .select({ needs: customers.changesNeedApproval })
    .from(customers)
    .where(eq(customers.id, change.customerId));
  const status: ChangeStatus = customer?.needs ? 'awaiting_approval' : 'previewed';
  await tx
    .update(changes)
    .set({ status, previewedRevision: revision, updatedAt: new Date() })
    .where(eq(changes.id, changeId));
  if (status === 'awaiting_approval')
    await notify(tx, [
      {
        customerId: change.customerId,
        type: 'change.awaiting_approval',
        payload: { changeId, title: change.title, status },
      },
    ]);
}

/** Starts the rollout: the canary, then batches, each a change_commit job. */
export async function startCommit(deps: JobDeps, actor: Actor, id: string) {
  requireRole(actor, 'operator');
  const detail = await changeDetail(deps.db, actor, id);
  await deps.db.transaction(async (tx) => {
    const change = await lockChange(tx, actor, id);
    if (change.previewedRevision !== change.revision || change.revision !== detail.revision)
      throw conflict('preview the change as it stands before committing it', 'revision');
    if (detail.needsApproval && !(change.status === 'approved' && detail.approved))
      throw conflict("this customer's changes need another operator's approval first", 'status');
    if (!['previewed', 'approved'].includes(change.status))
      throw conflict(`a ${change.status} change cannot be committed`, 'status');
    const skipped = await tx
      .update(changeDevices)
      .set({
        state: 'skipped',
        reason: 'no change: the device already has this configuration',
        updatedAt: new Date(),
      })
      .where(and(eq(changeDevices.changeId, id), eq(changeDevices.noop, true)))
      .returning({ id: changeDevices.deviceId });
    // Devices the preview could not render or reach are left out, saying why.
    await tx.execute(sql`
      update change_devices set state = 'skipped', updated_at = now(),
        reason = 'not previewed: ' || coalesce(render_error, preview_error, 'no preview result')
      where change_id = ${id} and state = 'pending' and (noop is null or candidate_hash is null)`);
    const ready = await tx
      .select({ id: changeDevices.deviceId })
      .from(changeDevices)
      .where(
        and(
          eq(changeDevices.changeId, id),
          eq(changeDevices.noop, false),
          eq(changeDevices.state, 'pending'),
        ),
      );
    if (ready.length === 0)
      throw conflict(
        skipped.length
          ? 'nothing to change: every previewed device already has this configuration'
          : 'nothing to change: no device was previewed successfully',
        'status',
      );
    await tx.update(changes).set({ status: 'running', updatedAt: new Date() }).where(eq(changes.id, id));
    // The revert guard, durable with the status: it watches the change's devices from now until
    // none is left applied and unconfirmed (control.ts).
    await deps.queue.send(CHANGE_QUEUE, { kind: 'guard', changeId: id } satisfies ChangeTask, {
      startAfter: Math.ceil(guardDueMs(change) / 1000),
      db: fromDrizzle(tx as unknown as Parameters<typeof fromDrizzle>[0], sql),
    });
    await audit(tx, actor, change, 'change.commit', { revision: change.revision, devices: ready.length });
  });
  await startNextBatch(deps, id, actor);
  return changeDetail(deps.db, actor, id);
}

/** The next devices in rollout order: the canary first, then batches. */
export async function startNextBatch(deps: JobDeps, id: string, actor?: Actor): Promise<void> {
  const [change] = await deps.db.select().from(changes).where(eq(changes.id, id));
  if (change?.status !== 'running') return;
  const batch = change.commitJobIds.length;
  const size = batch === 0 && change.rollout.canary > 0 ? change.rollout.canary : change.rollout.batchSize;
  const next = await deps.db
    .select({ id: changeDevices.deviceId })
    .from(changeDevices)
    .where(
      and(eq(changeDevices.changeId, id), eq(changeDevices.state, 'pending'), eq(changeDevices.noop, false)),
    )
    .orderBy(asc(changeDevices.position))
    .limit(size);
  if (next.length === 0) {
    // Nothing left to start (a batch's devices were all dealt with): the change is done.
    await deps.db.transaction(async (tx) => {
      const [locked] = await tx.select().from(changes).where(eq(changes.id, id)).for('update');
      if (locked?.status === 'running') await finishChange(tx, locked, false);
    });
    return;
  }
  // The rollout goes on in the name of whoever committed it.
  const runAs = actor ?? systemActor(`${change.createdByName} (change rollout)`);
  const job = await createJob(deps, runAs, {
    type: 'change_commit',
    targets: { deviceIds: next.map((n) => n.id) },
    payload: { changeId: id, batch },
    options: {
      concurrency: Math.min(100, next.length),
      timeoutSeconds: changeTimeoutSeconds(change),
      retries: 0,
    },
  });
  await deps.db
    .update(changes)
    .set({ commitJobIds: sql`array_append(${changes.commitJobIds}, ${job.id}::uuid)`, updatedAt: new Date() })
    .where(eq(changes.id, id));
}

/**
 * A batch ended: go on after the pause, stop when too much of it failed, or finish the change.
 * In the transaction that ended the job; the next batch is a durable queued task.
 */
export async function batchFinished(tx: Tx, job: FinishedJob, queue: Queue): Promise<void> {
  const { changeId } = job.payload as { changeId: string };
  const [change] = await tx.select().from(changes).where(eq(changes.id, changeId)).for('update');
  if (change?.status !== 'running') return;
  const [counts] = await queryRows<{ total: number; bad: number; pending: number }>(
    tx,
    sql`select count(*) filter (where jd.job_id is not null)::int as total,
               count(*) filter (where jd.job_id is not null and cd.state in ('failed', 'reverted', 'applied'))::int as bad,
               count(*) filter (where cd.state = 'pending')::int as pending
        from change_devices cd
        left join job_devices jd on jd.job_id = ${job.id} and jd.device_id = cd.device_id
        where cd.change_id = ${changeId}`,
  );
  const failedShare = counts!.total ? (100 * counts!.bad) / counts!.total : 0;
  const stop = job.status === 'cancelled' || failedShare > change.rollout.maxFailurePercent;
  if (!stop && counts!.pending > 0) {
    await queue.send(CHANGE_QUEUE, { kind: 'next-batch', changeId } satisfies ChangeTask, {
      startAfter: change.rollout.pauseSeconds,
      db: fromDrizzle(tx as unknown as Parameters<typeof fromDrizzle>[0], sql),
    });
    if (change.rollout.pauseSeconds === 0) await publishIn(tx, { topic: CHANGE_WAKE_TOPIC, changeId });
    return;
  }
  if (counts!.pending > 0) {
    const why =
      job.status === 'cancelled'
        ? 'the change was cancelled before this device'
        : `the rollout stopped: ${failedShare.toFixed(0)}% of batch ${Number((job.payload as { batch: number }).batch) + 1} failed (at most ${change.rollout.maxFailurePercent}% allowed)`;
    await tx
      .update(changeDevices)
      .set({ state: 'skipped', reason: why, updatedAt: new Date() })
      .where(and(eq(changeDevices.changeId, changeId), eq(changeDevices.state, 'pending')));
  }
  await finishChange(tx, change, job.status === 'cancelled');
}

/** The change's final status from its devices'. */
async function finishChange(tx: Tx, change: Change, cancelled: boolean): Promise<void> {
  const [c] = await queryRows<{ confirmed: number; reverted: number; failed: number }>(
    tx,
    sql`select count(*) filter (where state = 'confirmed')::int as confirmed,
               count(*) filter (where state = 'reverted')::int as reverted,
               count(*) filter (where state in ('failed', 'applied'))::int as failed
        from change_devices where change_id = ${change.id}`,
  );
  const bad = c!.reverted + c!.failed;
  const status: ChangeStatus = cancelled
    ? 'cancelled'
    : bad === 0
      ? 'succeeded'
      : c!.confirmed > 0
        ? 'partial'
        : c!.failed === 0
          ? 'reverted'
          : 'failed';
  await tx
    .update(changes)
    .set({ status, finishedAt: new Date(), updatedAt: new Date() })
    .where(eq(changes.id, change.id));
  await audit(tx, systemActor('webnet'), change, `change.${status}`, { ...c });
  const heard =
    status === 'succeeded' || status === 'partial'
      ? 'change.committed'
      : status === 'reverted'
        ? 'change.reverted'
        : undefined;
  if (heard)
    await notify(tx, [
      {
        customerId: change.customerId,
        type: heard,
        payload: { changeId: change.id, title: change.title, status, ...c },
      },
    ]);
}

/** Stops a running change: its current batch is cancelled, no further batch starts. */
export async function cancelChange(deps: JobDeps, actor: Actor, id: string) {
  requireRole(actor, 'operator');
  const change = await deps.db.transaction(async (tx) => {
    const change = await lockChange(tx, actor, id);
    if (change.status !== 'running') throw conflict(`a ${change.status} change is not running`, 'status');
    await audit(tx, actor, change, 'change.cancel');
    return change;
  });
  const current = change.commitJobIds.at(-1);
  const [job] = current
    ? await deps.db.select({ status: jobs.status }).from(jobs).where(eq(jobs.id, current))
    : [];
  if (current && job && (job.status === 'queued' || job.status === 'running')) {
    // Devices mid-change finish their own commit, confirm or revert; the rest never start.
    await cancelJob(deps, actor, current);
  }
  await deps.db.transaction(async (tx) => {
    const locked = await lockChange(tx, actor, id);
    if (locked.status !== 'running') return;
    const [still] = current
      ? await tx
          .select({ status: jobs.status, finishedAt: jobs.finishedAt })
          .from(jobs)
          .where(eq(jobs.id, current))
      : [];
    await tx
      .update(changeDevices)
      .set({ state: 'skipped', reason: `cancelled by ${actor.username}`, updatedAt: new Date() })
      .where(and(eq(changeDevices.changeId, id), eq(changeDevices.state, 'pending')));
    if (!still || still.finishedAt) await finishChange(tx, locked, true);
  });
  return changeDetail(deps.db, actor, id);
}
