import { z } from 'zod';
import { label, pageQuery } from '../../platform/http/schemas.ts';
import { BACKUP_STATES, deviceFilterQuery, FACET_FIELDS, type FacetField } from './filter.ts';
import { BACKUP_RESULTS, REACHABILITY } from './table.ts';

export const hostname = z
  .string()
  .trim()
  .min(1)
  .max(253)
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9._:-]*$/,
    'letters, digits and . _ : - only, starting with a letter or digit',
  );
export const mgmtIp = z.union([z.ipv4(), z.ipv6()], { error: 'must be an IPv4 or IPv6 address' });
const slug = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .regex(/^[A-Za-z0-9._/-]*$/, 'letters, digits and . _ / - only');
export const tag = slug(64).min(1);

export const deviceFields = {
  hostname,
  mgmtIp,
  port: z.number().int().min(1).max(65535).default(22),
  vendor: slug(64).default(''),
  platform: slug(64).default(''),
  role: slug(64).default(''),
  site: label(100).default(''),
  tags: z.array(tag).max(50).default([]),
  description: label(1000).default(''),
  credentialId: z.uuid().nullable().default(null),
  enabled: z.boolean().default(true),
  legacySsh: z.boolean().default(false),
  transport: z
    .enum(['ssh', 'telnet'])
    .default('ssh')
    .describe('telnet for devices that speak nothing else: cleartext, passwords included'),
};

export const deviceCreate = z.strictObject({ customerId: z.uuid(), ...deviceFields });
export type DeviceCreate = z.output<typeof deviceCreate>;

// Patch: same fields, none defaulted, so what is left out stays as it is.
export const deviceUpdate = z
  .strictObject({
    hostname: deviceFields.hostname,
    mgmtIp: deviceFields.mgmtIp,
    port: z.number().int().min(1).max(65535),
    vendor: slug(64),
    platform: slug(64),
    role: slug(64),
    site: label(100),
    tags: z.array(tag).max(50),
    description: label(1000),
    credentialId: z.uuid().nullable(),
    enabled: z.boolean(),
    legacySsh: z.boolean(),
    transport: z.enum(['ssh', 'telnet']),
  })
  .partial();
export type DeviceUpdate = z.output<typeof deviceUpdate>;

export const deviceOut = z.object({
  id: z.string(),
  customerId: z.string(),
  hostname: z.string(),
  mgmtIp: z.string(),
  port: z.number(),
  vendor: z.string(),
  platform: z.string(),
  role: z.string(),
  site: z.string(),
  tags: z.array(z.string()),
  description: z.string(),
  credentialId: z.string().nullable(),
  enabled: z.boolean(),
  legacySsh: z.boolean(),
  transport: z.enum(['ssh', 'telnet']),
  reachability: z.enum(REACHABILITY),
  lastSeenAt: z.date().nullable(),
  lastBackupAt: z.date().nullable().describe("when the device's last config_backup attempt ended"),
  lastBackupResult: z.enum(BACKUP_RESULTS).nullable(),
  lastBackupErrorCategory: z.string().nullable().describe('why the last backup failed (auth, timeout, …)'),
  lastBackupError: z.string().nullable(),
  lastBackupJobId: z.string().nullable(),
  lastBackupOkAt: z.date().nullable().describe('when a backup last stored or confirmed its configuration'),
  backupState: z
    .enum(BACKUP_STATES)
    .describe(
      'failed (last backup failed), never (none succeeded), stale (last success over 24 h ago) or ok',
    ),
  facts: z.record(z.string(), z.unknown()),
  sshHostKeyFingerprint: z.string().nullable(),
  createdAt: z.date(),
  updatedAt: z.date(),
});

export const SORT_KEYS = [
  'hostname',
  'mgmtIp',
  'vendor',
  'platform',
  'role',
  'site',
  'reachability',
  'lastSeenAt',
  'lastBackupAt',
  'createdAt',
] as const;

export const deviceListQuery = z.strictObject({
  ...pageQuery,
  ...deviceFilterQuery,
  sort: z
    .string()
    .regex(
      new RegExp(`^-?(${SORT_KEYS.join('|')})$`),
      `one of ${SORT_KEYS.join(', ')}, with - for descending`,
    )
    .default('hostname'),
});
export type DeviceListQuery = z.output<typeof deviceListQuery>;

export const bulkAction = z.strictObject({
  ids: z.array(z.uuid()).min(1).max(10_000),
  action: z.enum(['enable', 'disable', 'delete']),
});

const facet = z.array(z.object({ value: z.string(), count: z.number().int() }));
/** The devices a filter gives, and each filter field's choices with their counts (list-index/facets.ts). */
export const facetsOut = z.object({
  total: z.number().int(),
  enabled: z.number().int(),
  ...(Object.fromEntries(FACET_FIELDS.map((f) => [f, facet])) as Record<FacetField, typeof facet>),
});
