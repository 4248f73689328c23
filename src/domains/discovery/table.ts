import { index, inet, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { customers } from '../customers/table.ts';
import { jobs } from '../jobs/table.ts';

export const DISCOVERY_STATUSES = ['new', 'known'] as const;
export const DISCOVERY_MATCHES = ['address', 'serial', 'hostname'] as const;

/**
 * What a network_discovery job found answering at an address: the transport and port that
 * answered, the SSH banner, and where a credential logged in, the platform, hostname, serial
 * and model. `known` when the inventory already holds it (by address, serial or hostname, in
 * that order); `addedDeviceId` once it was added to the inventory from here.
 */
export const discoveredDevices = pgTable(
  'discovered_devices',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    jobId: uuid('job_id')
      .notNull()
      .references(() => jobs.id, { onDelete: 'cascade' }),
    customerId: uuid('customer_id')
      .notNull()
      .references(() => customers.id, { onDelete: 'cascade' }),
    address: inet('address').notNull(),
    port: integer('port').notNull(),
    transport: text('transport', { enum: ['ssh', 'telnet'] }).notNull(),
    banner: text('banner').notNull().default(''),
    /** The SSH host key seen at the login, pinned on the device when it is added from here. */
    hostKey: text('host_key').notNull().default(''),
    platform: text('platform').notNull().default(''),
    hostname: text('hostname').notNull().default(''),
    serial: text('serial').notNull().default(''),
    model: text('model').notNull().default(''),
    osVersion: text('os_version').notNull().default(''),
    /** The credential that logged in (by id; its name is read for display). */
    credentialId: uuid('credential_id'),
    /** Why it could not be read further: no credential worked, detection failed, … */
    note: text('note').notNull().default(''),
    status: text('status', { enum: DISCOVERY_STATUSES }).notNull(),
    match: text('match', { enum: DISCOVERY_MATCHES }),
    matchedDeviceId: uuid('matched_device_id'),
    addedDeviceId: uuid('added_device_id'),
    discoveredAt: timestamp('discovered_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('discovered_devices_job_address_uq').on(t.jobId, t.address),
    index('discovered_devices_customer_idx').on(t.customerId, t.discoveredAt),
  ],
);
