import { sql } from 'drizzle-orm';
import type { JobWithMetadata } from 'pg-boss';
import { type Db, inUuids, queryRows } from '../../platform/db/client.ts';
import { publishingQuery } from '../../platform/events.ts';
import type { SecretBox } from '../../platform/secrets.ts';
import { fallbackCredentials, openCredentials } from '../credentials/service.ts';
import { devicesForTasks } from '../devices/observations.ts';
import { hasWorkItems, type TaskDevice } from './contract.ts';
import { jobEventPayloads } from './events.ts';
import type { TaskJob } from './results.ts';
import type { TaskData } from './tasks.ts';

/** What the loader needs of a queue task: a device task, or one device of a batch. */
export type DeviceTask = { id: string; retryCount: number; data: TaskData };

export type LoadedTask<T extends DeviceTask = JobWithMetadata<TaskData>> = {
  task: T;
  job?: TaskJob;
  device?: TaskDevice;
  /** This run's attempt number (1 for the first). */
  attempts: number;
  /** Why the attempt before this one failed, when it did. */
  lastError?: string | null;
  /** False when there is nothing to do: the job was cancelled, the device is done or gone. */
  runnable: boolean;
  /** The device was deleted while its job waited: it is recorded as failed. */
  deviceGone?: boolean;
};

type Row = {
  job_id: string;
  device_id: string;
  status: string;
  attempts: number;
  type: TaskJob['type'];
  job_status: TaskJob['status'];
  payload: Record<string, unknown>;
  options: TaskJob['options'];
  requested_by_name: string;
  hostname: string;
  customer_id: string;
  error: string | null;
  device_ids: string[] | null;
};

/** Devices as tasks see them, with their credentials opened (their own, or the ones to try). */
export async function taskDevices(
  db: Db,
  secrets: SecretBox,
  ids: string[],
): Promise<Map<string, TaskDevice>> {
  const rows = await devicesForTasks(db, ids);
  const credentialIds = rows.map((d) => d.credentialId).filter((c): c is string => !!c);
  const credentials = await openCredentials(db, secrets, credentialIds);
  const fallback = await fallbackCredentials(
    db,
    secrets,
    rows.filter((d) => !d.credentialId),
  );
  return new Map(
    rows.map((d) => {
      const own = d.credentialId ? credentials.get(d.credentialId) : undefined;
      const choices = d.credentialId ? (own ? [own] : []) : (fallback.get(d.id) ?? []);
      return [
        d.id,
        {
          id: d.id,
          customerId: d.customerId,
          hostname: d.hostname,
          mgmtIp: d.mgmtIp,
          port: d.port,
          platform: d.platform,
          legacySsh: d.legacySsh,
          transport: d.transport,
          hostKey: d.hostKey,
          credential: choices[0]?.credential,
          credentials: choices,
          fallback: !d.credentialId,
          credentialsFailedAt: d.credentialId ? null : d.credentialsFailedAt,
        },
      ];
    }),
  );
}

/** Everything a batch of tasks needs, in three queries: results and jobs, devices, credentials. */
export async function loadTasks<T extends DeviceTask>(
  db: Db,
  secrets: SecretBox,
  tasks: T[],
): Promise<LoadedTask<T>[]> {
  const rows = await queryRows<Row>(
    db,
    sql`select jd.job_id, jd.device_id, jd.status, jd.attempts, jd.error, j.type, j.status as job_status, j.payload,
               j.options, j.requested_by_name, jd.hostname, jd.customer_id, jd.device_ids
        from job_devices jd join jobs j on j.id = jd.job_id
        where (jd.job_id, jd.device_id) in (select * from unnest(
          ${`{${tasks.map((t) => t.data.jobId).join(',')}}`}::uuid[],
          ${`{${tasks.map((t) => t.data.deviceId).join(',')}}`}::uuid[]))`,
  );
  const byKey = new Map(rows.map((r) => [`${r.job_id}/${r.device_id}`, r]));
  const devices = await taskDevices(
    db,
    secrets,
    tasks.map((t) => t.data.deviceId),
  );
  for (const [id, item] of await workItems(db, secrets, rows)) devices.set(id, item);
  return tasks.map((task) => {
    const row = byKey.get(`${task.data.jobId}/${task.data.deviceId}`);
    const d = devices.get(task.data.deviceId);
    if (!row) return { task, attempts: 0, runnable: false };
    const job: TaskJob = {
      id: row.job_id,
      type: row.type,
      status: row.job_status,
      payload: row.payload,
      options: row.options,
      requestedByName: row.requested_by_name,
    };
    const open = row.status === 'queued' || row.status === 'running';
    if (!d) {
      const gone: TaskDevice = {
        id: task.data.deviceId,
        customerId: row.customer_id,
        hostname: row.hostname,
        mgmtIp: '',
        port: 0,
        platform: '',
        legacySsh: false,
        hostKey: null,
        credential: undefined,
        credentials: [],
      };
      return { task, job, device: gone, attempts: row.attempts + 1, runnable: false, deviceGone: open };
    }
    const device = d;
    const runnable = open && job.status !== 'cancelled';
    return { task, job, device, attempts: row.attempts + 1, runnable, lastError: row.error };
  });
}

/**
 * A job's own work items (a discovery's address blocks, a group of devices) as tasks see them: the
 * label as the address, the devices a group stands for, and the customer's credentials in order
 * (those without a scope: an address no one has described yet matches no tags, site or role).
 */
async function workItems(db: Db, secrets: SecretBox, rows: Row[]): Promise<Map<string, TaskDevice>> {
  const items = rows.filter((r) => hasWorkItems(r.type));
  const out = new Map<string, TaskDevice>();
  if (items.length === 0) return out;
  const customers = [...new Set(items.map((r) => r.customer_id))];
  const choices = await fallbackCredentials(
    db,
    secrets,
    customers.map((c) => ({ id: c, customerId: c, tags: [], site: '', role: '', learnedCredentialId: null })),
  );
  for (const r of items) {
    const credentials = choices.get(r.customer_id) ?? [];
    out.set(r.device_id, {
      id: r.device_id,
      customerId: r.customer_id,
      hostname: r.hostname,
      mgmtIp: r.hostname,
      port: 0,
      platform: '',
      legacySsh: false,
      hostKey: null,
      credential: credentials[0]?.credential,
      credentials,
      ...(r.device_ids ? { deviceIds: r.device_ids } : {}),
    });
  }
  return out;
}

/**
 * Marks devices running, their jobs running if they were queued, and tells the job pages: one
 * statement (a transaction of its own), where a transaction of four cost five round trips each
 * time sessions start, some 230 times in a 10,000-device backup.
 */
export async function markRunning(db: Db, loaded: LoadedTask<DeviceTask>[]): Promise<void> {
  if (loaded.length === 0) return;
  const jobIds = [...new Set(loaded.map((l) => l.job!.id))];
  const startedAt = new Date().toISOString();
  const events = jobIds.flatMap((jobId) =>
    jobEventPayloads({
      jobId,
      devices: loaded
        .filter((l) => l.job!.id === jobId)
        .map((l) => ({
          deviceId: l.device!.id,
          hostname: l.device!.hostname,
          status: 'running' as const,
          attempts: l.attempts,
          startedAt,
        })),
    }),
  );
  await db.execute(sql`
    with marked as (
      update job_devices set status = 'running', attempts = attempts + 1, started_at = now()
      where (job_id, device_id) in (select * from unnest(
        ${`{${loaded.map((l) => l.job!.id).join(',')}}`}::uuid[],
        ${`{${loaded.map((l) => l.device!.id).join(',')}}`}::uuid[]))
        -- A device cancelled while it waited for a slot stays cancelled (tested on the row found
        -- by its key: see jobDevices on why no index serves a status).
        and status in ('queued', 'running')
      returning 1),
    started as (
      update jobs set status = 'running', started_at = coalesce(started_at, now())
      where ${inUuids(sql`id`, jobIds)} and status = 'queued'
      returning 1)
    ${publishingQuery(events)}`);
}
