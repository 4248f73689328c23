import { z } from 'zod';
import { name } from '../../platform/http/schemas.ts';
import { deviceFilterBody } from '../devices/filter.ts';
import { CHANNEL_KINDS, DELIVERY_STATUSES, NOTIFICATION_EVENTS } from './table.ts';

const httpUrl = z
  .url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' })
  .max(2000)
  .describe('http or https');

/** What may be shown of each kind of channel, and what is sealed (write-only). */
export const channelSettings = {
  webhook: z.strictObject({ url: httpUrl }),
  slack: z.strictObject({}),
  email: z.strictObject({
    host: z.string().trim().min(1).max(255),
    port: z.number().int().min(1).max(65535).default(587),
    tls: z
      .enum(['starttls', 'implicit', 'none'])
      .default('starttls')
      .describe(
        'starttls: upgrade on the port (587); implicit: TLS from the start (465); none: plain (a relay on localhost)',
      ),
    username: z.string().max(255).optional(),
    from: z.email().max(320),
    to: z.array(z.email().max(320)).min(1).max(50),
  }),
} as const;

export const channelSecrets = {
  webhook: z.strictObject({
    signingSecret: z
      .string()
      .min(16, 'must be at least 16 characters')
      .max(256)
      .describe('the HMAC-SHA256 key the X-Webnet-Signature header is computed with'),
  }),
  slack: z.strictObject({
    webhookUrl: httpUrl.describe('the incoming webhook URL Slack gave you; it is the credential'),
  }),
  email: z.strictObject({ password: z.string().max(1024).optional() }),
} as const;

export type ChannelSettings = { [K in keyof typeof channelSettings]: z.output<(typeof channelSettings)[K]> };
export type ChannelSecrets = { [K in keyof typeof channelSecrets]: z.output<(typeof channelSecrets)[K]> };

const common = { customerId: z.uuid(), name: name(100), enabled: z.boolean().optional() };

export const channelCreate = z.discriminatedUnion('kind', [
  z.strictObject({
    ...common,
    kind: z.literal('webhook'),
    settings: channelSettings.webhook,
    secret: channelSecrets.webhook,
  }),
  z.strictObject({
    ...common,
    kind: z.literal('slack'),
    settings: channelSettings.slack.default({}),
    secret: channelSecrets.slack,
  }),
  z.strictObject({
    ...common,
    kind: z.literal('email'),
    settings: channelSettings.email,
    secret: channelSecrets.email.default({}),
  }),
]);
export type ChannelCreate = z.output<typeof channelCreate>;

// The kind cannot change; settings and secret are checked against the stored kind's schema.
export const channelUpdate = z.strictObject({
  name: name(100).optional(),
  enabled: z.boolean().optional().describe('true turns a channel webnet disabled back on'),
  settings: z.record(z.string(), z.unknown()).optional().describe("the kind's settings, whole"),
  secret: z
    .record(z.string(), z.unknown())
    .optional()
    .describe("the kind's secret, whole (write-only); absent keeps it"),
});
export type ChannelUpdate = z.output<typeof channelUpdate>;

export const channelOut = z.object({
  id: z.string(),
  customerId: z.string(),
  name: z.string(),
  kind: z.enum(CHANNEL_KINDS),
  settings: z.record(z.string(), z.unknown()),
  hasSecret: z.boolean(),
  enabled: z.boolean(),
  disabledReason: z.string().nullable(),
  failuresInRow: z.number(),
  createdAt: z.date(),
  updatedAt: z.date(),
});

export const ruleFields = {
  name: name(100),
  channelId: z.uuid(),
  events: z
    .array(z.enum(NOTIFICATION_EVENTS))
    .min(1)
    .max(NOTIFICATION_EVENTS.length)
    .transform((e) => [...new Set(e)]),
  filter: deviceFilterBody
    .omit({ customerId: true })
    .default({})
    .describe("the device list's filter: events about devices it does not match are not sent"),
  enabled: z.boolean().default(true),
};
export const ruleCreate = z.strictObject({ customerId: z.uuid(), ...ruleFields });
export type RuleCreate = z.output<typeof ruleCreate>;
export const ruleUpdate = z.strictObject(ruleFields).partial();
export type RuleUpdate = z.output<typeof ruleUpdate>;

export const ruleOut = z.object({
  id: z.string(),
  customerId: z.string(),
  channelId: z.string(),
  name: z.string(),
  events: z.array(z.string()),
  filter: z.record(z.string(), z.unknown()),
  enabled: z.boolean(),
  createdAt: z.date(),
  updatedAt: z.date(),
});

/** An event in words, rendered once when it is routed; every kind of channel formats this. */
export const message = z.object({
  title: z.string(),
  /** Short lines: the facts, a diff summary, the failing rules. */
  lines: z.array(z.string()),
  /** Where in webnet to look. */
  link: z.string(),
  /** The event's own data, for machines (the webhook's `data`). */
  data: z.record(z.string(), z.unknown()),
});
export type Message = z.infer<typeof message>;

export const deliveryOut = z.object({
  id: z.string(),
  customerId: z.string(),
  channelId: z.string(),
  channelName: z.string(),
  type: z.string(),
  summary: z.string(),
  status: z.enum(DELIVERY_STATUSES),
  attempts: z.number(),
  log: z.array(
    z.object({
      at: z.string(),
      statusCode: z.number().nullable(),
      error: z.string().nullable(),
      ms: z.number(),
    }),
  ),
  nextAttemptAt: z.date(),
  lastStatusCode: z.number().nullable(),
  lastError: z.string().nullable(),
  deliveredAt: z.date().nullable(),
  createdAt: z.date(),
});

export const deliveryListQuery = z.strictObject({
  customerId: z.uuid().optional(),
  channelId: z.uuid().optional(),
  status: z.enum(DELIVERY_STATUSES).optional(),
  page: z.coerce.number().int().min(1).max(1_000_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(50),
});

export const testResult = z.object({
  ok: z.boolean(),
  statusCode: z.number().nullable(),
  error: z.string().nullable(),
  ms: z.number(),
  deliveryId: z.string(),
});
