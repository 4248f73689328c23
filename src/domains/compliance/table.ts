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
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { customers } from '../customers/table.ts';
import { devices } from '../devices/table.ts';
import type { Finding, Fix, Severity } from './config-rules.ts';

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

/**
 * Where each device stands on each rule of each policy in its scope: the latest verdict, the
 * findings with their lines, and the fixes. `since` is when the current status began.
 */
export const complianceResults = pgTable(
  'compliance_results',
  {
    policyId: uuid('policy_id')
      .notNull()
      .references(() => compliancePolicies.id, { onDelete: 'cascade' }),
    deviceId: uuid('device_id')
      .notNull()
      .references(() => devices.id, { onDelete: 'cascade' }),
    rule: text('rule').notNull(),
    customerId: uuid('customer_id').notNull(),
    /** "config": on the stored configuration; "state": on getters read from the device. */
    kind: text('kind', { enum: ['config', 'state'] }).notNull(),
    severity: text('severity').$type<Severity>().notNull(),
    status: text('status', { enum: RESULT_STATUSES }).notNull(),
    findings: jsonb('findings').$type<Finding[] | Record<string, unknown>>().notNull(),
    fixes: jsonb('fixes').$type<Fix[]>().notNull().default([]),
    snapshotId: uuid('snapshot_id'),
    since: timestamp('since', { withTimezone: true }).notNull().defaultNow(),
    evaluatedAt: timestamp('evaluated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.policyId, t.deviceId, t.rule] }),
    index('compliance_results_device_idx').on(t.deviceId),
    index('compliance_results_customer_idx').on(t.customerId, t.status),
    check('compliance_results_status_ck', sql`${t.status} in ('pass', 'fail', 'not_applicable', 'error')`),
  ],
);

/** Each time a device's status on a rule changed: when it started and stopped complying. */
export const complianceHistory = pgTable(
  'compliance_history',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    policyId: uuid('policy_id')
      .notNull()
      .references(() => compliancePolicies.id, { onDelete: 'cascade' }),
    deviceId: uuid('device_id')
      .notNull()
      .references(() => devices.id, { onDelete: 'cascade' }),
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
