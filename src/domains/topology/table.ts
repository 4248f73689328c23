import { boolean, index, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { devices } from '../devices/table.ts';

export const LINK_PROTOCOLS = ['lldp', 'cdp'] as const;

/**
 * A neighbour one device reported on one of its interfaces. The remote end is linked to a device of
 * the same customer when its name matches one; otherwise only its reported name is known.
 */
export const topologyLinks = pgTable(
  'topology_links',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    customerId: uuid('customer_id').notNull(),
    localDeviceId: uuid('local_device_id')
      .notNull()
      .references(() => devices.id, { onDelete: 'cascade' }),
    localInterface: text('local_interface').notNull(),
    remoteDeviceId: uuid('remote_device_id').references(() => devices.id, { onDelete: 'set null' }),
    remoteName: text('remote_name').notNull(),
    remoteInterface: text('remote_interface').notNull(),
    protocol: text('protocol', { enum: LINK_PROTOCOLS }).notNull(),
    /** No longer reported by the last discovery that looked at the local device. */
    stale: boolean('stale').notNull().default(false),
    firstSeenAt: timestamp('first_seen_at', { withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
    jobId: uuid('job_id'),
  },
  (t) => [
    uniqueIndex('topology_links_uq').on(
      t.localDeviceId,
      t.localInterface,
      t.protocol,
      t.remoteName,
      t.remoteInterface,
    ),
    index('topology_links_customer_idx').on(t.customerId),
    index('topology_links_remote_idx').on(t.remoteDeviceId),
  ],
);
