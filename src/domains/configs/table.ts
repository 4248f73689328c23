import { sql } from 'drizzle-orm';
import { index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { devices } from '../devices/table.ts';

export const SNAPSHOT_SOURCES = ['backup', 'manual', 'change'] as const;

/** A device's configuration as it was, stored only when its significant lines changed. */
export const configSnapshots = pgTable(
  'config_snapshots',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    customerId: uuid('customer_id').notNull(),
    deviceId: uuid('device_id')
      .notNull()
      .references(() => devices.id, { onDelete: 'cascade' }),
    source: text('source', { enum: SNAPSHOT_SOURCES }).notNull().default('backup'),
    jobId: uuid('job_id'),
    /** Who asked for the job that took it (the git export's author). */
    requestedByName: text('requested_by_name').notNull().default(''),
    /** SHA-256 of the significant lines (volatile lines such as clocks left out). */
    hash: text('hash').notNull(),
    config: text('config').notNull(),
    lines: integer('lines').notNull(),
    bytes: integer('bytes').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('config_snapshots_device_idx').on(t.deviceId, t.createdAt),
    index('config_snapshots_customer_idx').on(t.customerId, t.createdAt),
  ],
);

/** Each device's latest snapshot and when a backup last looked: "unchanged" is one lookup. */
export const configLatest = pgTable(
  'config_latest',
  {
    deviceId: uuid('device_id')
      .primaryKey()
      .references(() => devices.id, { onDelete: 'cascade' }),
    customerId: uuid('customer_id').notNull(),
    snapshotId: uuid('snapshot_id').notNull(),
    hash: text('hash').notNull(),
    /** When the configuration last changed, and when a backup last looked. */
    changedAt: timestamp('changed_at', { withTimezone: true }).notNull(),
    checkedAt: timestamp('checked_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('config_latest_customer_idx').on(t.customerId)],
);

/**
 * The text of each device's latest configuration under a trigram index, for search across every
 * device. Filled by the search indexer shortly after a backup rather than inside it: extracting the
 * trigrams of a 20 KB config costs the database more than the rest of storing the backup, and
 * the search reads a device whose row here is behind its latest snapshot from the snapshot itself.
 */
export const configSearch = pgTable(
  'config_search',
  {
    deviceId: uuid('device_id')
      .primaryKey()
      .references(() => devices.id, { onDelete: 'cascade' }),
    customerId: uuid('customer_id').notNull(),
    snapshotId: uuid('snapshot_id').notNull(),
    config: text('config').notNull(),
  },
  (t) => [
    index('config_search_customer_idx').on(t.customerId),
    index('config_search_trgm_idx').using('gin', sql`${t.config} gin_trgm_ops`),
  ],
);
