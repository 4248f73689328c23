import { and, asc, eq, lte, type SQL } from 'drizzle-orm';
import type { Db, Executor } from '../../platform/db/client.ts';
import { paginate } from '../../platform/db/paging.ts';
import { badRequest, type FieldError, notFound } from '../../platform/errors.ts';
import { type Actor, customerSetScope, requireRole } from '../../platform/tenancy.ts';
import { recordAudit } from '../audit/service.ts';
import { actorForUser } from '../auth/authenticate.ts';
import { resolveDevices } from '../devices/service.ts';
import type { JobCreate } from '../jobs/schemas.ts';
import { createJob, type JobDeps } from '../jobs/service.ts';
import type { ScheduleCreate, ScheduleUpdate } from './schemas.ts';
import { schedules } from './table.ts';
import { checkCron, nextRun, type Timing } from './timing.ts';

type Row = typeof schedules.$inferSelect;

const scheduleScope = (actor: Actor): SQL => customerSetScope(actor, schedules.customerIds);

type TimingFields = Pick<Row, 'kind' | 'cron' | 'timezone' | 'intervalMinutes' | 'runAt' | 'createdAt'>;

/** The timing of a schedule, or the fields that are missing or wrong for its kind. */
function timingOf(f: TimingFields): Timing | FieldError[] {
  if (f.kind === 'cron') {
    if (!f.cron) return [{ field: 'cron', message: 'required for kind cron' }];
    try {
      checkCron(f.cron, f.timezone);
    } catch (err) {
      const message = (err as Error).message;
      return [{ field: /time zone/.test(message) ? 'timezone' : 'cron', message }];
    }
    return { kind: 'cron', cron: f.cron, timezone: f.timezone };
  }
  if (f.kind === 'interval') {
    if (!f.intervalMinutes) return [{ field: 'intervalMinutes', message: 'required for kind interval' }];
    return { kind: 'interval', intervalMinutes: f.intervalMinutes, anchor: f.createdAt };
  }
  if (!f.runAt) return [{ field: 'runAt', message: 'required for kind once' }];
  return { kind: 'once', runAt: f.runAt };
}

function mustTime(f: TimingFields): Timing {
  const t = timingOf(f);
  if (Array.isArray(t)) throw badRequest(t.map((e) => `${e.field}: ${e.message}`).join('; '), t);
  return t;
}

/** The customers a job request reaches for this actor; at least one device must match. */
async function customersOf(db: Executor, actor: Actor, job: JobCreate): Promise<string[]> {
  const devices = await resolveDevices(db, actor, {
    ids: job.targets.deviceIds,
    filter: job.targets.filter ?? {},
  });
  if (devices.length === 0)
    throw badRequest('no enabled device you can see matches the targets', [
      { field: 'job.targets', message: 'match no enabled device' },
    ]);
  return [...new Set(devices.map((d) => d.customerId))];
}

export async function createSchedule(db: Db, actor: Actor, input: ScheduleCreate) {
  requireRole(actor, 'operator');
  const now = new Date();
  const fields = {
    kind: input.kind,
    cron: input.cron ?? null,
    timezone: input.timezone,
    intervalMinutes: input.intervalMinutes ?? null,
    runAt: input.runAt ?? null,
    createdAt: now,
  };
  const timing = mustTime(fields);
  const customerIds = await customersOf(db, actor, input.job);
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(schedules)
      .values({
        ...fields,
        name: input.name,
        enabled: input.enabled,
        customerIds,
        jobType: input.job.type,
        targets: input.job.targets,
        payload: input.job.payload,
        options: input.job.options,
        ownerId: actor.userId,
        ownerName: actor.username,
        nextRunAt: input.enabled ? nextRun(timing, now) : null,
      })
      .returning();
    for (const customerId of customerIds)
      await recordAudit(tx, actor, {
        action: 'schedule.create',
        customerId,
        targetType: 'schedule',
        targetId: row!.id,
        targetName: row!.name,
      });
    return row!;
  });
}

export async function getSchedule(exec: Executor, actor: Actor, id: string) {
  const [row] = await exec
    .select()
    .from(schedules)
    .where(and(eq(schedules.id, id), scheduleScope(actor)));
  if (!row) throw notFound('schedule');
  return row;
}

export async function listSchedules(
  exec: Executor,
  actor: Actor,
  q: {
    page: number;
    pageSize: number;
    enabled?: 'true' | 'false' | undefined;
    jobType?: Row['jobType'] | undefined;
  },
) {
  const where: SQL[] = [scheduleScope(actor)];
  if (q.enabled) where.push(eq(schedules.enabled, q.enabled === 'true'));
  if (q.jobType) where.push(eq(schedules.jobType, q.jobType));
  const cond = and(...where);
  return paginate(exec, schedules, cond, q, (limit, offset) =>
    exec
      .select()
      .from(schedules)
      .where(cond)
      .orderBy(asc(schedules.name), asc(schedules.id))
      .limit(limit)
      .offset(offset),
  );
}

export async function updateSchedule(db: Db, actor: Actor, id: string, patch: ScheduleUpdate) {
  requireRole(actor, 'operator');
  const before = await getSchedule(db, actor, id);
  const merged = {
    kind: patch.kind ?? before.kind,
    cron: patch.cron ?? before.cron,
    timezone: patch.timezone ?? before.timezone,
    intervalMinutes: patch.intervalMinutes ?? before.intervalMinutes,
    runAt: patch.runAt ?? before.runAt,
    createdAt: before.createdAt,
  };
  const timing = mustTime(merged);
  const enabled = patch.enabled ?? before.enabled;
  const customerIds = patch.job ? await customersOf(db, actor, patch.job) : before.customerIds;
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(schedules)
      .set({
        ...merged,
        name: patch.name ?? before.name,
        enabled,
        customerIds,
        ...(patch.job
          ? {
              jobType: patch.job.type,
              targets: patch.job.targets,
              payload: patch.job.payload,
              options: patch.job.options,
            }
          : {}),
        nextRunAt: enabled ? nextRun(timing, new Date()) : null,
        updatedAt: new Date(),
      })
      .where(eq(schedules.id, id))
      .returning();
    for (const customerId of customerIds)
      await recordAudit(tx, actor, {
        action: 'schedule.update',
        customerId,
        targetType: 'schedule',
        targetId: id,
        targetName: row!.name,
        details: { changed: Object.keys(patch) },
      });
    return row!;
  });
}

export async function deleteSchedule(db: Db, actor: Actor, id: string) {
  requireRole(actor, 'operator');
  await db.transaction(async (tx) => {
    const row = await getSchedule(tx, actor, id);
    await tx.delete(schedules).where(eq(schedules.id, id));
    for (const customerId of row.customerIds)
      await recordAudit(tx, actor, {
        action: 'schedule.delete',
        customerId,
        targetType: 'schedule',
        targetId: id,
      });
  });
}

/**
 * Starts the jobs of every schedule that is due. Each schedule is locked while its job is created
 * and its next slot set, in one transaction: several workers running this at once start one job
 * per slot, never two. Returns the ids of the jobs started.
 */
export async function runDueSchedules(deps: JobDeps, now = new Date()): Promise<string[]> {
  const due = await deps.db
    .select({ id: schedules.id })
    .from(schedules)
    .where(and(eq(schedules.enabled, true), lte(schedules.nextRunAt, now)))
    .orderBy(asc(schedules.nextRunAt))
    .limit(50);
  const started: string[] = [];
  for (const { id } of due) {
    const jobId = await deps.db.transaction(async (tx) => {
      const [row] = await tx
        .select()
        .from(schedules)
        .where(and(eq(schedules.id, id), eq(schedules.enabled, true), lte(schedules.nextRunAt, now)))
        .for('update', { skipLocked: true });
      if (!row) return undefined; // another worker has it, or it moved
      const next = nextRun(mustTime(row), now);
      let job: { id: string } | undefined;
      let error: string | null = null;
      try {
        const actor = await actorForUser(tx as unknown as Db, row.ownerId);
        if (!actor) throw new Error(`its owner ${row.ownerName} is no longer an active user`);
        const filter = (row.targets.filter ?? {}) as { customerId?: string[] };
        const customerId = (filter.customerId ?? row.customerIds).filter((c) => row.customerIds.includes(c));
        // A savepoint: a job that cannot start leaves the schedule's own update standing.
        job = await tx.transaction((inner) =>
          createJob(
            { ...deps, db: inner as unknown as Db },
            actor,
            {
              type: row.jobType,
              targets: { deviceIds: row.targets.deviceIds, filter: { ...filter, customerId } },
              payload: row.payload,
              options: row.options,
            } as JobCreate,
            { scheduleId: row.id },
          ),
        );
      } catch (err) {
        error = (err as Error).message;
      }
      await tx
        .update(schedules)
        .set({
          lastRunAt: now,
          lastJobId: job?.id ?? row.lastJobId,
          lastError: error,
          nextRunAt: next,
          // A one-off that ran is done.
          enabled: next !== null,
        })
        .where(eq(schedules.id, id));
      return job?.id;
    });
    if (jobId) started.push(jobId);
  }
  return started;
}
