import type { Executor } from '../../platform/db/client.ts';
import { type EventBus, MAX_EVENT_BYTES } from '../../platform/events.ts';

export const JOB_TOPIC = 'job';
export const ENQUEUED_TOPIC = 'jobs.enqueued';
export const CANCEL_TOPIC = 'jobs.cancel';

export type DeviceProgress = {
  deviceId: string;
  hostname: string;
  status: string;
  summary?: string;
  errorCategory?: string | null;
  attempts?: number;
  durationMs?: number | null;
};
export type LogLine = {
  id: number;
  deviceId: string | null;
  hostname: string | null;
  level: string;
  message: string;
  at: string;
};
export type JobCountsEvent = {
  status: string;
  total: number;
  done: number;
  succeeded: number;
  failed: number;
  cancelled: number;
  summary: Record<string, number>;
};

/** What a job's watchers hear: its status and counts, devices that moved, and new log lines. */
export type JobEvent = {
  jobId: string;
  job?: JobCountsEvent;
  devices?: DeviceProgress[];
  logs?: LogLine[];
};

/**
 * Publishes a job's progress as one or more NOTIFY payloads, each under PostgreSQL's size limit:
 * a thousand devices finishing in one flush become several events, never a failed NOTIFY.
 */
export async function publishJobEvent(bus: EventBus, exec: Executor, event: JobEvent): Promise<void> {
  const head = { topic: JOB_TOPIC, jobId: event.jobId, job: event.job };
  const items: (['devices', DeviceProgress] | ['logs', LogLine])[] = [
    ...(event.devices ?? []).map((d) => ['devices', d] as ['devices', DeviceProgress]),
    ...(event.logs ?? []).map(
      (l) => ['logs', { ...l, message: l.message.slice(0, 1000) }] as ['logs', LogLine],
    ),
  ];
  let chunk: { devices: DeviceProgress[]; logs: LogLine[] } = { devices: [], logs: [] };
  let size = JSON.stringify(head).length + 40;
  const send = async () => {
    await bus.publish({ ...head, ...chunk }, exec);
    chunk = { devices: [], logs: [] };
    size = JSON.stringify(head).length + 40;
  };
  if (items.length === 0) return bus.publish(head, exec);
  for (const [kind, item] of items) {
    const bytes = Buffer.byteLength(JSON.stringify(item)) + 1;
    if (size + bytes > MAX_EVENT_BYTES) await send();
    (chunk[kind] as unknown[]).push(item);
    size += bytes;
  }
  await send();
}
