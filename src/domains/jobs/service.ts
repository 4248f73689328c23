import { randomUUID } from 'node:crypto';
import { and, asc, desc, eq, getTableColumns, gt, ilike, inArray, type SQL, sql } from 'drizzle-orm';
import { fromDrizzle } from 'pg-boss';
import type { Db, Executor } from '../../platform/db/client.ts';
import { containsPattern, paginate } from '../../platform/db/paging.ts';
import { refreshStatistics } from '../../platform/db/statistics.ts';
import { badRequest, conflict, notFound } from '../../platform/errors.ts';
import type { EventBus } from '../../platform/events.ts';
import { type Queue, refreshQueueStatistics } from '../../platform/queue.ts';
import { type Actor, customerSetScope, requireRole } from '../../platform/tenancy.ts';
import { recordAudit } from '../audit/service.ts';
import { resolveDevices } from '../devices/service.ts';
import {
  devicesPerItem,
  finishedHook,
  hasWorkItems,
  retryPayloadOf,
  targetResolver,
  type WorkItem,
} from './contract.ts';
import { CANCEL_TOPIC, ENQUEUED_TOPIC, publishJobEvent, SKIP_TOPIC } from './events.ts';
import { jobsFinished } from './metrics.ts';
import type { JobCreate, JobListQuery } from './schemas.ts';
import { jobDevices, jobLogs, jobs } from './table.ts';
import { DEAD_QUEUE, TASK_QUEUE, type TaskData } from './tasks.ts';

export type JobDeps = { db: Db; queue: Queue; events: EventBus };

const CHUNK = 1000;
const chunks = <T>(list: T[], size = CHUNK) =>
  Array.from({ length: Math.ceil(list.length / size) }, (_, i) => list.slice(i * size, (i + 1) * size));

/** A user sees a job only when they see every customer it touched. */
export const jobScope = (actor: Actor): SQL => customerSetScope(actor, jobs.customerIds);

/** A job this large changes the task tables enough that the planner's statistics mislead it. */
const ANALYZE_AFTER_TASKS = 1000;

export type JobOrigin = { scheduleId?: string; retryOf?: string };

/**
 * Devices grouped into work items (JobHandler.devicesPerItem): `size` at most, each of one
 * customer (a row of the job is seen by whoever sees its customer), in the order they came
 * (by hostname), labelled by their first and last.
 */
export function groupedItems(devices: WorkItem[], size: number): WorkItem[] {
  const byCustomer = Map.groupBy(devices, (d) => d.customerId);
  return [...byCustomer].flatMap(([customerId, list]) =>
    chunks(list, size).map((group) => {
      const first = group[0]!.hostname;
      const last = group.at(-1)!.hostname;
      const n = group.length;
      return {
        id: randomUUID(),
        customerId,
        hostname: `${n === 1 ? first : `${first} … ${last}`} (${n} device${n === 1 ? '' : 's'})`,
        deviceIds: group.map((d) => d.id),
      };
    }),
  );
}

/**
 * Creates the job and one queue task per device in one transaction: either the whole fan-out is
 * queued or nothing is. Disabled devices are left out.
 */
export async function createJob(deps: JobDeps, actor: Actor, input: JobCreate, origin: JobOrigin = {}) {
  requireRole(actor, 'operator');
  const ownTargets = targetResolver(input.type);
  const resolved: WorkItem[] = ownTargets
    ? await ownTargets(deps.db, actor, input.payload)
    : await resolveDevices(deps.db, actor, {
        ids: input.targets.deviceIds,
        filter: input.targets.filter ?? {},
      });
  if (resolved.length === 0)
    throw badRequest('no enabled device you can see matches the targets', [
      { field: 'targets', message: 'match no enabled device' },
    ]);
  const perItem = devicesPerItem(input.type);
  const targets = perItem > 1 ? groupedItems(resolved, perItem) : resolved;
  const customerIds = [...new Set(targets.map((t) => t.customerId))];
  const { options } = input;
  const job = await deps.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(jobs)
      .values({
        customerIds,
        type: input.type,
        targets: input.targets,
        payload: input.payload,
        options,
        requestedBy: actor.via === 'system' ? null : actor.userId,
        requestedByName: actor.username,
        scheduleId: origin.scheduleId ?? null,
        retryOf: origin.retryOf ?? null,
        total: targets.length,
      })
      .returning();
    const jobId = row!.id;
    const retry = {
      // Our own attempt count decides on device retries; these spare ones cover crashed workers.
      retryLimit: options.retries + 3,
      retryDelay: 2,
      retryBackoff: true,
      retryDelayMax: 60,
      expireInSeconds: options.timeoutSeconds + 60,
      heartbeatSeconds: 10,
      deadLetter: DEAD_QUEUE,
    };
    const onTx = { db: fromDrizzle(tx as unknown as Parameters<typeof fromDrizzle>[0], sql) };
    const rows = targets.map((t) => ({ ...t, taskId: randomUUID() }));
    for (const part of chunks(rows)) {
      // One JSON parameter per thousand devices: a 100,000-device job is created in seconds.
      await tx.execute(
        sql`insert into ${jobDevices} (job_id, device_id, customer_id, hostname, task_id, device_ids)
            select ${jobId}::uuid, device_id, customer_id, hostname, task_id, device_ids
            from json_to_recordset(${JSON.stringify(
              part.map((t) => ({
                device_id: t.id,
                customer_id: t.customerId,
                hostname: t.hostname,
                task_id: t.taskId,
                device_ids: t.deviceIds ? `{${t.deviceIds.join(',')}}` : null,
              })),
            )}::json) as x(device_id uuid, customer_id uuid, hostname text, task_id uuid, device_ids uuid[])`,
      );
      await deps.queue.insert(
        TASK_QUEUE,
        part.map((t) => ({
          id: t.taskId,
          data: { jobId, deviceId: t.id } satisfies TaskData,
          // A group per job lets every worker hold the job to its concurrency (the tier names it).
          group: { id: jobId, tier: String(options.concurrency) },
          ...retry,
        })),
        // drizzle's execute() is typed loosely; its result has the `rows` the adapter reads.
        onTx,
      );
    }
    for (const customerId of customerIds) {
      const mine = targets.filter((t) => t.customerId === customerId);
      await recordAudit(tx, actor, {
        action: 'job.create',
        customerId,
        targetType: 'job',
        targetId: jobId,
        targetName: input.type,
        details: { devices: mine.reduce((n, t) => n + (t.deviceIds?.length ?? 1), 0) },
      });
    }
    await deps.events.publish({ topic: ENQUEUED_TOPIC, jobId }, tx);
    return row!;
  });
  if (targets.length >= ANALYZE_AFTER_TASKS) {
    await refreshQueueStatistics(deps.db, TASK_QUEUE);
    // The job's devices too: with statistics from before them, the planner hashed the whole table
    // to find each batch's 50 devices (marked running, loaded, recorded) instead of looking them
    // up by key: 2.8-4.1 ms against 0.8-1.4 ms a batch at 10,000 devices (EXPLAIN ANALYZE).
    await refreshStatistics(deps.db, ['job_devices']);
  }
  return job;
}

export async function getJob(exec: Executor, actor: Actor, id: string) {
  const [row] = await exec
    .select()
    .from(jobs)
    .where(and(eq(jobs.id, id), jobScope(actor)));
  if (!row) throw notFound('job');
  return row;
}

export async function listJobs(exec: Executor, actor: Actor, q: JobListQuery) {
  const where: SQL[] = [jobScope(actor)];
  if (q.type?.length) where.push(inArray(jobs.type, q.type));
  if (q.status?.length) where.push(inArray(jobs.status, q.status));
  if (q.customerId) where.push(sql`${q.customerId}::uuid = any(${jobs.customerIds})`);
  if (q.deviceId)
    where.push(
      sql`exists (select 1 from ${jobDevices} where ${jobDevices.jobId} = ${jobs.id} and ${jobDevices.deviceId} = ${q.deviceId})`,
    );
  const cond = and(...where);
  return paginate(exec, jobs, cond, q, (limit, offset) =>
    exec
      .select()
      .from(jobs)
      .where(cond)
      .orderBy(desc(jobs.createdAt), desc(jobs.id))
      .limit(limit)
      .offset(offset),
  );
}

export type JobDeviceQuery = {
  page: number;
  pageSize: number;
  status?: string[] | undefined;
  q?: string | undefined;
  output: 'true' | 'false';
};

export async function listJobDevices(exec: Executor, actor: Actor, id: string, q: JobDeviceQuery) {
  const job = await getJob(exec, actor, id);
  const where: SQL[] = [eq(jobDevices.jobId, id)];
  if (q.status?.length) where.push(inArray(jobDevices.status, q.status as never[]));
  if (q.q) where.push(ilike(jobDevices.hostname, containsPattern(q.q)));
  const cond = and(...where);
  const { taskId: _, jobId: __, deviceIds: ___, output, ...rest } = getTableColumns(jobDevices);
  const columns = q.output === 'true' ? { ...rest, output } : rest;
  const rows = async (limit: number, offset: number) => {
    const found = await exec
      .select(columns)
      .from(jobDevices)
      .where(cond)
      .orderBy(asc(jobDevices.hostname), asc(jobDevices.deviceId))
      .limit(limit)
      .offset(offset);
    // The output was checked against the job type's output schema when it was stored.
    return found.map((r) => ({ jobType: job.type, output: null, ...r }));
  };
  // Unfiltered, the job's own total is the count: no scan of a 100,000-device job per page.
  if (where.length === 1) {
    const items = await rows(q.pageSize, (q.page - 1) * q.pageSize);
    return { items, total: job.total, page: q.page, pageSize: q.pageSize };
  }
  return paginate(exec, jobDevices, cond, q, rows);
}

export async function listJobLogs(
  exec: Executor,
  actor: Actor,
  id: string,
  q: { after: number; limit: number },
) {
  await getJob(exec, actor, id);
  return exec
    .select({
      id: jobLogs.id,
      deviceId: jobLogs.deviceId,
      hostname: jobLogs.hostname,
      level: jobLogs.level,
      message: jobLogs.message,
      at: jobLogs.at,
    })
    .from(jobLogs)
    .where(and(eq(jobLogs.jobId, id), gt(jobLogs.id, q.after)))
    .orderBy(asc(jobLogs.id))
    .limit(q.limit);
}

/**
 * Stops a job: devices not started yet are cancelled and their tasks dropped from the queue, and
 * every worker running one of its devices is told to abort that session.
 */
export async function cancelJob(deps: JobDeps, actor: Actor, id: string) {
  requireRole(actor, 'operator');
  const { job, taskIds } = await deps.db.transaction(async (tx) => {
    const current = await getJob(tx, actor, id);
    if (current.status !== 'queued' && current.status !== 'running')
      throw conflict(`the job has already ended (${current.status})`, 'status');
    const dropped = await tx
      .update(jobDevices)
      .set({ status: 'cancelled', summary: 'cancelled before it started', finishedAt: new Date() })
      .where(and(eq(jobDevices.jobId, id), eq(jobDevices.status, 'queued')))
      .returning({ taskId: jobDevices.taskId });
    const [row] = await tx
      .update(jobs)
      .set({
        status: 'cancelled',
        finishedAt: new Date(),
        done: sql`${jobs.done} + ${dropped.length}`,
        cancelled: sql`${jobs.cancelled} + ${dropped.length}`,
      })
      .where(eq(jobs.id, id))
      .returning();
    const [log] = await tx
      .insert(jobLogs)
      .values({ jobId: id, level: 'warn', message: `cancelled by ${actor.username}` })
      .returning();
    for (const customerId of current.customerIds)
      await recordAudit(tx, actor, { action: 'job.cancel', customerId, targetType: 'job', targetId: id });
    // Nothing left running (a batched job's devices are never marked running): the job ends here.
    const finished = finishedHook(row!.type);
    if (finished && row!.done >= row!.total) await finished(tx, row!, { queue: deps.queue });
    await deps.events.publish({ topic: CANCEL_TOPIC, jobId: id }, tx);
    await publishJobEvent(tx, {
      jobId: id,
      job: countsOf(row!),
      logs: [{ ...log!, at: log!.at.toISOString() }],
    });
    return { job: row!, taskIds: dropped.map((d) => d.taskId) };
  });
  // Ended here, whatever its running devices still report: counted once, as every other ending is.
  jobsFinished.inc({ type: job.type, status: 'cancelled' });
  // After the commit: a worker that fetches one of these meanwhile finds the device cancelled.
  for (const part of chunks(taskIds)) await deps.queue.cancel(TASK_QUEUE, part).catch(() => undefined);
  return job;
}

/**
 * Lets one running device of a job go (a device that hangs holds a job for its whole timeout):
 * the worker holding it aborts its session and records it cancelled, "skipped by" whoever asked;
 * the job goes on. A change's devices are never skipped one by one (a push is never left half
 * done in silence: the change is cancelled as a whole), nor devices that open no session.
 */
export async function skipDevice(deps: JobDeps, actor: Actor, jobId: string, deviceId: string) {
  requireRole(actor, 'operator');
  await deps.db.transaction(async (tx) => {
    const job = await getJob(tx, actor, jobId);
    if (hasWorkItems(job.type) || job.type.startsWith('change_'))
      throw conflict(`the devices of a ${job.type} job are not skipped one by one`, 'type');
    const [device] = await tx
      .select({ status: jobDevices.status, hostname: jobDevices.hostname, customerId: jobDevices.customerId })
      .from(jobDevices)
      .where(and(eq(jobDevices.jobId, jobId), eq(jobDevices.deviceId, deviceId)));
    if (!device) throw notFound('job device');
    if (device.status !== 'running')
      throw conflict(`only a running device is skipped; this one is ${device.status}`, 'status');
    const [log] = await tx
      .insert(jobLogs)
      .values({
        jobId,
        deviceId,
        hostname: device.hostname,
        level: 'warn',
        message: `skipped by ${actor.username}`,
      })
      .returning();
    await recordAudit(tx, actor, {
      action: 'job.skip_device',
      customerId: device.customerId,
      targetType: 'job',
      targetId: jobId,
      targetName: device.hostname,
    });
    await deps.events.publish({ topic: SKIP_TOPIC, jobId, deviceId, by: actor.username }, tx);
    await publishJobEvent(tx, { jobId, logs: [{ ...log!, at: log!.at.toISOString() }] });
  });
}

/** Failed devices of a finished job, as a new job of the same type and payload. */
export async function retryFailed(deps: JobDeps, actor: Actor, id: string) {
  requireRole(actor, 'operator');
  const job = await getJob(deps.db, actor, id);
  if (job.status === 'queued' || job.status === 'running')
    throw conflict('the job is still running; retry its failed devices when it ends', 'status');
  const failed = await deps.db
    .select({ id: jobDevices.deviceId, label: jobDevices.hostname, deviceIds: jobDevices.deviceIds })
    .from(jobDevices)
    .where(and(eq(jobDevices.jobId, id), eq(jobDevices.status, 'failed')));
  if (failed.length === 0) throw conflict('no device of this job failed', 'status');
  const base = { type: job.type, payload: job.payload, options: job.options };
  if (targetResolver(job.type)) {
    // Work items of its own (a discovery's address blocks): the payload names the failed ones.
    const retrier = retryPayloadOf(job.type);
    if (!retrier) throw conflict(`a ${job.type} job cannot retry its failed items: run it again`, 'type');
    const payload = retrier(
      job.payload as Record<string, unknown>,
      failed.map((f) => f.label),
    );
    return createJob(deps, actor, { ...base, targets: {}, payload } as JobCreate, { retryOf: id });
  }
  return createJob(
    deps,
    actor,
    {
      ...base,
      // A failed group of devices (JobHandler.devicesPerItem) is tried again with its devices.
      targets: { deviceIds: failed.flatMap((f) => f.deviceIds ?? [f.id]) },
    } as JobCreate,
    { retryOf: id },
  );
}

export function countsOf(row: typeof jobs.$inferSelect) {
  return {
    status: row.status,
    total: row.total,
    done: row.done,
    succeeded: row.succeeded,
    failed: row.failed,
    cancelled: row.cancelled,
    summary: row.summary,
  };
}

/**
 * Ended jobs older than `days` go, with their device results and log lines. Snapshots they took
 * stay: the configuration history is kept for good.
 */
export async function pruneJobs(exec: Executor, days: number): Promise<number> {
  const gone = await exec
    .delete(jobs)
    .where(sql`${jobs.finishedAt} < now() - make_interval(days => ${days})`)
    .returning({ id: jobs.id });
  return gone.length;
}
