import { sql } from 'drizzle-orm';
import {
  boolean,
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
import { customers } from '../customers/table.ts';
import type { JobTargets } from '../jobs/table.ts';

export const CHANGE_STATUSES = [
  'draft',
  'previewed',
  'awaiting_approval',
  'approved',
  'rejected',
  'running',
  'succeeded',
  'partial',
  'failed',
  'reverted',
  'cancelled',
] as const;
export type ChangeStatus = (typeof CHANGE_STATUSES)[number];

export const CHANGE_MODES = ['merge', 'replace'] as const;
export type ChangeMode = (typeof CHANGE_MODES)[number];

/** How a change reaches its devices: a canary first, then batches, stopping when too many fail. */
export type Rollout = {
  canary: number;
  batchSize: number;
  pauseSeconds: number;
  /** Stop when more than this share of a batch fails (0–100). */
  maxFailurePercent: number;
};

/** A check run on each device before and after the change; a failure after it reverts the device. */
export type ChangeCheck =
  | { kind: 'interfaces_up'; interfaces?: string[] | undefined }
  | { kind: 'lldp_neighbors' }
  | { kind: 'command_matches'; command: string; pattern: string }
  | { kind: 'ping'; destination: string; vrf?: string | undefined; source?: string | undefined };

/** A configuration change: what, where, how it rolls out, and where it is in its life. */
export const changes = pgTable(
  'changes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    customerId: uuid('customer_id')
      .notNull()
      .references(() => customers.id, { onDelete: 'cascade' }),
    title: text('title').notNull(),
    description: text('description').notNull().default(''),
    status: text('status', { enum: CHANGE_STATUSES }).notNull().default('draft'),
    targets: jsonb('targets').$type<JobTargets>().notNull(),
    mode: text('mode', { enum: CHANGE_MODES }).notNull().default('merge'),
    /** Configuration text, or a LiquidJS template rendered per device. */
    template: text('template').notNull(),
    /** Variables for every device, and per device by hostname. */
    variables: jsonb('variables').$type<Record<string, unknown>>().notNull().default({}),
    deviceVariables: jsonb('device_variables')
      .$type<Record<string, Record<string, unknown>>>()
      .notNull()
      .default({}),
    rollout: jsonb('rollout').$type<Rollout>().notNull(),
    /** Minutes the device waits for webnet's confirm before reverting by itself (0: no confirm). */
    confirmMinutes: integer('confirm_minutes').notNull().default(5),
    checks: jsonb('checks').$type<ChangeCheck[]>().notNull().default([]),
    /** Bumped by every edit: a preview and approvals hold for the revision they saw. */
    revision: integer('revision').notNull().default(1),
    /** The revision the latest preview covered, and its job. */
    previewedRevision: integer('previewed_revision'),
    previewJobId: uuid('preview_job_id'),
    /** Commit jobs, one per batch, in order. */
    commitJobIds: uuid('commit_job_ids').array().notNull().default(sql`'{}'::uuid[]`),
    /** The change this one rolls back, if it is a rollback. */
    rollbackOf: uuid('rollback_of'),
    createdBy: uuid('created_by'),
    createdByName: text('created_by_name').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (t) => [
    index('changes_customer_idx').on(t.customerId, t.createdAt),
    index('changes_active_idx').on(t.status).where(sql`${t.status} = 'running'`),
    check(
      'changes_status_ck',
      sql`${t.status} in ('draft', 'previewed', 'awaiting_approval', 'approved', 'rejected', 'running', 'succeeded', 'partial', 'failed', 'reverted', 'cancelled')`,
    ),
    check('changes_mode_ck', sql`${t.mode} in ('merge', 'replace')`),
  ],
);

export const APPROVAL_DECISIONS = ['approve', 'reject'] as const;

/** A reviewer's decision on one revision of a change; an edit makes earlier ones stale. */
export const changeApprovals = pgTable(
  'change_approvals',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    changeId: uuid('change_id')
      .notNull()
      .references(() => changes.id, { onDelete: 'cascade' }),
    revision: integer('revision').notNull(),
    userId: uuid('user_id'),
    username: text('username').notNull(),
    decision: text('decision', { enum: APPROVAL_DECISIONS }).notNull(),
    comment: text('comment').notNull().default(''),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('change_approvals_change_idx').on(t.changeId, t.revision)],
);

export const CHANGE_DEVICE_STATES = [
  'pending',
  'applied',
  'confirmed',
  'reverted',
  'failed',
  'skipped',
] as const;
export type ChangeDeviceState = (typeof CHANGE_DEVICE_STATES)[number];

/**
 * One device of a change: what it gets (rendered), what its preview found, and how far its commit
 * got. The commit writes `applied` before it touches the device and `confirmed` or `reverted`
 * after, so a worker that dies in between leaves a row the revert guard finds.
 */
export const changeDevices = pgTable(
  'change_devices',
  {
    changeId: uuid('change_id')
      .notNull()
      .references(() => changes.id, { onDelete: 'cascade' }),
    deviceId: uuid('device_id').notNull(),
    customerId: uuid('customer_id').notNull(),
    hostname: text('hostname').notNull(),
    /** Position in the rollout: devices go in this order, batch by batch. */
    position: integer('position').notNull(),
    /** The configuration lines for this device (the template rendered), or why it could not be. */
    rendered: text('rendered'),
    renderError: text('render_error'),
    /** The preview: the running config's hash it saw, the candidate's, and whether nothing changes. */
    runningHash: text('running_hash'),
    candidateHash: text('candidate_hash'),
    noop: boolean('noop'),
    previewError: text('preview_error'),
    state: text('state', { enum: CHANGE_DEVICE_STATES }).notNull().default('pending'),
    /** confirmed-commit or rollback-point, and the name the device knows the change by. */
    commitMethod: text('commit_method'),
    commitName: text('commit_name'),
    reason: text('reason'),
    /** A rollback: the stored configuration this device goes back to. */
    targetSnapshotId: uuid('target_snapshot_id'),
    preSnapshotId: uuid('pre_snapshot_id'),
    postSnapshotId: uuid('post_snapshot_id'),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.changeId, t.deviceId] }),
    index('change_devices_applied_idx').on(t.state).where(sql`${t.state} = 'applied'`),
  ],
);
