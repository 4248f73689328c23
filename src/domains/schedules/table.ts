import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { JOB_TYPES, type JobOptions, type JobTargets } from '../jobs/table.ts';

export const SCHEDULE_KINDS = ['cron', 'interval', 'once'] as const;

/** A job that starts by itself: on a cron expression in a time zone, every so many minutes, or once. */
export const schedules = pgTable(
  'schedules',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    /** The customers the targets covered when saved; a run never reaches beyond them. */
    customerIds: uuid('customer_ids').array().notNull(),
    jobType: text('job_type', { enum: JOB_TYPES }).notNull(),
    targets: jsonb('targets').$type<JobTargets>().notNull(),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull().default({}),
    options: jsonb('options').$type<JobOptions>().notNull(),
    kind: text('kind', { enum: SCHEDULE_KINDS }).notNull(),
    cron: text('cron'),
    timezone: text('timezone').notNull().default('UTC'),
    intervalMinutes: integer('interval_minutes'),
    runAt: timestamp('run_at', { withTimezone: true }),
    enabled: boolean('enabled').notNull().default(true),
    /** Runs as this user, with the role and customers the user has at run time. */
    ownerId: uuid('owner_id').notNull(),
    ownerName: text('owner_name').notNull(),
    nextRunAt: timestamp('next_run_at', { withTimezone: true }),
    lastRunAt: timestamp('last_run_at', { withTimezone: true }),
    lastJobId: uuid('last_job_id'),
    lastError: text('last_error'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('schedules_due_idx').on(t.nextRunAt).where(sql`${t.enabled}`),
    index('schedules_customers_idx').using('gin', t.customerIds),
    check('schedules_kind_ck', sql`${t.kind} in ('cron', 'interval', 'once')`),
  ],
);
