import { and, eq } from 'drizzle-orm';
import { revertChange, withDevice } from '../../netio/index.ts';
import type { Db } from '../../platform/db/client.ts';
import type { EventBus } from '../../platform/events.ts';
import type { Logger } from '../../platform/logger.ts';
import type { Queue } from '../../platform/queue.ts';
import type { SecretBox } from '../../platform/secrets.ts';
import { deviceTarget } from '../jobs/device-target.ts';
import { taskDevices } from '../jobs/task-loader.ts';
import { CHANGE_QUEUE, type ChangeTask, startNextBatch } from './run.ts';
import { changeDevices } from './table.ts';

export type ControlDeps = { db: Db; queue: Queue; events: EventBus; secrets: SecretBox; log: Logger };

/**
 * A device still "applied" when its guard comes due was never confirmed: its worker died, or
 * management was lost. Devices with a confirm timer have reverted by themselves (this records
 * it); on the others webnet restores the rollback point now. A guard that cannot reach the device
 * fails and the queue tries again.
 */
async function guard(deps: ControlDeps, changeId: string, deviceId: string): Promise<void> {
  const [row] = await deps.db
    .select()
    .from(changeDevices)
    .where(and(eq(changeDevices.changeId, changeId), eq(changeDevices.deviceId, deviceId)));
  if (row?.state !== 'applied') return;
  const reason =
    row.commitMethod === 'confirmed-commit'
      ? "not confirmed within the window: the device's own timer reverted it"
      : 'not confirmed within the window: webnet restored the configuration from before the change';
  if (row.commitMethod !== 'confirmed-commit') {
    const device = (await taskDevices(deps.db, deps.secrets, [deviceId])).get(deviceId);
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
        eq(changeDevices.deviceId, deviceId),
        eq(changeDevices.state, 'applied'),
      ),
    );
  deps.log.warn({ changeId, deviceId }, reason);
}

/** Works the change queue in a worker process: next batches and revert guards. */
export async function startChangeControl(deps: ControlDeps): Promise<void> {
  await deps.queue.createQueue(CHANGE_QUEUE);
  // Polled every half second: the next batch of a rollout should not wait on the poll.
  await deps.queue.work<ChangeTask>(
    CHANGE_QUEUE,
    { batchSize: 5, pollingIntervalSeconds: 0.5 },
    async (tasks) => {
      for (const task of tasks) {
        const t = task.data;
        if (t.kind === 'next-batch') await startNextBatch(deps, t.changeId);
        else await guard(deps, t.changeId, t.deviceId);
      }
    },
  );
}
