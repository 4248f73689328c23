/**
 * The queues a job's devices travel on: one task per device, named by job and device, so a task
 * that runs twice finds its device already done; or, for a handler that opens no device session,
 * one task per batch of devices (the same rule holds per device inside it). Tasks the queue gives
 * up on (their workers kept dying) move to the dead queue, where a worker records them as lost.
 */
export const TASK_QUEUE = 'device-task';
export const BATCH_QUEUE = 'device-batch';
export const DEAD_QUEUE = 'device-task-dead';
export type TaskData = { jobId: string; deviceId: string };
export type BatchData = { jobId: string; deviceIds: string[] };

/** The devices a task carries, whichever queue it came from. */
export const devicesOf = (data: TaskData | BatchData): TaskData[] =>
  'deviceIds' in data ? data.deviceIds.map((deviceId) => ({ jobId: data.jobId, deviceId })) : [data];
