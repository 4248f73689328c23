import { sql } from 'drizzle-orm';
import {
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { customers } from '../customers/table.ts';

export const CHANNEL_KINDS = ['webhook', 'slack', 'email'] as const;
export type ChannelKind = (typeof CHANNEL_KINDS)[number];

/** What may be notified. `test` is the "send test" button's, never chosen by a rule. */
export const NOTIFICATION_EVENTS = [
  'config.changed',
  'job.failed',
  'job.partial',
  'device.unreachable',
  'compliance.drift',
  'change.awaiting_approval',
  'change.committed',
  'change.reverted',
] as const;
export type NotificationEventType = (typeof NOTIFICATION_EVENTS)[number] | 'test';

export const DELIVERY_STATUSES = ['pending', 'sending', 'delivered', 'failed'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/**
 * Where a customer hears from webnet. `settings` is what may be shown (a webhook's URL, an email's
 * recipients); `secretEnc` is AES-256-GCM ciphertext of the rest (a signing secret, a Slack
 * webhook URL, an SMTP password), sealed by platform/secrets and never returned.
 */
export const notificationChannels = pgTable(
  'notification_channels',
  {
    id: uuid('id').primaryKey(),
    customerId: uuid('customer_id')
      .notNull()
      .references(() => customers.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    kind: text('kind', { enum: CHANNEL_KINDS }).notNull(),
    settings: jsonb('settings').$type<Record<string, unknown>>().notNull(),
    secretEnc: text('secret_enc'),
    enabled: boolean('enabled').notNull().default(true),
    /** Why webnet turned it off (repeated failures); null when a person did, or it is on. */
    disabledReason: text('disabled_reason'),
    /** Failed attempts in a row; a success resets it. */
    failuresInRow: integer('failures_in_row').notNull().default(0),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('notification_channels_name_uq').on(t.customerId, sql`lower(${t.name})`)],
);

/** Which events go to which channel, optionally only for the devices a filter matches. */
export const notificationRules = pgTable(
  'notification_rules',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    customerId: uuid('customer_id')
      .notNull()
      .references(() => customers.id, { onDelete: 'cascade' }),
    channelId: uuid('channel_id')
      .notNull()
      .references(() => notificationChannels.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    events: text('events').array().notNull(),
    /** The device list's filter (JSON body form); events about other devices are not sent. */
    filter: jsonb('filter').$type<Record<string, unknown>>().notNull().default({}),
    enabled: boolean('enabled').notNull().default(true),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('notification_rules_customer_idx').on(t.customerId)],
);

/**
 * The outbox: an event written in the transaction that caused it (so it exists exactly when that
 * committed), routed to channels by the dispatcher afterwards, never on the job's path.
 */
export const notificationEvents = pgTable(
  'notification_events',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    customerId: uuid('customer_id')
      .notNull()
      .references(() => customers.id, { onDelete: 'cascade' }),
    type: text('type').notNull(),
    deviceId: uuid('device_id'),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    routedAt: timestamp('routed_at', { withTimezone: true }),
  },
  (t) => [index('notification_events_unrouted_idx').on(t.createdAt).where(sql`${t.routedAt} is null`)],
);

export type DeliveryAttempt = { at: string; statusCode: number | null; error: string | null; ms: number };

/** One event to one channel: the delivery log, and the queue the dispatcher works. */
export const notificationDeliveries = pgTable(
  'notification_deliveries',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    customerId: uuid('customer_id')
      .notNull()
      .references(() => customers.id, { onDelete: 'cascade' }),
    channelId: uuid('channel_id')
      .notNull()
      .references(() => notificationChannels.id, { onDelete: 'cascade' }),
    eventId: uuid('event_id').references(() => notificationEvents.id, { onDelete: 'set null' }),
    ruleId: uuid('rule_id'),
    type: text('type').notNull(),
    /** What the event was about, in words (the list shows it without rendering the event again). */
    summary: text('summary').notNull(),
    /** The event rendered once when routed (a config diff is computed once, not per attempt). */
    message: jsonb('message').$type<Record<string, unknown>>().notNull(),
    status: text('status', { enum: DELIVERY_STATUSES }).notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    /** Every attempt: when, the HTTP status (or SMTP reply code), the error, how long it took. */
    log: jsonb('log').$type<DeliveryAttempt[]>().notNull().default([]),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull().defaultNow(),
    /** A claimed delivery whose worker died is claimed again after this. */
    claimedUntil: timestamp('claimed_until', { withTimezone: true }),
    lastStatusCode: integer('last_status_code'),
    lastError: text('last_error'),
    deliveredAt: timestamp('delivered_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('notification_deliveries_customer_idx').on(t.customerId, t.createdAt),
    index('notification_deliveries_channel_idx').on(t.channelId, t.createdAt),
    index('notification_deliveries_due_idx')
      .on(t.nextAttemptAt)
      .where(sql`${t.status} in ('pending', 'sending')`),
  ],
);
