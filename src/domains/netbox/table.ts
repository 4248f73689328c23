import { boolean, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { customers } from '../customers/table.ts';

/** The NetBox filters a sync asks with (slugs, or status values), each a list NetBox ORs. */
export type NetboxFilters = {
  site?: string[];
  role?: string[];
  tag?: string[];
  status?: string[];
  tenant?: string[];
};

/** Device fields a NetBox custom field may fill. */
export const CUSTOM_FIELD_TARGETS = ['port', 'transport', 'vendor', 'description', 'role', 'site'] as const;
export type CustomFieldTarget = (typeof CUSTOM_FIELD_TARGETS)[number];

/**
 * A customer's NetBox: where it is, its API token (AES-256-GCM ciphertext from platform/secrets,
 * never returned), which devices to take, and how NetBox's fields become webnet's.
 */
export const netboxSources = pgTable('netbox_sources', {
  customerId: uuid('customer_id')
    .primaryKey()
    .references(() => customers.id, { onDelete: 'cascade' }),
  url: text('url').notNull(),
  tokenEnc: text('token_enc').notNull(),
  filters: jsonb('filters').$type<NetboxFilters>().notNull().default({}),
  /** NetBox platform slug → webnet platform, beyond the slugs that name one already. */
  platformMap: jsonb('platform_map').$type<Record<string, string>>().notNull().default({}),
  /** NetBox custom field → the device field it fills. */
  customFields: jsonb('custom_fields').$type<Record<string, CustomFieldTarget>>().notNull().default({}),
  /** Devices synced from NetBox that it no longer lists are disabled (never deleted); off: left alone. */
  disableMissing: boolean('disable_missing').notNull().default(true),
  lastSyncAt: timestamp('last_sync_at', { withTimezone: true }),
  lastSyncJobId: uuid('last_sync_job_id'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});
