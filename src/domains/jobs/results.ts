import { sql } from 'drizzle-orm';
import type { FailureCategory, Transcript } from '../../netio/index.ts';
import { queryRows, type Tx } from '../../platform/db/client.ts';
import type { Queue } from '../../platform/queue.ts';
import { type Observation, recordObservations } from '../devices/observations.ts';
import { notify } from '../notifications/outbox.ts';
import type { DeviceOutcome, JobHandler, JobRegistry, RunContext, Stored, TaskDevice } from './contract.ts';
import { type DeviceProgress, type LogLine, publishJobEvent } from './events.ts';
import { deviceResults, jobsFinished, sessionSeconds } from './metrics.ts';
import { countsOf } from './service.ts';
import { type DeviceResultStatus, type JobStatus, jobLogs, jobs } from './table.ts';
import { keepsTranscript, storeTranscripts } from './transcripts.ts';

/** The job as a task sees it. */
export type TaskJob = {
  id: string;
  type: (typeof jobs.$inferSelect)['type'];
  status: JobStatus;
  payload: Record<string, unknown>;
  options: (typeof jobs.$inferSelect)['options'];
  requestedByName: string;
};

export type TaskResult = {
  taskId: string;
  retryCount: number;
  job: TaskJob;
  device: TaskDevice;
  /** retry: a retriable failure with attempts left; the queue runs the task again after a backoff. */
  kind: 'success' | 'failed' | 'cancelled' | 'retry';
  outcome?: DeviceOutcome | undefined;
  error?: { category: FailureCategory | 'lost'; message: string } | undefined;
  attempts: number;
  finishedAt: Date;
  durationMs: number;
  /** What the session reported: the credential that logged in, or that every one was refused. */
  report?: RunReport | undefined;
  /** Why a cancelled device ended (skipped on its own by a person), for its summary. */
  reason?: string | undefined;
  /** The device session's exchange; stored when the device failed or the job asked for all. */
  transcript?: Transcript | undefined;
};

export type RunReport = NonNullable<RunContext['report']>;

const key = (jobId: string, deviceId: string) => `${jobId}/${deviceId}`;

function finalStatus(row: typeof jobs.$inferSelect): JobStatus {
  if (row.status === 'cancelled') return 'cancelled';
  if (row.failed === 0 && row.cancelled === 0) return 'success';
  if (row.succeeded === 0) return 'failed';
  return 'partial';
}

function logMessage(r: TaskResult, summary: string): { level: 'info' | 'warn' | 'error'; message: string } {
  const took = `${(r.durationMs / 1000).toFixed(1)} s`;
  if (r.kind === 'success') return { level: 'info', message: `${summary} (${took})` };
  if (r.kind === 'cancelled') return { level: 'warn', message: `cancelled (${took})` };
  const why = `[${r.error?.category}] ${r.error?.message}`;
  if (r.kind === 'retry') return { level: 'warn', message: `attempt ${r.attempts} failed ${why}; retrying` };
  return { level: 'error', message: `failed ${why} (${took}, attempt ${r.attempts})` };
}

type LogRow = {
  job_id: string;
  device_id: string | null;
  hostname: string | null;
  level: LogLine['level'];
  message: string;
  at: string;
};

/** The log lines of stored results: one per device. */
function logLinesOf(rows: { r: TaskResult; row: { summary: string } }[]): LogRow[] {
  return rows.map(({ r, row }) => ({
    job_id: r.job.id,
    device_id: r.device.id,
    hostname: r.device.hostname,
    ...logMessage(r, row.summary),
    at: r.finishedAt.toISOString(),
  }));
}

/**
 * Records a batch of device results in one transaction and returns the ones it claimed. A result is
 * claimed only while its device is still queued or running in the job: a task that ran twice (its
 * worker died after the work) finds the device done and stores nothing again.
 */
export async function recordResults(
  tx: Tx,
  deps: { registry: JobRegistry; queue: Queue },
  results: TaskResult[],
  /** Filled with the metrics' updates, for the caller to apply once the transaction commits. */
  afterCommit: (() => void)[] = [],
): Promise<Set<TaskResult>> {
  const { registry } = deps;
  if (results.length === 0) return new Set();
  // Found by the primary key and their status checked here: with a status condition in the query,
  // the planner's statistics from before the job (a few rows per job) made it walk the job's
  // (job, status) index and test every queued device against the batch, 27 ms per batch of 50
  // in a 10,000-device job, against well under 1 ms by the key (pg_stat_statements). That index
  // is gone since (migration 0028, see jobDevices).
  const locked = await queryRows<{ job_id: string; device_id: string; status: string }>(
    tx,
    sql`select job_id, device_id, status from job_devices
        where (job_id, device_id) in (select * from unnest(
          ${`{${results.map((r) => r.job.id).join(',')}}`}::uuid[],
          ${`{${results.map((r) => r.device.id).join(',')}}`}::uuid[]))
        order by job_id, device_id
        for update`,
  );
  const open = locked.filter((r) => r.status === 'queued' || r.status === 'running');
  const openKeys = new Set(open.map((o) => key(o.job_id, o.device_id)));
  const claimed = results.filter((r) => openKeys.delete(key(r.job.id, r.device.id)));
  if (claimed.length === 0) return new Set();

  const stored = await storeOutcomes(tx, registry, claimed);
  const rows = claimed.map((r) => {
    const s = stored.get(r);
    const output = checkedOutput(registry, r, s?.output ?? r.outcome?.output);
    const failed = (r.kind === 'success' && r.outcome?.error) || output.error;
    const status: DeviceResultStatus = r.kind === 'retry' ? 'queued' : failed ? 'failed' : r.kind;
    const error = output.error ?? (failed ? r.outcome!.error : r.error);
    const summary =
      r.kind === 'retry'
        ? `retrying after ${r.error?.category}`
        : r.kind === 'failed'
          ? (r.error?.message ?? 'failed')
          : (s?.summary ?? r.outcome?.summary ?? r.reason ?? r.kind);
    return {
      r,
      status,
      count: s?.count ?? r.outcome?.count,
      row: {
        job_id: r.job.id,
        device_id: r.device.id,
        status,
        summary: summary.slice(0, 500),
        error_category: error?.category ?? null,
        error: error?.message.slice(0, 2000) ?? null,
        output: output.value ?? null,
        finished_at: status === 'queued' ? null : r.finishedAt.toISOString(),
        duration_ms: Math.round(r.durationMs),
        credential_name: r.report?.credential?.name ?? null,
      },
    };
  });
  await tx.execute(sql`
    update job_devices jd set status = u.status, summary = u.summary, error_category = u.error_category,
      error = u.error, output = coalesce(u.output, jd.output), finished_at = u.finished_at, duration_ms = u.duration_ms,
      credential_name = coalesce(u.credential_name, jd.credential_name)
    from jsonb_to_recordset(${JSON.stringify(rows.map((x) => x.row))}::jsonb) as u(
      job_id uuid, device_id uuid, status text, summary text, error_category text, error text,
      output jsonb, finished_at timestamptz, duration_ms int, credential_name text)
    where jd.job_id = u.job_id and jd.device_id = u.device_id`);

  await recordObservations(tx, observationsOf(registry, rows));
  afterCommit.push(() => {
    for (const { r, status, row } of rows) {
      if (status === 'queued') continue;
      deviceResults.inc({ type: r.job.type, outcome: status, category: row.error_category ?? '' });
      sessionSeconds.observe({ type: r.job.type }, r.durationMs / 1000);
    }
  });
  await storeTranscripts(
    tx,
    rows.filter((x) => keepsTranscript(x.r, x.status)).map((x) => x.r),
  );

  // One JSON parameter for the batch's log lines (see storeBackups for why).
  const inserted = await queryRows<{
    id: number;
    job_id: string;
    device_id: string | null;
    hostname: string | null;
    level: LogLine['level'];
    message: string;
    at: string | Date;
  }>(
    tx,
    sql`insert into ${jobLogs} (job_id, device_id, hostname, level, message, at)
        select job_id, device_id, hostname, level, message, at
        from json_to_recordset(${JSON.stringify(logLinesOf(rows))}::json) as x(job_id uuid, device_id uuid, hostname text, level text, message text, at timestamptz)
        returning id, job_id, device_id, hostname, level, message, at`,
  );
  const logs = inserted.map((l) => ({
    id: Number(l.id),
    jobId: l.job_id,
    deviceId: l.device_id,
    hostname: l.hostname,
    level: l.level,
    message: l.message,
    at: new Date(l.at),
  }));

  for (const jobId of [...new Set(rows.map((x) => x.r.job.id))].sort()) {
    const mine = rows.filter((x) => x.r.job.id === jobId);
    const { job, finishedNow, lastAfterCancel } = await countResults(tx, jobId, mine);
    if (finishedNow || lastAfterCancel)
      await registry.get(job.type)?.finished?.(tx, job, { queue: deps.queue });
    if (finishedNow) {
      afterCommit.push(() => jobsFinished.inc({ type: job.type, status: job.status }));
      if (job.status === 'failed' || job.status === 'partial')
        await notify(
          tx,
          job.customerIds.map((customerId) => ({
            customerId,
            type: `job.${job.status as 'failed' | 'partial'}` as const,
            payload: { jobId: job.id, type: job.type, status: job.status },
          })),
        );
    }
    const lines: LogLine[] = logs
      .filter((l) => l.jobId === jobId)
      .map((l) => ({ ...l, at: l.at.toISOString() }));
    if (job.finishedAt && job.status !== 'cancelled') lines.push(await finishLine(tx, job));
    const devices: DeviceProgress[] = mine.map(({ r, row }) => ({
      deviceId: r.device.id,
      hostname: r.device.hostname,
      status: row.status,
      summary: row.summary,
      errorCategory: row.error_category,
      attempts: r.attempts,
      durationMs: row.duration_ms,
      credentialName: row.credential_name,
    }));
    await publishJobEvent(tx, { jobId, job: countsOf(job), devices, logs: lines });
  }
  return new Set(claimed);
}

/**
 * A device's output as its job type's schema describes it: the API serves it typed by that
 * schema, so an output that does not fit (a handler's bug) is not stored and fails the device.
 */
function checkedOutput(
  registry: JobRegistry,
  r: TaskResult,
  raw: unknown,
): { value?: unknown; error?: { category: FailureCategory; message: string } } {
  if (raw === undefined || raw === null) return {};
  const schema = registry.get(r.job.type)?.output;
  const parsed = schema?.safeParse(raw);
  if (!parsed || parsed.success) return { value: raw };
  return {
    error: {
      category: 'parse_error',
      message: `webnet's ${r.job.type} output did not fit its schema: ${parsed.error.issues[0]?.message}`,
    },
  };
}

async function storeOutcomes(tx: Tx, registry: JobRegistry, claimed: TaskResult[]) {
  const stored = new Map<TaskResult, Stored>();
  const byType = new Map<string, TaskResult[]>();
  for (const r of claimed) {
    if (r.kind !== 'success' || r.outcome?.error || r.outcome?.value === undefined) continue;
    byType.set(r.job.type, [...(byType.get(r.job.type) ?? []), r]);
  }
  for (const [type, list] of byType) {
    const handler = registry.get(type as TaskJob['type']);
    if (!handler?.store) continue;
    const out = await handler.store(
      tx,
      list.map((r) => ({
        device: r.device,
        jobId: r.job.id,
        requestedByName: r.job.requestedByName,
        value: r.outcome!.value,
        at: r.finishedAt,
      })),
    );
    for (const [i, r] of list.entries()) stored.set(r, out[i]!);
  }
  return stored;
}

type Recorded = {
  r: TaskResult;
  status: DeviceResultStatus;
  row: { error_category: string | null; error: string | null };
};

/**
 * Whether a job type's tasks talk to the inventory devices they name. One whose targets are work
 * items of its own (an address range, a NetBox source, a group of devices whose stored data it
 * works on) names no inventory device, and proves nothing about one's reachability.
 */
const reachesDevices = (handler: JobHandler | undefined) =>
  !!handler && !handler.resolveTargets && (handler.devicesPerItem ?? 1) === 1;

function observationsOf(registry: JobRegistry, recorded: Recorded[]): Observation[] {
  return recorded.flatMap(({ r, status, row }): Observation[] => {
    const handler = registry.get(r.job.type);
    if (!reachesDevices(handler)) return [];
    // A backup's final result (not a retry or a cancellation) is the device's last backup.
    const backup =
      handler?.isBackup && (status === 'success' || status === 'failed')
        ? {
            jobId: r.job.id,
            at: r.finishedAt,
            ok: status === 'success',
            category: row.error_category,
            error: row.error,
          }
        : undefined;
    // A device trying the customer's credentials remembers the one that logged in.
    const learned = r.device.fallback ? r.report?.credential?.id : undefined;
    if (r.kind === 'success')
      return [
        {
          deviceId: r.device.id,
          reachable: true,
          hostKey: r.outcome?.hostKey,
          credentialId: learned,
          backup,
        },
      ];
    if (r.kind === 'failed' && handler?.failureMarksUnreachable)
      return [{ deviceId: r.device.id, reachable: false, why: row.error ?? row.error_category }];
    if (r.report?.credentialsFailed || backup)
      return [{ deviceId: r.device.id, credentialsFailed: r.report?.credentialsFailed === true, backup }];
    return [];
  });
}

/** Adds a batch's outcomes to the job's counts and ends the job when every device is done. */
async function countResults(
  tx: Tx,
  jobId: string,
  rows: { status: string; count: Stored['count'] }[],
): Promise<{
  job: typeof jobs.$inferSelect;
  finishedNow: boolean;
  /** A cancelled job's last running devices are recorded now: it has ended (see JobHandler.finished). */
  lastAfterCancel: boolean;
}> {
  const finals = rows.filter((x) => x.status !== 'queued');
  const n = (s: string) => finals.filter((x) => x.status === s).length;
  const [current] = await tx.select().from(jobs).where(sql`${jobs.id} = ${jobId}`).for('update');
  const summary = { ...current!.summary };
  for (const x of finals) {
    const counts = typeof x.count === 'string' ? { [x.count]: 1 } : (x.count ?? {});
    for (const [k, v] of Object.entries(counts)) if (v) summary[k] = (summary[k] ?? 0) + v;
  }
  const next = {
    ...current!,
    done: current!.done + finals.length,
    succeeded: current!.succeeded + n('success'),
    failed: current!.failed + n('failed'),
    cancelled: current!.cancelled + n('cancelled'),
    summary,
  };
  const finished = next.done >= next.total && !current!.finishedAt;
  const [row] = await tx
    .update(jobs)
    .set({
      done: next.done,
      succeeded: next.succeeded,
      failed: next.failed,
      cancelled: next.cancelled,
      summary,
      status: finished ? finalStatus(next) : next.status,
      finishedAt: finished ? new Date() : next.finishedAt,
    })
    .where(sql`${jobs.id} = ${jobId}`)
    .returning();
  const lastAfterCancel =
    current!.status === 'cancelled' && current!.done < current!.total && next.done >= next.total;
  return { job: row!, finishedNow: finished, lastAfterCancel };
}

async function finishLine(tx: Tx, job: typeof jobs.$inferSelect): Promise<LogLine> {
  const extra = Object.entries(job.summary)
    .map(([k, v]) => `${v} ${k}`)
    .join(', ');
  const message = `job ${job.status}: ${job.succeeded} succeeded, ${job.failed} failed${job.cancelled ? `, ${job.cancelled} cancelled` : ''}${extra ? ` (${extra})` : ''}`;
  const [log] = await tx
    .insert(jobLogs)
    .values({ jobId: job.id, level: job.status === 'success' ? 'info' : 'warn', message })
    .returning();
  return { ...log!, at: log!.at.toISOString() };
}
