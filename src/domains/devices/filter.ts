import { and, arrayContains, eq, inArray, or, type SQL, sql } from 'drizzle-orm';
import { z } from 'zod';
import { containsPattern } from '../../platform/db/paging.ts';
import { filterText, queryBool, queryList } from '../../platform/http/schemas.ts';
import { type Actor, customerScope, scopedCustomerFilter } from '../../platform/tenancy.ts';
import { devices, REACHABILITY } from './table.ts';

/**
 * The device filter, defined once. Every place that selects devices reads it from here: the
 * list's query string and a job's or schedule's JSON body (the schemas below), the SQL for
 * exports and job targets (deviceFilterSql), the in-memory list index (list-index/query.ts,
 * which codes the value fields as posting lists), and the facet counts that offer the choices.
 *
 *   q             hostname or address substring, or a network (10.1.0.0/16) the address lies in
 *   customerId    any of these customers (within the caller's)
 *   vendor … reachability   any of these values (one value per device)
 *   tag           every one of these tags
 *   enabled       true or false
 *   backup        any of these backup states (backupStateOf: ok, stale, failed, never)
 *
 * Adding a field a device has one value of: add it to VALUE_FIELDS with its column and width;
 * the schemas, SQL, index and facets follow (docs/guides/add-a-device-field.md).
 */
export const VALUE_FIELDS = {
  vendor: { column: devices.vendor, max: 64 },
  platform: { column: devices.platform, max: 64 },
  role: { column: devices.role, max: 64 },
  site: { column: devices.site, max: 100 },
  reachability: { column: devices.reachability, max: 16, values: REACHABILITY },
} as const;
export type ValueField = keyof typeof VALUE_FIELDS;
export const VALUE_FIELD_NAMES = Object.keys(VALUE_FIELDS) as ValueField[];

/**
 * A device's backup state, one of four, as the list filters and counts it: "failed" when its last
 * backup attempt failed, else "never" without a backup that ever succeeded, "stale" when the
 * last success is older than a day, "ok" otherwise. Derived from the clock, so not stored.
 */
export const BACKUP_STATES = ['ok', 'stale', 'failed', 'never'] as const;
export type BackupState = (typeof BACKUP_STATES)[number];
export const BACKUP_STALE_MS = 24 * 3600_000;

export function backupStateOf(
  d: { lastBackupResult: string | null; lastBackupOkAt: number | null },
  now: number,
): BackupState {
  if (d.lastBackupResult === 'failed') return 'failed';
  if (d.lastBackupOkAt === null) return 'never';
  return now - d.lastBackupOkAt > BACKUP_STALE_MS ? 'stale' : 'ok';
}

/** A device as the API shows it: its row and its backup state now. */
export function withBackupState<D extends { lastBackupResult: string | null; lastBackupOkAt: Date | null }>(
  d: D,
  now = Date.now(),
): D & { backupState: BackupState } {
  const state = backupStateOf(
    { lastBackupResult: d.lastBackupResult, lastBackupOkAt: d.lastBackupOkAt?.getTime() ?? null },
    now,
  );
  return { ...d, backupState: state };
}

/** The fields whose values the facets count: the choices a filter bar offers. */
export const FACET_FIELDS = [...VALUE_FIELD_NAMES, 'tag', 'backup'] as const;
export type FacetField = (typeof FACET_FIELDS)[number];

/** A search text that is a network: the list matches addresses inside it. */
export const CIDR = z.union([z.cidrv4(), z.cidrv6()]);
/** A search text that could be part of an address: only then are addresses compared as text. */
export const IP_FRAGMENT = /^[0-9a-fA-F.:]+$/;

const qText = filterText(200)
  .trim()
  .optional()
  .describe('hostname or IP substring, or a CIDR such as 10.1.0.0/16');

/** One value of a field: free text of the field's width, or one of its fixed values. */
function valueSchema(field: ValueField): z.ZodType<string, string> {
  const def: { max: number; values?: readonly [string, ...string[]] } = VALUE_FIELDS[field];
  return def.values ? z.enum(def.values) : filterText(def.max);
}
const byValueField = <T>(make: (field: ValueField) => T) =>
  Object.fromEntries(VALUE_FIELD_NAMES.map((f) => [f, make(f)])) as { [F in ValueField]: T };

/** The filter in a query string: lists as `a,b` or repeated keys. */
export const deviceFilterQuery = {
  q: qText,
  customerId: queryList.pipe(z.array(z.uuid()).max(100)).optional(),
  ...byValueField((f) => queryList.pipe(z.array(valueSchema(f)).max(100)).optional()),
  tag: queryList
    .pipe(z.array(filterText(64)).max(50))
    .optional()
    .describe('devices carrying every one of these tags'),
  enabled: queryBool.optional(),
  backup: queryList
    .pipe(z.array(z.enum(BACKUP_STATES)).max(BACKUP_STATES.length))
    .optional()
    .describe('devices in any of these backup states: ok, stale (last success over 24 h ago), failed, never'),
};

/** The same filter in a JSON body (job targets, schedules). */
export const deviceFilterBody = z.strictObject({
  q: qText,
  customerId: z.array(z.uuid()).max(100).optional(),
  ...byValueField((f) => z.array(valueSchema(f)).max(100).optional()),
  tag: z.array(filterText(64)).max(50).optional(),
  enabled: z.boolean().optional(),
  backup: z.array(z.enum(BACKUP_STATES)).max(BACKUP_STATES.length).optional(),
});

export type DeviceFilter = {
  q?: string | undefined;
  customerId?: string[] | undefined;
  tag?: string[] | undefined;
  enabled?: boolean | undefined;
  backup?: BackupState[] | undefined;
} & { [F in ValueField]?: string[] | undefined };

/** The filter without one field: what that field's facet counts under the others. */
export function without(f: DeviceFilter, field: FacetField): DeviceFilter {
  const { [field]: _, ...rest } = f;
  return rest;
}

/** The WHERE clause for a device filter, always inside the actor's customers. */
export function deviceFilterSql(actor: Actor, f: DeviceFilter): SQL {
  const where: SQL[] = [customerScope(actor, devices.customerId)];
  const customerIds = scopedCustomerFilter(actor, f.customerId);
  if (customerIds) where.push(customerIds.length ? inArray(devices.customerId, customerIds) : sql`false`);
  if (f.q) where.push(textSql(f.q));
  for (const field of VALUE_FIELD_NAMES) {
    const values = f[field];
    if (values?.length) where.push(inArray(VALUE_FIELDS[field].column, values));
  }
  if (f.tag?.length) where.push(arrayContains(devices.tags, f.tag));
  if (f.enabled !== undefined) where.push(eq(devices.enabled, f.enabled));
  if (f.backup?.length) where.push(or(...f.backup.map(backupStateSql))!);
  return and(...where)!;
}

/** backupStateOf in SQL, against the database's clock. */
function backupStateSql(state: BackupState): SQL {
  const failed = sql`${devices.lastBackupResult} is not distinct from 'failed'`;
  const stale = sql`${devices.lastBackupOkAt} < now() - make_interval(secs => ${BACKUP_STALE_MS / 1000})`;
  switch (state) {
    case 'failed':
      return failed;
    case 'never':
      return sql`not (${failed}) and ${devices.lastBackupOkAt} is null`;
    case 'stale':
      return sql`not (${failed}) and ${stale}`;
    case 'ok':
      return sql`not (${failed}) and ${devices.lastBackupOkAt} is not null and not (${stale})`;
  }
}

function textSql(q: string): SQL {
  // inet, not cidr: an operator typing 10.1.2.3/16 means the /16, host bits and all.
  if (CIDR.safeParse(q).success) return sql`${devices.mgmtIp} <<= cast(${q} as inet)`;
  const like = containsPattern(q);
  // Only text that could be part of an address is compared with addresses: host() per row is costly.
  return IP_FRAGMENT.test(q)
    ? sql`(${devices.hostname} ilike ${like} or host(${devices.mgmtIp}) like ${like})`
    : sql`${devices.hostname} ilike ${like}`;
}
