import { z } from 'zod';
import type { Executor } from '../../platform/db/client.ts';
import { type Event, MAX_EVENT_BYTES, publishAllIn } from '../../platform/events.ts';
import { DEVICE_RESULT_STATUSES, JOB_STATUSES, LOG_LEVELS } from './table.ts';

export const JOB_TOPIC = 'job';
export const ENQUEUED_TOPIC = 'jobs.enqueued';
/** One running device of a job is to be let go (skipped by a person); the worker holding it aborts it. */
export const SKIP_TOPIC = 'jobs.skip';
export const CANCEL_TOPIC = 'jobs.cancel';

// The stream's contract, written once: the server's types come from these schemas and the web
// UI's from the OpenAPI document, which carries them as components (see app.ts).

export const jobCounts = z.object({
  status: z.enum(JOB_STATUSES),
  total: z.number(),
  done: z.number(),
  succeeded: z.number(),
  failed: z.number(),
  cancelled: z.number(),
  summary: z.record(z.string(), z.number()),
});
export type JobCountsEvent = z.infer<typeof jobCounts>;

/** A device that moved (the snapshot sends each device's whole row, a superset of this). */
export const deviceProgress = z.object({
  deviceId: z.string(),
  hostname: z.string(),
  status: z.enum(DEVICE_RESULT_STATUSES),
  summary: z.string().optional(),
  errorCategory: z.string().nullable().optional(),
  attempts: z.number().optional(),
  durationMs: z.number().nullable().optional(),
  credentialName: z.string().nullable().optional(),
  startedAt: z.string().nullable().optional().describe('ISO 8601: when its session began (a running device)'),
});
export type DeviceProgress = z.infer<typeof deviceProgress>;

export const logLine = z.object({
  id: z.number(),
  deviceId: z.string().nullable(),
  hostname: z.string().nullable(),
  level: z.enum(LOG_LEVELS),
  message: z.string(),
  at: z.string().describe('ISO 8601'),
});
export type LogLine = z.infer<typeof logLine>;

/** What a job's watchers hear: its status and counts, devices that moved, and new log lines. */
export const jobEvent = z.object({
  jobId: z.string(),
  job: jobCounts.optional(),
  devices: z.array(deviceProgress).optional(),
  logs: z.array(logLine).optional(),
});
export type JobEvent = z.infer<typeof jobEvent>;

/**
 * A message on WS /ws/jobs/:id: first a `snapshot` (the job's counts, its first 500 devices and
 * log lines so far), then a `progress` message for every change, until the job ends.
 */
export const jobStreamMessage = jobEvent.extend({ type: z.enum(['snapshot', 'progress']) });
export type JobStreamMessage = z.infer<typeof jobStreamMessage>;

/**
 * A job's progress as one or more NOTIFY payloads, each under PostgreSQL's size limit: a thousand
 * devices finishing in one flush become several events, never a failed NOTIFY.
 */
export function jobEventPayloads(event: JobEvent): Event[] {
  const head = { topic: JOB_TOPIC, jobId: event.jobId, job: event.job };
  const items: (['devices', DeviceProgress] | ['logs', LogLine])[] = [
    ...(event.devices ?? []).map((d) => ['devices', d] as ['devices', DeviceProgress]),
    ...(event.logs ?? []).map(
      (l) => ['logs', { ...l, message: l.message.slice(0, 1000) }] as ['logs', LogLine],
    ),
  ];
  if (items.length === 0) return [head];
  const events: Event[] = [];
  let chunk: { devices: DeviceProgress[]; logs: LogLine[] } = { devices: [], logs: [] };
  const headBytes = JSON.stringify(head).length + 40;
  let size = headBytes;
  for (const [kind, item] of items) {
    const bytes = Buffer.byteLength(JSON.stringify(item)) + 1;
    if (size + bytes > MAX_EVENT_BYTES && size > headBytes) {
      events.push({ ...head, ...chunk });
      chunk = { devices: [], logs: [] };
      size = headBytes;
    }
    (chunk[kind] as unknown[]).push(item);
    size += bytes;
  }
  events.push({ ...head, ...chunk });
  return events;
}

/**
 * Publishes a job's progress (see jobEventPayloads) in one statement: a batch of 50 devices and
 * their log lines made four NOTIFY round trips of a backup's 25 statements per batch.
 */
export async function publishJobEvent(exec: Executor, event: JobEvent): Promise<void> {
  await publishAllIn(exec, jobEventPayloads(event));
}
