import { classifyError } from '../../netio/index.ts';
import type { TaskJob, TaskResult } from './results.ts';
import type { LoadedTask } from './task-loader.ts';
import type { TaskData } from './tasks.ts';

/**
 * The results a worker records for a device other than its handler's success: a failure sorted
 * into cancelled / retry / failed, a device that is gone, one handed back unstarted. Pure, so the
 * rules for what is tried again sit in one place apart from the worker's bookkeeping.
 */

type Loaded = LoadedTask<{ id: string; retryCount: number; data: TaskData }>;
type Base = Omit<TaskResult, 'kind' | 'finishedAt' | 'durationMs'>;

const baseOf = (l: Loaded): Base => ({
  taskId: l.task.id,
  retryCount: l.task.retryCount,
  job: l.job!,
  device: l.device!,
  attempts: l.attempts,
});

/** A device deleted while its job waited, or a task the queue gave up on: recorded as failed. */
export function goneResult(l: Loaded, why: 'deleted' | 'lost'): TaskResult {
  return {
    ...baseOf(l),
    kind: 'failed',
    error:
      why === 'deleted'
        ? { category: 'unsupported', message: 'the device was deleted from the inventory' }
        : { category: 'lost', message: 'no worker finished this device after several attempts' },
    finishedAt: new Date(),
    durationMs: 0,
  };
}

/** A device loaded but never started by a stopping worker, for another: as an aborted one is. */
export function handedBackResult(l: Loaded): TaskResult {
  return {
    ...baseOf(l),
    kind: 'retry',
    error: { category: 'aborted', message: 'the worker stopped before the device started' },
    finishedAt: new Date(),
    durationMs: 0,
  };
}

/**
 * What a handler's error means: cancelled by the user, handed back by a stopping worker, tried
 * again (retriable, attempts left) or failed for good.
 */
export function failureResult(
  base: Base,
  err: unknown,
  how: {
    job: TaskJob;
    /** The job was cancelled, or the worker is stopping. */
    aborted: boolean;
    stopping: boolean;
    /** The device's signal (cancel or timeout) fired. */
    signalled: boolean;
    started: number;
    lastError?: string | null | undefined;
  },
): TaskResult {
  const end = { finishedAt: new Date(), durationMs: performance.now() - how.started };
  if (how.aborted && !how.stopping) return { ...base, kind: 'cancelled', ...end };
  let e = classifyError(err);
  if (how.signalled && e.category === 'aborted')
    e = classifyError(
      Object.assign(new Error(`no answer within ${how.job.options.timeoutSeconds} s`), { code: 'ETIMEDOUT' }),
    );
  const error = { category: e.category, message: e.message };
  // A worker stopping mid-device hands it back to the queue for another worker.
  if (how.stopping && e.category === 'aborted') return { ...base, kind: 'retry', error, ...end };
  // A session dropped at the same step twice is the device's doing, not the network's: a
  // command that kills the session every time is not tried a third time.
  const what = (m: string) => m.split("; the device's last output")[0];
  const same = e.category === 'reset' && !!how.lastError && what(how.lastError) === what(e.message);
  const again = e.retriable && !same && base.attempts <= how.job.options.retries;
  return { ...base, kind: again ? 'retry' : 'failed', error, ...end };
}
