import { sql } from 'drizzle-orm';
import { devices } from './table.ts';

/** What the API shows of a device, in one place for the query builder and for raw SQL. */
export const deviceColumns = {
  id: devices.id,
  customerId: devices.customerId,
  hostname: devices.hostname,
  mgmtIp: devices.mgmtIp,
  port: devices.port,
  vendor: devices.vendor,
  platform: devices.platform,
  role: devices.role,
  site: devices.site,
  tags: devices.tags,
  description: devices.description,
  credentialId: devices.credentialId,
  enabled: devices.enabled,
  legacySsh: devices.legacySsh,
  transport: devices.transport,
  reachability: devices.reachability,
  lastSeenAt: devices.lastSeenAt,
  lastBackupAt: devices.lastBackupAt,
  lastBackupResult: devices.lastBackupResult,
  lastBackupErrorCategory: devices.lastBackupErrorCategory,
  lastBackupError: devices.lastBackupError,
  lastBackupJobId: devices.lastBackupJobId,
  lastBackupOkAt: devices.lastBackupOkAt,
  facts: devices.facts,
  sshHostKeyFingerprint: devices.sshHostKeyFingerprint,
  createdAt: devices.createdAt,
  updatedAt: devices.updatedAt,
};

export type DeviceRow = { [K in keyof typeof deviceColumns]: (typeof deviceColumns)[K]['_']['data'] };

/** `"devices"."col" as "key", …` for raw statements that must answer in the API's shape. */
export const deviceSelectList = sql.join(
  Object.entries(deviceColumns).map(([key, column]) => sql`${column} as ${sql.identifier(key)}`),
  sql`, `,
);

const columnEntries = Object.entries(deviceColumns);

/**
 * A raw row in the API's shape, typed the way the query builder types it: each driver hands
 * some types over as text (PGlite's timestamps), and the column's own mapping fixes that.
 */
export function toDeviceRow(raw: Record<string, unknown>): DeviceRow {
  const out: Record<string, unknown> = {};
  for (const [key, column] of columnEntries) {
    const value = raw[key];
    out[key] = value === null || value === undefined ? null : column.mapFromDriverValue(value as never);
  }
  return out as DeviceRow;
}
