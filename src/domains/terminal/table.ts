import { sql } from 'drizzle-orm';
import { boolean, customType, index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { customers } from '../customers/table.ts';

/** Binary data: both drivers hand back bytes, as a Buffer (pg) or a Uint8Array (PGlite). */
const bytes = customType<{ data: Buffer; driverData: Uint8Array }>({
  dataType: () => 'bytea',
  toDriver: (value) => value,
  fromDriver: (value) => Buffer.from(value),
});

/**
 * A browser terminal on a device: who opened it, when, how it ended, and its recording (asciicast
 * v2, gzip). The device and user are kept by id and name: a recording outlives both (an audit
 * record does not vanish with the account that made it).
 */
export const terminalSessions = pgTable(
  'terminal_sessions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    customerId: uuid('customer_id')
      .notNull()
      .references(() => customers.id, { onDelete: 'cascade' }),
    deviceId: uuid('device_id').notNull(),
    hostname: text('hostname').notNull(),
    userId: uuid('user_id'),
    username: text('username').notNull(),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull().defaultNow(),
    /** Null while open. */
    endedAt: timestamp('ended_at', { withTimezone: true }),
    /** Renewed while open: a session of a process that died stops counting against the limits. */
    aliveAt: timestamp('alive_at', { withTimezone: true }).notNull().defaultNow(),
    endReason: text('end_reason'),
    /** The keystrokes are in the recording too (the customer's setting when it was opened). */
    recordsInput: boolean('records_input').notNull().default(false),
    /** The recording's size as asciicast text, and as stored. */
    size: integer('size').notNull().default(0),
    storedSize: integer('stored_size').notNull().default(0),
    recording: bytes('recording'),
  },
  (t) => [
    index('terminal_sessions_customer_idx').on(t.customerId, t.startedAt),
    index('terminal_sessions_device_idx').on(t.deviceId, t.startedAt),
    index('terminal_sessions_open_idx').on(t.customerId, t.userId).where(sql`${t.endedAt} is null`),
  ],
);
