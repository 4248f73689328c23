import { sql } from 'drizzle-orm';
import { type Db, inUuids } from '../../../platform/db/client.ts';
import { preparedRows } from '../../../platform/db/prepared.ts';
import type { Actor } from '../../../platform/tenancy.ts';
import { deviceSelectList, toDeviceRow } from '../columns.ts';
import { devices } from '../table.ts';
import { type CustomerIndex, columnar, ipKey } from './build.ts';

/**
 * Loading the device list's index: one per customer, per inventory version. Every request checks
 * the versions in one indexed lookup (a trigger bumps a customer's version on every device write,
 * from any process) and reloads only the customers whose devices changed.
 */
type Model = { customers: Map<string, CustomerIndex>; loading: Map<string, Promise<CustomerIndex>> };

const models = new WeakMap<Db, Model>();
const modelOf = (db: Db): Model => {
  let m = models.get(db);
  if (!m) {
    m = { customers: new Map(), loading: new Map() };
    models.set(db, m);
  }
  return m;
};

type LoadedRow = Record<string, unknown> & { ip: string };

async function load(db: Db, customerId: string, version: string): Promise<CustomerIndex> {
  // The version was read before these rows, so the rows are at least that new: never older data under a newer label.
  const rows = await preparedRows<LoadedRow>(
    db,
    sql`select ${deviceSelectList}, host(${devices.mgmtIp}) as ip
        from ${devices} where ${devices.customerId} = ${customerId}::uuid order by ${devices.hostname} collate "C", ${devices.id}`,
  );
  const entries = rows.map(({ ip, ...raw }) => {
    const row = toDeviceRow(raw);
    return {
      row,
      id: row.id,
      customerId: row.customerId,
      hostname: row.hostname,
      hostnameLower: row.hostname.toLowerCase(),
      ip,
      ipKey: ipKey(ip),
      vendor: row.vendor,
      platform: row.platform,
      role: row.role,
      site: row.site,
      tags: row.tags,
      enabled: row.enabled,
      reachability: row.reachability,
      lastSeenAt: row.lastSeenAt?.getTime() ?? null,
      lastBackupAt: row.lastBackupAt?.getTime() ?? null,
      lastBackupResult: row.lastBackupResult,
      lastBackupOkAt: row.lastBackupOkAt?.getTime() ?? null,
      createdAt: row.createdAt.getTime(),
    };
  });
  return columnar(version, entries);
}

/** The current index of each customer the actor may list (one version lookup, reloads only where it moved). */
export async function indexesFor(db: Db, actor: Actor, only: string[] | undefined): Promise<CustomerIndex[]> {
  const scope = actor.allCustomers
    ? only
    : (only ?? actor.customerIds).filter((id) => actor.customerIds.includes(id));
  if (scope && scope.length === 0) return [];
  const versions = await preparedRows<{ customerId: string; version: string }>(
    db,
    scope
      ? sql`select customer_id as "customerId", version::text as version from device_inventory_versions
            where ${inUuids(sql`customer_id`, scope)}`
      : sql`select customer_id as "customerId", version::text as version from device_inventory_versions`,
  );
  const model = modelOf(db);
  // No version row means no device was ever written for that customer (every insert creates
  // one, and migration 0004 seeded those that predate the trigger): nothing to load or keep.
  return Promise.all(
    versions.map(async ({ customerId, version }) => {
      const cached = model.customers.get(customerId);
      if (cached?.version === version) return cached;
      // One load per customer and version, however many requests ask at once.
      const key = `${customerId}@${version}`;
      let pending = model.loading.get(key);
      if (!pending) {
        pending = load(db, customerId, version).finally(() => model.loading.delete(key));
        model.loading.set(key, pending);
      }
      const fresh = await pending;
      const current = model.customers.get(customerId);
      if (!current || BigInt(current.version) < BigInt(fresh.version)) model.customers.set(customerId, fresh);
      return fresh;
    }),
  );
}
