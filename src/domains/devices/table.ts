import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  index,
  inet,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { credentials } from '../credentials/table.ts';
import { customers } from '../customers/table.ts';

export const REACHABILITY = ['unknown', 'reachable', 'unreachable'] as const;
/** A device's last configuration backup attempt: whether it stored a configuration. */
export const BACKUP_RESULTS = ['success', 'failed'] as const;

export type DeviceFacts = {
  model?: string;
  serial?: string;
  osVersion?: string;
  uptimeSeconds?: number;
  vendor?: string;
  hostname?: string;
  [key: string]: unknown;
};

export const devices = pgTable(
  'devices',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    customerId: uuid('customer_id')
      .notNull()
      .references(() => customers.id, { onDelete: 'cascade' }),
    hostname: text('hostname').notNull(),
    mgmtIp: inet('mgmt_ip').notNull(),
    port: integer('port').notNull().default(22),
    vendor: text('vendor').notNull().default(''),
    platform: text('platform').notNull().default(''),
    role: text('role').notNull().default(''),
    site: text('site').notNull().default(''),
    tags: text('tags').array().notNull().default(sql`'{}'::text[]`),
    description: text('description').notNull().default(''),
    credentialId: uuid('credential_id').references(() => credentials.id, { onDelete: 'set null' }),
    /** Without a credential of its own: the customer's credential that last logged in. */
    learnedCredentialId: uuid('learned_credential_id').references(() => credentials.id, {
      onDelete: 'set null',
    }),
    /** When every credential it may try last failed (it is not tried again for a while). */
    credentialsFailedAt: timestamp('credentials_failed_at', { withTimezone: true }),
    enabled: boolean('enabled').notNull().default(true),
    /** Old devices only speak SHA-1 key exchange and CBC ciphers; off unless asked for per device. */
    legacySsh: boolean('legacy_ssh').notNull().default(false),
    /** SSH, or telnet for devices that speak nothing else (cleartext, passwords included). */
    transport: text('transport', { enum: ['ssh', 'telnet'] })
      .notNull()
      .default('ssh'),
    reachability: text('reachability', { enum: REACHABILITY }).notNull().default('unknown'),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }),
    /**
     * The last config_backup attempt (when it ended, its result, a failure's category and
     * message) and the last that succeeded: kept here, written with the job's results, so the
     * device list filters and shows them without reading job history.
     */
    lastBackupAt: timestamp('last_backup_at', { withTimezone: true }),
    lastBackupResult: text('last_backup_result', { enum: BACKUP_RESULTS }),
    lastBackupErrorCategory: text('last_backup_error_category'),
    lastBackupError: text('last_backup_error'),
    lastBackupJobId: uuid('last_backup_job_id'),
    lastBackupOkAt: timestamp('last_backup_ok_at', { withTimezone: true }),
    facts: jsonb('facts').$type<DeviceFacts>().notNull().default({}),
    sshHostKeyFingerprint: text('ssh_host_key_fingerprint'),
    /** The NetBox device it was synced from (netbox_sync matches on it before the hostname). */
    netboxId: integer('netbox_id'),
    /** When a sync last found it gone from NetBox (and disabled it); null while NetBox has it. */
    netboxMissingSince: timestamp('netbox_missing_since', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('devices_hostname_uq').on(t.customerId, sql`lower(${t.hostname})`),
    // devices_customer_cover_idx (customer_id, hostname) INCLUDE (filter columns) lives in
    // drizzle/0026_devices_cover_hot.sql: drizzle cannot declare INCLUDE. It serves the list's
    // hostname order and lets filtered counts run as index-only scans. It must not hold a column
    // that every job writes (last_seen_at, last_backup_*, updated_at): that update would then copy
    // the row into every index instead of updating it in place (see the migration).
    index('devices_customer_ip_idx').on(t.customerId, t.mgmtIp),
    index('devices_tags_idx').using('gin', t.tags),
    index('devices_hostname_trgm_idx').using('gin', sql`${t.hostname} gin_trgm_ops`),
    index('devices_credential_idx').on(t.credentialId),
    uniqueIndex('devices_netbox_uq').on(t.customerId, t.netboxId).where(sql`${t.netboxId} is not null`),
    check('devices_port_ck', sql`${t.port} between 1 and 65535`),
    check('devices_reachability_ck', sql`${t.reachability} in ('unknown', 'reachable', 'unreachable')`),
  ],
);

/**
 * Bumped by triggers (drizzle/0003_device_inventory_versions.sql) on every write to a
 * customer's devices; the device list's in-memory index compares against it.
 */
export const deviceInventoryVersions = pgTable('device_inventory_versions', {
  customerId: uuid('customer_id').primaryKey(),
  version: bigint('version', { mode: 'bigint' }).notNull().default(sql`0`),
});
