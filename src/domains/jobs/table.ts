import { sql } from 'drizzle-orm';
import {
  bigserial,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import type { CastEvent } from '../../netio/index.ts';

export const JOB_TYPES = [
  'run_commands',
  'config_backup',
  'refresh_facts',
  'reachability',
  'topology_discovery',
  'change_preview',
  'change_commit',
  'compliance_evaluate',
  'compliance_check',
  'network_discovery',
  'netbox_sync',
] as const;
export type JobType = (typeof JOB_TYPES)[number];

export const JOB_STATUSES = ['queued', 'running', 'success', 'partial', 'failed', 'cancelled'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];
export const FINAL_JOB_STATUSES: readonly JobStatus[] = ['success', 'partial', 'failed', 'cancelled'];

export const DEVICE_RESULT_STATUSES = ['queued', 'running', 'success', 'failed', 'cancelled'] as const;
export type DeviceResultStatus = (typeof DEVICE_RESULT_STATUSES)[number];

/** What a job runs on: listed devices, or every device a filter matches when the job is created. */
export type JobTargets = {
  deviceIds?: string[] | undefined;
  filter?: Record<string, unknown> | undefined;
};

export type JobOptions = {
  /** Devices of this job in flight at once, across every worker. */
  concurrency: number;
  /** Longest time one device may take, connection included. */
  timeoutSeconds: number;
  /** Further attempts after a failure that can succeed on retry (timeout, refused, reset). */
  retries: number;
  /** Whose device sessions keep their transcript: the failed devices' (default) or every one's. */
  transcripts?: 'failed' | 'all';
};

export type JobCounts = { total: number; done: number; succeeded: number; failed: number; cancelled: number };

export const jobs = pgTable(
  'jobs',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** Every customer whose devices the job touches: a user sees the job only if they see them all. */
    customerIds: uuid('customer_ids').array().notNull(),
    type: text('type', { enum: JOB_TYPES }).notNull(),
    status: text('status', { enum: JOB_STATUSES }).notNull().default('queued'),
    targets: jsonb('targets').$type<JobTargets>().notNull(),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull().default({}),
    options: jsonb('options').$type<JobOptions>().notNull(),
    requestedBy: uuid('requested_by'),
    requestedByName: text('requested_by_name').notNull(),
    /** The schedule that started it, or the job whose failed devices it retries. */
    scheduleId: uuid('schedule_id'),
    retryOf: uuid('retry_of'),
    total: integer('total').notNull().default(0),
    done: integer('done').notNull().default(0),
    succeeded: integer('succeeded').notNull().default(0),
    failed: integer('failed').notNull().default(0),
    cancelled: integer('cancelled').notNull().default(0),
    /** Per-type totals, such as how many configs changed. */
    summary: jsonb('summary').$type<Record<string, number>>().notNull().default({}),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    startedAt: timestamp('started_at', { withTimezone: true }),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (t) => [
    index('jobs_created_idx').on(t.createdAt),
    index('jobs_customers_idx').using('gin', t.customerIds),
    index('jobs_active_idx').on(t.status).where(sql`${t.status} in ('queued', 'running')`),
    check(
      'jobs_status_ck',
      sql`${t.status} in ('queued', 'running', 'success', 'partial', 'failed', 'cancelled')`,
    ),
  ],
);

/** One row per device of a job: its outcome, stored once however often the task ran. */
export const jobDevices = pgTable(
  'job_devices',
  {
    // No foreign key, on purpose: a job's devices are only ever inserted with the job, in the
    // transaction that creates it (createJob), so there is nothing for a key to check, and checked
    // per row it cost PostgreSQL 0.2 of the 0.33 CPU s a 10,000-device job took to create
    // (measured with and without it in turn). What its cascade did, a statement trigger does
    // (migration 0027, which replaced 0025's): a deleted job takes its devices along.
    jobId: uuid('job_id').notNull(),
    // No foreign key: a job's results outlive a device deleted later (its hostname is kept here),
    // and a device deleted mid-job is recorded as failed rather than leaving the job unfinished.
    deviceId: uuid('device_id').notNull(),
    customerId: uuid('customer_id').notNull(),
    /** As it was when the job ran; the device may be renamed later. */
    hostname: text('hostname').notNull(),
    taskId: uuid('task_id').notNull(),
    status: text('status', { enum: DEVICE_RESULT_STATUSES }).notNull().default('queued'),
    /** A short outcome: "changed", "unchanged", "3 commands", or why it failed. */
    summary: text('summary').notNull().default(''),
    errorCategory: text('error_category'),
    error: text('error'),
    attempts: integer('attempts').notNull().default(0),
    output: jsonb('output').$type<unknown>(),
    startedAt: timestamp('started_at', { withTimezone: true }),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    durationMs: integer('duration_ms'),
    /** The credential that logged in, when the device tried the customer's in turn. */
    credentialName: text('credential_name'),
    /**
     * A work item that groups inventory devices (JobHandler.devicesPerItem): the devices it stands
     * for, as they were when the job was created. Null on a device's own row.
     */
    deviceIds: uuid('device_ids').array(),
  },
  (t) => [
    primaryKey({ columns: [t.jobId, t.deviceId] }),
    index('job_devices_device_idx').on(t.deviceId, t.jobId),
    // No index on (job, status), on purpose: with statistics from before a job (its devices
    // queued, where most rows ended long ago), the planner took it to find a batch's devices and
    // read every queued device of the job per batch of 50 (2.2 ms against 0.8 by the key at
    // 10,000 devices, ten times that at 100,000: quadratic in the job's size). Without it, the
    // status changes that every device makes twice can update rows in place (HOT). A job's
    // devices by status (cancel, retry, the list's filter) are read through its key's prefix.
    // A job's devices in the order its pages list them: a page reads its rows, not the whole job.
    index('job_devices_order_idx').on(t.jobId, t.hostname, t.deviceId),
  ],
);

export const LOG_LEVELS = ['info', 'warn', 'error'] as const;

export const jobLogs = pgTable(
  'job_logs',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    // No foreign key, as for job_devices: a job's log lines are written in the transaction that
    // updates its row (its counts, or its creation), which holds the job as a key check would,
    // and checked per line the key cost PostgreSQL 0.4–0.56 CPU s per 10,000 lines against
    // 0.17–0.19 without it (a line per device of every job; measured in turn). A statement
    // trigger (migration 0027) takes a pruned job's lines along, as the cascade did.
    jobId: uuid('job_id').notNull(),
    deviceId: uuid('device_id'),
    hostname: text('hostname'),
    level: text('level', { enum: LOG_LEVELS }).notNull().default('info'),
    message: text('message').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('job_logs_job_idx').on(t.jobId, t.id)],
);

/**
 * A job device's session as it went over the wire (see netio's Transcript): what was sent, what
 * came back, when; secrets redacted, the last 256 KB. Kept for failed devices, or for every device
 * when the job asks; the last attempt's.
 */
export const jobTranscripts = pgTable(
  'job_transcripts',
  {
    // No foreign key, as for job_logs: written with the job's results; migration 0027's trigger
    // takes a pruned job's transcripts along.
    jobId: uuid('job_id').notNull(),
    deviceId: uuid('device_id').notNull(),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
    events: jsonb('events').$type<CastEvent[]>().notNull(),
    /** Characters dropped from the front to keep within the bound. */
    dropped: integer('dropped').notNull().default(0),
    size: integer('size').notNull(),
  },
  (t) => [primaryKey({ columns: [t.jobId, t.deviceId] })],
);
