import { and, eq } from 'drizzle-orm';
import { revertChange, withDevice } from '../../netio/index.ts';
import type { Db } from '../../platform/db/client.ts';
import type { EventBus } from '../../platform/events.ts';
import type { Logger } from '../../platform/logger.ts';
import type { Queue } from '../../platform/queue.ts';
import type { SecretBox } from '../../platform/secrets.ts';
import { deviceTarget } from '../jobs/device-target.ts';
import { taskDevices } from '../jobs/task-loader.ts';
import {
  CHANGE_QUEUE,
  CHANGE_WAKE_TOPIC,
  type ChangeTask,
  changeClock,
  guardDueMs,
  startNextBatch,
} from './run.ts';
import { changeDevices, changes } from './table.ts';

export type ControlDeps = { db: Db; queue: Queue; events: EventBus; secrets: SecretBox; log: Logger };

type Applied = { deviceId: string; commitMethod: string | null; commitName: string | null; updatedAt: Date };

/**
 * Reverts one device left applied: one with a confirm timer has reverted by itself (this records
 * it); on the others webnet restores the rollback point now. Throws when the device cannot be
 * reached: it stays applied for the next round.
 */
async function revertLeft(deps: ControlDeps, changeId: string, row: Applied): Promise<void> {
  const reason =
    row.commitMethod === 'confirmed-commit'
      ? "not confirmed within the window: the device's own timer reverted it"
      : 'not confirmed within the window: webnet restored the configuration from before the change';
  if (row.commitMethod !== 'confirmed-commit') {
    const device = (await taskDevices(deps.db, deps.secrets, [row.deviceId])).get(row.deviceId);
    if (!device) return;
    const signal = AbortSignal.timeout(300_000);
    await withDevice(deviceTarget(device, { signal, timeoutMs: 120_000 }), (s) =>
      revertChange(s, { name: row.commitName ?? '' }),
    );
  }
  await deps.db
    .update(changeDevices)
    .set({ state: 'reverted', reason, updatedAt: new Date() })
    .where(
      and(
        eq(changeDevices.changeId, changeId),
        eq(changeDevices.deviceId, row.deviceId),
        eq(changeDevices.state, 'applied'),
      ),
    );
  deps.log.warn({ changeId, deviceId: row.deviceId }, reason);
}

/**
 * A change's revert guard: one durable task per change, queued with its commit and queued again
 * by itself while the change runs or any device is left applied. A device still "applied" a
 * confirm window (and a minute) after it was applied was never confirmed: its worker died, or
 * management was lost. One guard per change rather than one per device: a 100,000-device change
 * would otherwise queue 100,000 tasks to find nothing to do.
 */
async function guard(deps: ControlDeps, changeId: string): Promise<void> {
  const [change] = await deps.db.select().from(changes).where(eq(changes.id, changeId));
  if (!change) return;
  const dueMs = guardDueMs(change);
  const applied: Applied[] = await deps.db
    .select({
      deviceId: changeDevices.deviceId,
      commitMethod: changeDevices.commitMethod,
      commitName: changeDevices.commitName,
      updatedAt: changeDevices.updatedAt,
    })
    .from(changeDevices)
    .where(and(eq(changeDevices.changeId, changeId), eq(changeDevices.state, 'applied')));
  const now = Date.now();
  const due = applied.filter((r) => now - r.updatedAt.getTime() >= dueMs);
  const failed: unknown[] = [];
  // A few at a time: each may be a session to a device that does not answer.
  for (let i = 0; i < due.length; i += 10)
    for (const r of await Promise.allSettled(
      due.slice(i, i + 10).map((row) => revertLeft(deps, changeId, row)),
    ))
      if (r.status === 'rejected') failed.push(r.reason);
  if (failed.length)
    deps.log.warn(
      { changeId, devices: failed.length, err: failed[0] },
      'revert guard: devices unreachable, trying again',
    );
  const waiting = applied.filter((r) => !due.includes(r));
  if (change.status !== 'running' && waiting.length === 0 && failed.length === 0) return;
  // Next round: when the next applied device comes due, a minute for unreachable ones, else a window.
  const nextMs = Math.min(
    dueMs,
    ...waiting.map((r) => r.updatedAt.getTime() + dueMs - now),
    ...(failed.length ? [60_000 * changeClock.scale] : []),
  );
  await deps.queue.send(CHANGE_QUEUE, { kind: 'guard', changeId } satisfies ChangeTask, {
    startAfter: Math.max(1, Math.ceil(nextMs / 1000)),
  });
}

/** Works the change queue in a worker process: next batches and revert guards. */
export async function startChangeControl(deps: ControlDeps): Promise<void> {
  await deps.queue.createQueue(CHANGE_QUEUE);
  // Woken when a batch ends (CHANGE_WAKE_TOPIC); the poll is for guards and paused batches.
  const workerId = await deps.queue.work<ChangeTask>(
    CHANGE_QUEUE,
    { batchSize: 5, pollingIntervalSeconds: 0.5 },
    async (tasks) => {
      for (const task of tasks) {
        const t = task.data;
        if (t.kind === 'next-batch') await startNextBatch(deps, t.changeId);
        else await guard(deps, t.changeId);
      }
    },
  );
  deps.events.subscribe(CHANGE_WAKE_TOPIC, () => deps.queue.notifyWorker(workerId));
}
