/**
 * Job transcripts: each device session's exchange (commands sent, output received, timing), kept
 * for the devices that failed, or for every device when the job asks. It is how an operator finds
 * out why a device failed: the prompt that never came, the banner that changed, the question the
 * device asked.
 */
import { and, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { type CastEvent, platformByName, redactEvents, type Transcript } from '../../netio/index.ts';
import type { Executor, Tx } from '../../platform/db/client.ts';
import { notFound } from '../../platform/errors.ts';
import { errorResponses } from '../../platform/http/schemas.ts';
import { actorOf, type TypedServer } from '../../platform/http/server.ts';
import type { Actor } from '../../platform/tenancy.ts';
import type { TaskDevice } from './contract.ts';
import type { TaskResult } from './results.ts';
import { getJob } from './service.ts';
import type { DeviceResultStatus } from './table.ts';
import { jobTranscripts } from './table.ts';

/** Whether this device's session is kept: a failed one always, any when the job asks. */
export function keepsTranscript(r: TaskResult, status: DeviceResultStatus): boolean {
  if (!r.transcript || r.transcript.events.length === 0 || status === 'queued') return false;
  return status === 'failed' || r.job.options.transcripts === 'all';
}

/** Every secret the session may have sent or echoed: the credentials' passwords and secrets. */
export function secretsOf(device: TaskDevice): string[] {
  const creds = [device.credential, ...device.credentials.map((c) => c.credential)];
  return creds.flatMap((c) => [c?.password, c?.enableSecret].filter((s): s is string => !!s));
}

/** The transcript as stored: redacted by the device platform's backup rules and of its credentials. */
export function redactedTranscript(device: TaskDevice, transcript: Transcript): CastEvent[] {
  const rules = platformByName(device.platform)?.backup.redact ?? [];
  return redactEvents(transcript.events, rules, secretsOf(device));
}

/** Stores the kept transcripts of a batch of results, the last attempt's over an earlier one's. */
export async function storeTranscripts(tx: Tx, kept: TaskResult[]): Promise<void> {
  if (kept.length === 0) return;
  const rows = kept.map((r) => {
    const events = redactedTranscript(r.device, r.transcript!);
    return {
      job_id: r.job.id,
      device_id: r.device.id,
      started_at: r.transcript!.startedAt.toISOString(),
      events,
      dropped: r.transcript!.dropped,
      size: events.reduce((n, e) => n + e[2].length, 0),
    };
  });
  await tx.execute(sql`
    insert into ${jobTranscripts} (job_id, device_id, started_at, events, dropped, size)
    select job_id, device_id, started_at, events, dropped, size
    from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
      as x(job_id uuid, device_id uuid, started_at timestamptz, events jsonb, dropped int, size int)
    on conflict (job_id, device_id) do update set started_at = excluded.started_at,
      events = excluded.events, dropped = excluded.dropped, size = excluded.size`);
}

export const transcriptOut = z.object({
  jobId: z.uuid(),
  deviceId: z.uuid(),
  startedAt: z.date(),
  dropped: z.number().int().describe('Characters dropped from the front to keep within 256 KB'),
  size: z.number().int(),
  events: z
    .array(z.tuple([z.number(), z.enum(['o', 'i', 'r']), z.string()]))
    .describe(
      'asciicast v2 events: seconds since the start, "i" sent to the device or "o" received, the text',
    ),
});

export async function getTranscript(exec: Executor, actor: Actor, jobId: string, deviceId: string) {
  // The job first: another customer's job answers as a missing one.
  await getJob(exec, actor, jobId);
  const [row] = await exec
    .select()
    .from(jobTranscripts)
    .where(and(eq(jobTranscripts.jobId, jobId), eq(jobTranscripts.deviceId, deviceId)));
  if (!row) throw notFound('transcript');
  return row;
}

/** The transcript as an asciicast v2 file, which asciinema's player and tools read. */
export function asCast(t: { startedAt: Date; events: CastEvent[] }, title: string): string {
  const header = {
    version: 2,
    width: 132,
    height: 40,
    timestamp: Math.floor(t.startedAt.getTime() / 1000),
    title,
  };
  return [JSON.stringify(header), ...t.events.map((e) => JSON.stringify(e))].join('\n') + '\n';
}

export function transcriptRoutes(app: TypedServer, db: Executor) {
  const params = z.strictObject({ id: z.uuid(), deviceId: z.uuid() });
  app.get(
    '/api/v1/jobs/:id/devices/:deviceId/transcript',
    {
      schema: {
        tags: ['jobs'],
        summary:
          "A job device's session transcript: kept for failed devices, or for all when the job asked (options.transcripts)",
        params,
        response: { 200: transcriptOut, ...errorResponses },
      },
    },
    async (req) => getTranscript(db, actorOf(req), req.params.id, req.params.deviceId),
  );
  app.get(
    '/api/v1/jobs/:id/devices/:deviceId/transcript/cast',
    {
      schema: {
        tags: ['jobs'],
        summary: 'The transcript as an asciicast v2 file (asciinema plays it)',
        params,
        produces: ['application/x-asciicast'],
      },
    },
    async (req, reply) => {
      const t = await getTranscript(db, actorOf(req), req.params.id, req.params.deviceId);
      reply.header('content-type', 'application/x-asciicast');
      reply.header(
        'content-disposition',
        `attachment; filename="transcript-${t.jobId.slice(0, 8)}-${t.deviceId.slice(0, 8)}.cast"`,
      );
      return reply.send(asCast(t, `job ${t.jobId} device ${t.deviceId}`));
    },
  );
}
