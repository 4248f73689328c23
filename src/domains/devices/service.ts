import { and, eq, inArray, type SQL } from 'drizzle-orm';
import { type Db, type Executor, inUuids } from '../../platform/db/client.ts';
import { notFound } from '../../platform/errors.ts';
import { type Actor, customerScope, requireRole } from '../../platform/tenancy.ts';
import { recordAudit } from '../audit/service.ts';
import { assertCredentialOfCustomer } from '../credentials/service.ts';
import { requireCustomer } from '../customers/service.ts';
import { customers } from '../customers/table.ts';
import { deviceColumns } from './columns.ts';
import { type DeviceFilter, deviceFilterSql } from './filter.ts';
import { searchDeviceIndex } from './list-index/query.ts';
import type { DeviceCreate, DeviceListQuery, DeviceUpdate } from './schemas.ts';
import { devices } from './table.ts';

/** The hot path of the UI and of API clients: answered from the in-memory index (read-model.ts). */
export async function listDevices(db: Db, actor: Actor, q: DeviceListQuery) {
  const offset = (q.page - 1) * q.pageSize;
  const { items, total } = await searchDeviceIndex(db, actor, q, q.sort, { offset, limit: q.pageSize });
  return { items, total, page: q.page, pageSize: q.pageSize };
}

export async function getDevice(exec: Executor, actor: Actor, id: string) {
  const [row] = await exec
    .select(deviceColumns)
    .from(devices)
    .where(and(eq(devices.id, id), customerScope(actor, devices.customerId)));
  if (!row) throw notFound('device');
  return row;
}

export async function createDevice(db: Db, actor: Actor, input: DeviceCreate) {
  requireRole(actor, 'operator');
  return db.transaction(async (tx) => {
    await requireCustomer(tx, actor, input.customerId);
    if (input.credentialId) await assertCredentialOfCustomer(tx, input.credentialId, input.customerId);
    const [row] = await tx.insert(devices).values(input).returning(deviceColumns);
    await recordAudit(tx, actor, {
      action: 'device.create',
      customerId: input.customerId,
      targetType: 'device',
      targetId: row!.id,
      targetName: row!.hostname,
    });
    return row!;
  });
}

export async function updateDevice(db: Db, actor: Actor, id: string, patch: DeviceUpdate) {
  requireRole(actor, 'operator');
  return db.transaction(async (tx) => {
    const before = await getDevice(tx, actor, id);
    if (patch.credentialId) await assertCredentialOfCustomer(tx, patch.credentialId, before.customerId);
    const [row] = await tx
      .update(devices)
      .set({ ...patch, updatedAt: new Date() })
      .where(eq(devices.id, id))
      .returning(deviceColumns);
    const changed = Object.entries(patch)
      .filter(([k, v]) => JSON.stringify(before[k as keyof typeof before]) !== JSON.stringify(v))
      .map(([k]) => k);
    await recordAudit(tx, actor, {
      action: 'device.update',
      customerId: before.customerId,
      targetType: 'device',
      targetId: id,
      targetName: row!.hostname,
      details: { changed },
    });
    return row!;
  });
}

export async function deleteDevice(db: Db, actor: Actor, id: string) {
  requireRole(actor, 'operator');
  await db.transaction(async (tx) => {
    const row = await getDevice(tx, actor, id);
    await tx.delete(devices).where(eq(devices.id, id));
    await recordAudit(tx, actor, {
      action: 'device.delete',
      customerId: row.customerId,
      targetType: 'device',
      targetId: id,
      targetName: row.hostname,
    });
  });
}

/** Ids outside the actor's customers match nothing, exactly like ids that do not exist. */
export async function bulkDevices(
  db: Db,
  actor: Actor,
  ids: string[],
  action: 'enable' | 'disable' | 'delete',
) {
  requireRole(actor, 'operator');
  const cond = and(inArray(devices.id, [...new Set(ids)]), customerScope(actor, devices.customerId));
  return db.transaction(async (tx) => {
    const rows =
      action === 'delete'
        ? await tx.delete(devices).where(cond).returning({ id: devices.id, customerId: devices.customerId })
        : await tx
            .update(devices)
            .set({ enabled: action === 'enable', updatedAt: new Date() })
            .where(cond)
            .returning({ id: devices.id, customerId: devices.customerId });
    const byCustomer = new Map<string, string[]>();
    for (const r of rows) byCustomer.set(r.customerId, [...(byCustomer.get(r.customerId) ?? []), r.id]);
    for (const [customerId, affected] of byCustomer) {
      await recordAudit(tx, actor, {
        action: `device.bulk_${action}`,
        customerId,
        targetType: 'device',
        details: { count: affected.length, ids: affected.slice(0, 1000) },
      });
    }
    return { action, requested: ids.length, affected: rows.length };
  });
}

/** The enabled devices a job may run on: listed ids and/or a filter, always inside the actor's customers. */
export async function resolveDevices(
  exec: Executor,
  actor: Actor,
  targets: { ids?: string[] | undefined; filter: DeviceFilter },
) {
  const where: SQL[] = [deviceFilterSql(actor, targets.filter), eq(devices.enabled, true)];
  // One array parameter, not one per id: a job may list tens of thousands.
  if (targets.ids) where.push(inUuids(devices.id, targets.ids));
  return exec
    .select({ id: devices.id, customerId: devices.customerId, hostname: devices.hostname })
    .from(devices)
    .where(and(...where))
    .orderBy(devices.hostname);
}

/**
 * What targets reach, before a job runs on them (the confirmation a person sees): the same
 * resolution as the job's, counted per customer.
 */
export async function summarizeTargets(
  exec: Executor,
  actor: Actor,
  targets: { ids?: string[] | undefined; filter: DeviceFilter },
) {
  // Asked before starting a job, which takes an operator: a viewer has no job to confirm.
  requireRole(actor, 'operator');
  const found = await resolveDevices(exec, actor, targets);
  const perCustomer = new Map<string, number>();
  for (const d of found) perCustomer.set(d.customerId, (perCustomer.get(d.customerId) ?? 0) + 1);
  const names = perCustomer.size
    ? await exec
        .select({ id: customers.id, name: customers.name })
        .from(customers)
        .where(inArray(customers.id, [...perCustomer.keys()]))
    : [];
  return {
    total: found.length,
    customers: names
      .map((c) => ({ id: c.id, name: c.name, devices: perCustomer.get(c.id) ?? 0 }))
      .sort((a, b) => b.devices - a.devices || a.name.localeCompare(b.name)),
    hostnames: found.slice(0, 20).map((d) => d.hostname),
  };
}

/** Hostnames by device id, for answers that list devices found elsewhere (already scoped by the caller). */
export async function hostnamesOf(exec: Executor, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await exec
    .select({ id: devices.id, hostname: devices.hostname })
    .from(devices)
    .where(inUuids(devices.id, ids));
  return new Map(rows.map((r) => [r.id, r.hostname]));
}
