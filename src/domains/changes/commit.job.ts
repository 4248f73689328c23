import { setTimeout as sleep } from 'node:timers/promises';
import { inArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import {
  type Backup,
  backup,
  type CommitMethod,
  commitChange,
  commitMethodOf,
  confirmChange,
  loadsWhole,
  NetioError,
  revertChange,
  withDevice,
} from '../../netio/index.ts';
import type { Session } from '../../netio/session.ts';
import type { Db } from '../../platform/db/client.ts';
import { diffConfigs } from '../configs/diff.ts';
import { storeSnapshots } from '../configs/store.ts';
import { configLatest } from '../configs/table.ts';
import { defineJob, type RunContext, type TaskDevice } from '../jobs/contract.ts';
import { deviceTarget } from '../jobs/device-target.ts';
import { type CheckResult, judgeChecks, readChecks } from './checks.ts';
import { changeDeviceRows } from './device-rows.ts';
import { batchFinished, changeClock, commitName, confirmSecondsOf, isReplace } from './run.ts';
import type { ChangeDeviceState } from './table.ts';

export const changeCommitOutput = z.object({
  state: z.enum(['confirmed', 'reverted', 'failed', 'skipped']),
  method: z.string().nullable().describe('confirmed-commit (the device reverts by itself) or rollback-point'),
  reason: z.string().nullable(),
  checks: z.array(z.object({ check: z.string(), ok: z.boolean(), detail: z.string() })),
  diff: z.string().nullable().describe('what the change really did: the running config before → after'),
  preSnapshotId: z.string().nullable(),
  postSnapshotId: z.string().nullable(),
});
type Output = z.infer<typeof changeCommitOutput>;

type Value = {
  pre: { config: string; hash: string };
  post: { config: string; hash: string } | null;
  output: Output;
};

function setState(
  db: Db,
  changeId: string,
  deviceId: string,
  state: ChangeDeviceState,
  extra: { reason?: string | null; commitMethod?: string; commitName?: string } = {},
) {
  return changeDeviceRows(db).setState({ changeId, deviceId, state, ...extra });
}

/** A session that failed for want of a connection, not because of anything the device said. */
const lostManagement = (err: Error) =>
  err instanceof NetioError && ['reset', 'refused', 'timeout'].includes(err.category);

/**
 * Management was lost as or after the change went in. Until the confirm window has closed (and a
 * little more), webnet tries to reach the device again: one whose own timer reverted the change is
 * recorded so, one that answers with the change still in is reverted now. After that the revert
 * guard keeps trying.
 */
async function recover(
  device: TaskDevice,
  ctx: RunContext,
  name: string,
  preHash: string,
  until: number,
  cause: string,
): Promise<{ reverted: boolean; text: string }> {
  while (Date.now() < until && !ctx.signal.aborted) {
    await sleep(2000, undefined, { signal: ctx.signal }).catch(() => undefined);
    const found = await open(device, ctx, async (s) => {
      const now = await backup(s, { redactionKey: ctx.redactionKey });
      if (now.hash === preHash) return "the device's own confirm timer reverted it";
      await revertChange(s, { name });
      return 'webnet reverted it once the device answered again';
    }).catch(() => null);
    if (found) return { reverted: true, text: `management was lost after the commit (${cause}); ${found}` };
  }
  return {
    reverted: false,
    text: `management was lost after the commit (${cause}); the device has not answered since, and its revert guard keeps trying`,
  };
}

const open = <T>(device: TaskDevice, ctx: RunContext, work: (s: Session) => Promise<T>) =>
  withDevice(deviceTarget(device, ctx), work);

type Snapshots = Omit<Value, 'output'>;

function outcome(
  output: Output,
  snapshots: Snapshots | undefined,
  error?: { category: 'reverted' | 'stale' | 'command_error'; message: string },
) {
  return {
    summary: output.reason ?? output.state,
    output,
    value: snapshots && { ...snapshots, output },
    error,
  };
}

/**
 * One device of a change: snapshot and checks before; the revert guard queued and "applied"
 * recorded before anything is pushed (so a crash from here on ends in a revert); commit with a
 * confirm; then a new session (management still works), the checks again, confirm or revert; a
 * snapshot after. A device is never left half-changed in silence: each path ends confirmed,
 * reverted or failed with nothing applied, and says which.
 */
export const changeCommitJob = defineJob({
  type: 'change_commit',
  description: 'Commit a change on its devices with confirm, verification and automatic revert',
  internal: true,
  payload: z.strictObject({ changeId: z.uuid(), batch: z.number().int().min(0) }),
  output: changeCommitOutput,
  needsCredential: true,
  async run(device, payload, ctx) {
    const { db } = ctx;
    const row = await changeDeviceRows(db).forCommit({ changeId: payload.changeId, deviceId: device.id });
    const change = row?.change;
    if (!change || !row?.rendered) throw new NetioError('unsupported', 'the change or its device is gone');
    const name = commitName(change.id);
    const base: Output = {
      state: 'failed',
      method: row.commitMethod,
      reason: null,
      checks: [],
      diff: null,
      preSnapshotId: null,
      postSnapshotId: null,
    };
    if (row.state !== 'pending' && row.state !== 'applied') {
      // This task ran before (a worker died after recording it): report what happened then.
      const done =
        row.state === 'confirmed'
          ? 'confirmed'
          : row.state === 'reverted'
            ? 'reverted'
            : row.state === 'skipped'
              ? 'skipped'
              : 'failed';
      return outcome({ ...base, state: done, reason: row.reason }, undefined);
    }
    if (row.state === 'applied') {
      // A worker died between applying and confirming: undo it rather than confirm blind.
      await open(device, ctx, (s) => revertChange(s, { name }));
      const reason = 'webnet stopped before confirming the change; it was reverted';
      await setState(db, change.id, device.id, 'reverted', { reason });
      return outcome({ ...base, state: 'reverted', reason }, undefined, {
        category: 'reverted',
        message: reason,
      });
    }
    const lines = row.rendered.split('\n');
    const confirmSeconds = confirmSecondsOf(change);
    let pre: Backup;
    let method: CommitMethod = 'rollback-point';
    const before = await open(device, ctx, async (s) => {
      method = commitMethodOf(s.platform);
      pre = await backup(s, { redactionKey: ctx.redactionKey });
      if (pre.hash !== row.runningHash) return null;
      const checks = await readChecks(s, change.checks, ctx.redactionKey);
      // Recorded before the device is touched: the change's revert guard (queued when the commit
      // started) reverts whatever is left applied and unconfirmed.
      await setState(db, change.id, device.id, 'applied', { commitName: name, commitMethod: method });
      try {
        const whole = isReplace(change.mode, row.targetSnapshotId) && loadsWhole(s.platform);
        await commitChange(s, {
          lines,
          name,
          confirmSeconds,
          whole,
          redactionKey: ctx.redactionKey,
        });
      } catch (err) {
        return { checks, rejected: err as Error };
      }
      return { checks, rejected: null };
    });
    const preValue = { config: pre!.config, hash: pre!.hash };
    if (!before) {
      const reason = 'the device changed since its preview; preview the change again';
      await setState(db, change.id, device.id, 'failed', { reason });
      return outcome(
        { ...base, reason },
        { pre: preValue, post: null },
        { category: 'stale', message: reason },
      );
    }
    const windowEnd = Date.now() + (confirmSeconds * 1000 + 30_000) * changeClock.scale;
    if (before.rejected && lostManagement(before.rejected)) {
      // The session died as the change went in: the change itself may have cut management.
      const reason = await recover(device, ctx, name, pre!.hash, windowEnd, before.rejected.message);
      await setState(db, change.id, device.id, reason.reverted ? 'reverted' : 'applied', {
        reason: reason.text,
      });
      return outcome(
        { ...base, state: 'reverted', method: null, reason: reason.text },
        { pre: preValue, post: null },
        { category: 'reverted', message: reason.text },
      );
    }
    if (before.rejected) {
      // A candidate holds nothing of a rejected change; elsewhere the rollback point undoes what landed.
      const why = before.rejected.message;
      const rolled = await open(device, ctx, (s) => revertChange(s, { name })).then(
        () => true,
        () => false,
      );
      const state = rolled ? 'failed' : 'applied';
      const reason = rolled
        ? `nothing of the change remains on the device: ${why}`
        : `the device rejected the change and could not be reverted yet (its guard retries): ${why}`;
      await setState(db, change.id, device.id, state, { reason });
      return outcome(
        { ...base, reason },
        { pre: preValue, post: null },
        { category: 'command_error', message: reason },
      );
    }
    // A new session proves management still works; the checks compare with before.
    let checks: CheckResult[] = [];
    let post: Backup | undefined;
    const verdict = await open(device, ctx, async (s) => {
      checks = judgeChecks(before.checks, await readChecks(s, change.checks, ctx.redactionKey));
      const failed = checks.filter((c) => !c.ok);
      if (failed.length) {
        await revertChange(s, { name });
        return `a check failed after the change (${failed.map((c) => `${c.check}: ${c.detail}`).join('; ')}); reverted`;
      }
      await confirmChange(s, { name });
      post = await backup(s, { redactionKey: ctx.redactionKey });
      return null;
    }).catch(async (err: Error) => {
      if (lostManagement(err)) {
        const r = await recover(device, ctx, name, pre!.hash, windowEnd, err.message);
        return r.reverted ? `${r.text}; reverted` : r.text;
      }
      // The device answers but could not be verified: never confirm blind.
      await open(device, ctx, (s) => revertChange(s, { name }));
      return `webnet could not verify the change (${err.message}); reverted`;
    });
    if (verdict) {
      const state = verdict.endsWith('reverted') ? 'reverted' : 'applied';
      await setState(db, change.id, device.id, state, { reason: verdict });
      return outcome(
        { ...base, state: 'reverted', method, reason: verdict, checks },
        { pre: preValue, post: null },
        { category: 'reverted', message: verdict },
      );
    }
    await setState(db, change.id, device.id, 'confirmed', { reason: null });
    const diff = diffConfigs(
      { name: 'before', label: 'before the change', text: pre!.config },
      { name: 'after', label: 'after the change', text: post!.config },
    ).unified;
    return outcome(
      { ...base, state: 'confirmed', method, checks, diff },
      { pre: preValue, post: { config: post!.config, hash: post!.hash } },
    );
  },
  async store(tx, items) {
    // The configuration before and after, stored as backups are (a snapshot only when it changed),
    // and named on the change's device and in its output.
    const latest = async () =>
      new Map(
        (
          await tx
            .select({ deviceId: configLatest.deviceId, snapshotId: configLatest.snapshotId })
            .from(configLatest)
            .where(
              inArray(
                configLatest.deviceId,
                items.map((i) => i.device.id),
              ),
            )
        ).map((r) => [r.deviceId, r.snapshotId]),
      );
    await storeSnapshots(
      tx,
      items.map((i) => ({ ...i, value: i.value.pre })),
      'backup',
    );
    const preIds = await latest();
    const withPost = items.filter((i) => i.value.post);
    await storeSnapshots(
      tx,
      withPost.map((i) => ({ ...i, value: i.value.post! })),
      'change',
    );
    const postIds = await latest();
    const rows = items.map((item) => ({
      device_id: item.device.id,
      job_id: item.jobId,
      pre: preIds.get(item.device.id) ?? null,
      post: item.value.post ? (postIds.get(item.device.id) ?? null) : null,
    }));
    // One statement for the batch: the change is the one whose commit jobs include this job.
    await tx.execute(sql`
      update change_devices cd set pre_snapshot_id = u.pre, post_snapshot_id = u.post
      from json_to_recordset(${JSON.stringify(rows)}::json) as u(device_id uuid, job_id uuid, pre uuid, post uuid),
           changes c
      where c.id = cd.change_id and u.job_id = any(c.commit_job_ids) and cd.device_id = u.device_id`);
    return items.map((item, i) => ({
      output: { ...item.value.output, preSnapshotId: rows[i]!.pre, postSnapshotId: rows[i]!.post },
    }));
  },
  finished: (tx, job, { queue }) => batchFinished(tx, job, queue),
});
