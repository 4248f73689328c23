import { sql } from 'drizzle-orm';
import {
  bigserial,
  check,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { customers } from '../customers/table.ts';
import type { Finding, Fix } from './config-rules.ts';

/** A customer's standard, as the YAML its author wrote (kept verbatim: comments and all). */
export const compliancePolicies = pgTable(
  'compliance_policies',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    customerId: uuid('customer_id')
      .notNull()
      .references(() => customers.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    source: text('source').notNull(),
    /** The scope as the device filter, copied out of the source for queries. */
    scope: jsonb('scope').$type<Record<string, unknown>>().notNull().default({}),
    ruleCount: integer('rule_count').notNull().default(0),
    stateCount: integer('state_count').notNull().default(0),
    /** Bumped on each edit: compiled policies are cached by id and revision. */
    revision: integer('revision').notNull().default(1),
    createdByName: text('created_by_name').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('compliance_policies_name_uq').on(t.customerId, t.name)],
);

export const RESULT_STATUSES = ['pass', 'fail', 'not_applicable', 'error'] as const;
export type ResultStatus = (typeof RESULT_STATUSES)[number];

/** One rule's verdict for a device, as kept in its row's `rules`. */
export type RuleVerdict = {
  rule: string;
  severity: string;
  status: ResultStatus;
  /** Left out when empty (as is every passing configuration rule's): read with `?? []`. */
  findings?: Finding[] | Record<string, unknown>;
  /** Left out when empty. */
  fixes?: Fix[];
  /** When this status began (ISO time); left out when it began as its row was written (`writtenAt`). */
  since?: string;
};

/**
 * Where each device stands on a policy: one row per device × policy × kind of rule ("config" on
 * the stored configuration, "state" on getters), its rules' verdicts together. One row rather
 * than one per rule: a 10,000-device customer with 20 rules writes 10,000 rows per evaluation,
 * not 200,000, and a row whose verdicts did not change (its digest) is not written at all.
 *
 * No foreign keys, on purpose, as for the history below: checked per row, the two keys cost
 * PostgreSQL 0.05 CPU ms per device written (0.5 of 1.3 CPU s for 10,000 devices' rows, measured
 * with and without them in turn). What they guarded, storePrepared does once per batch: it locks
 * the batch's devices and policies as a key check would (FOR KEY SHARE, so a delete waits for the
 * batch to commit) and writes nothing for one already gone. What their cascade did, statement
 * triggers do (migration 0024): a deleted device or policy takes its results along.
 */
export const complianceResults = pgTable(
  'compliance_results',
  {
    policyId: uuid('policy_id').notNull(),
    deviceId: uuid('device_id').notNull(),
    kind: text('kind', { enum: ['config', 'state'] }).notNull(),
    customerId: uuid('customer_id').notNull(),
    /** fail or error when any rule is; pass when every rule that applies passes. */
    status: text('status', { enum: RESULT_STATUSES }).notNull(),
    failing: integer('failing').notNull().default(0),
    rules: jsonb('rules').$type<RuleVerdict[]>().notNull(),
    /** A digest of the verdicts (without their times): unchanged verdicts are not written again. */
    digest: text('digest').notNull(),
    snapshotId: uuid('snapshot_id'),
    evaluatedAt: timestamp('evaluated_at', { withTimezone: true }).notNull().defaultNow(),
    /** When the verdicts were last written: the `since` of each verdict that holds none. */
    writtenAt: timestamp('written_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.policyId, t.deviceId, t.kind] }),
    index('compliance_results_device_idx').on(t.deviceId),
    index('compliance_results_customer_idx').on(t.customerId, t.status),
    check('compliance_results_status_ck', sql`${t.status} in ('pass', 'fail', 'not_applicable', 'error')`),
  ],
);

/**
 * Each time a device's status on a rule changed: when it started and stopped complying.
 *
 * No foreign keys, on purpose: a history row is only ever written with its device × policy's
 * results row, in the same transaction, by storePrepared, which locks the device and the policy
 * first (a delete of either waits for the write to commit). Checked again
 * per history row, the two keys cost PostgreSQL 0.05–0.07 CPU ms per device of a 10,000-device
 * evaluation (14 %, bench:compliance run in turn with and without them). What the keys' cascade
 * did, statement triggers do (migrations 0022, 0024): a deleted device or policy takes its history along.
 */
export const complianceHistory = pgTable(
  'compliance_history',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    policyId: uuid('policy_id').notNull(),
    deviceId: uuid('device_id').notNull(),
    customerId: uuid('customer_id').notNull(),
    rule: text('rule').notNull(),
    status: text('status', { enum: RESULT_STATUSES }).notNull(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('compliance_history_device_idx').on(t.deviceId, t.at),
    index('compliance_history_customer_idx').on(t.customerId, t.at),
  ],
);

/**
 * A policy's standing per day: devices with results and how many comply, as of the last change
 * that day (written whenever a verdict changes). A day without a row had no change: the trend
 * carries the day before forward.
 */
export const complianceDaily = pgTable(
  'compliance_daily',
  {
    policyId: uuid('policy_id')
      .notNull()
      .references(() => compliancePolicies.id, { onDelete: 'cascade' }),
    day: date('day').notNull(),
    devices: integer('devices').notNull(),
    compliant: integer('compliant').notNull(),
  },
  (t) => [primaryKey({ columns: [t.policyId, t.day] })],
);

/**
 * Policies whose day's standing is to be counted again (see day-counter.ts): a row is written
 * with the verdicts that moved it, in their transaction, and the counter folds every row of a
 * policy into one count a moment later. A row per write, not per policy, so that concurrent
 * batches never wait on each other's marker.
 */
export const complianceDayPending = pgTable('compliance_day_pending', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  policyId: uuid('policy_id')
    .notNull()
    .references(() => compliancePolicies.id, { onDelete: 'cascade' }),
});
