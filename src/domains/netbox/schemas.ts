import { z } from 'zod';
import { CUSTOM_FIELD_TARGETS } from './table.ts';

const slugs = z.array(z.string().trim().min(1).max(100)).max(50).optional();

export const netboxFilters = z
  .strictObject({ site: slugs, role: slugs, tag: slugs, status: slugs, tenant: slugs })
  .describe("NetBox's own filters: slugs (status: values such as active); several values of one filter OR");

export const netboxSourceIn = z.strictObject({
  url: z
    .url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' })
    .max(500)
    .describe("NetBox's address, e.g. https://netbox.example.net"),
  token: z
    .string()
    .trim()
    .min(8)
    .max(200)
    .optional()
    .describe('an API token with read access to devices (write-only; absent keeps the stored one)'),
  filters: netboxFilters.default({ status: ['active'] }),
  platformMap: z
    .record(z.string().min(1).max(100), z.string().min(1).max(64))
    .default({})
    .describe('NetBox platform slug → webnet platform, where the slug does not name one already'),
  customFields: z
    .record(z.string().min(1).max(100), z.enum(CUSTOM_FIELD_TARGETS))
    .default({})
    .describe('NetBox custom field → the device field it fills'),
  disableMissing: z
    .boolean()
    .default(true)
    .describe('disable (never delete) synced devices NetBox no longer lists'),
});
export type NetboxSourceIn = z.output<typeof netboxSourceIn>;

export const netboxSourceOut = z.object({
  customerId: z.string(),
  url: z.string(),
  hasToken: z.boolean(),
  filters: z.record(z.string(), z.array(z.string())),
  platformMap: z.record(z.string(), z.string()),
  customFields: z.record(z.string(), z.string()),
  disableMissing: z.boolean(),
  lastSyncAt: z.date().nullable(),
  lastSyncJobId: z.string().nullable(),
  createdAt: z.date(),
  updatedAt: z.date(),
});
