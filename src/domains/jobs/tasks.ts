/**
 * The queue a job's devices (or work items) travel on: one task each, naming its job and device,
 * so a task that runs twice finds its device already done. Tasks the queue gives up on (their
 * workers kept dying) move to the dead queue, where a worker records them as lost.
 */
export const TASK_QUEUE = 'device-task';
export const DEAD_QUEUE = 'device-task-dead';
export type TaskData = { jobId: string; deviceId: string };
