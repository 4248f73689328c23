import { and, eq, inArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Executor, Tx } from '../../platform/db/client.ts';
import type { Actor } from '../../platform/tenancy.ts';
import { recordAudit } from '../audit/service.ts';
import { devices } from '../devices/table.ts';
import type { NetboxDevice } from './client.ts';
import { type MappedDevice, type MappedField, type Mapping, mapDevice } from './mapping.ts';

const change = z.object({ from: z.unknown(), to: z.unknown() });

/** What a sync does (a dry run shows it; apply does it): written once, the job's output. */
export const syncPlan = z.object({
  fetched: z.number().describe('devices NetBox listed under the filters'),
  create: z.array(
    z.object({ netboxId: z.number(), hostname: z.string(), fields: z.record(z.string(), z.unknown()) }),
  ),
  update: z.array(
    z.object({
      netboxId: z.number(),
      deviceId: z.string(),
      hostname: z.string(),
      changes: z.record(z.string(), change),
    }),
  ),
  disable: z.array(z.object({ deviceId: z.string(), hostname: z.string(), netboxId: z.number() })),
  skipped: z.array(z.object({ netboxId: z.number(), name: z.string(), reason: z.string() })),
  unchanged: z.number(),
});
export type SyncPlan = z.infer<typeof syncPlan>;

type Existing = {
  id: string;
  hostname: string;
  mgmtIp: string;
  enabled: boolean;
  netboxId: number | null;
  netboxMissingSince: Date | null;
} & Omit<MappedDevice, 'hostname' | 'mgmtIp'>;

async function inventory(exec: Executor, customerId: string): Promise<Existing[]> {
  return exec
    .select({
      id: devices.id,
      hostname: devices.hostname,
      mgmtIp: sql<string>`host(${devices.mgmtIp})`,
      platform: devices.platform,
      vendor: devices.vendor,
      role: devices.role,
      site: devices.site,
      tags: devices.tags,
      port: devices.port,
      transport: devices.transport,
      description: devices.description,
      enabled: devices.enabled,
      netboxId: devices.netboxId,
      netboxMissingSince: devices.netboxMissingSince,
    })
    .from(devices)
    .where(eq(devices.customerId, customerId));
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * Compares NetBox's devices with the customer's inventory. A NetBox device is matched by its id
 * (synced before), else by hostname (a device that was there first is adopted); only the fields
 * NetBox speaks for are compared. Devices synced from NetBox that it no longer lists are to be
 * disabled when the source says so, never deleted; devices NetBox never had are left alone.
 */
export async function planSync(
  exec: Executor,
  customerId: string,
  listed: NetboxDevice[],
  mapping: Mapping & { disableMissing: boolean },
): Promise<SyncPlan> {
  const mine = await inventory(exec, customerId);
  const byNetbox = new Map(mine.filter((d) => d.netboxId !== null).map((d) => [d.netboxId!, d]));
  const byName = new Map(mine.map((d) => [d.hostname.toLowerCase(), d]));
  const plan: SyncPlan = {
    fetched: listed.length,
    create: [],
    update: [],
    disable: [],
    skipped: [],
    unchanged: 0,
  };
  const seenIds = new Set<number>();
  const seenNames = new Map<string, number>();
  for (const nb of listed) {
    seenIds.add(nb.id);
    const mapped = mapDevice(nb, mapping);
    if ('skip' in mapped) {
      plan.skipped.push({ netboxId: nb.id, name: nb.name ?? `#${nb.id}`, reason: mapped.skip });
      continue;
    }
    const { device, owned } = mapped;
    const key = device.hostname.toLowerCase();
    const twin = seenNames.get(key);
    if (twin !== undefined) {
      plan.skipped.push({
        netboxId: nb.id,
        name: device.hostname,
        reason: `NetBox device #${twin} has the same name`,
      });
      continue;
    }
    seenNames.set(key, nb.id);
    const existing = byNetbox.get(nb.id) ?? byName.get(key);
    if (!existing) {
      plan.create.push({ netboxId: nb.id, hostname: device.hostname, fields: device });
      continue;
    }
    if (existing.netboxId !== null && existing.netboxId !== nb.id) {
      plan.skipped.push({
        netboxId: nb.id,
        name: device.hostname,
        reason: `webnet's ${existing.hostname} is NetBox device #${existing.netboxId}`,
      });
      continue;
    }
    const holder = byName.get(key);
    if (holder && holder.id !== existing.id) {
      plan.skipped.push({
        netboxId: nb.id,
        name: device.hostname,
        reason: `renamed in NetBox to a name webnet's other device ${holder.hostname} has`,
      });
      continue;
    }
    const changes: SyncPlan['update'][number]['changes'] = {};
    for (const f of owned as MappedField[]) {
      const now = f === 'hostname' ? existing.hostname : f === 'mgmtIp' ? existing.mgmtIp : existing[f];
      if (!same(now, device[f])) changes[f] = { from: now, to: device[f] };
    }
    if (existing.netboxId === null) changes.netboxId = { from: null, to: nb.id };
    // Back in NetBox after a sync disabled it for being gone: on again.
    if (existing.netboxMissingSince && !existing.enabled) changes.enabled = { from: false, to: true };
    if (Object.keys(changes).length === 0) plan.unchanged++;
    else plan.update.push({ netboxId: nb.id, deviceId: existing.id, hostname: existing.hostname, changes });
  }
  if (mapping.disableMissing)
    for (const d of mine)
      if (d.netboxId !== null && !seenIds.has(d.netboxId) && d.enabled)
        plan.disable.push({ deviceId: d.id, hostname: d.hostname, netboxId: d.netboxId });
  return plan;
}

/** Does what the plan says, in one transaction, with one audit event naming the counts. */
export async function applySync(tx: Tx, actor: Actor, customerId: string, plan: SyncPlan): Promise<void> {
  for (let i = 0; i < plan.create.length; i += 500)
    await tx.insert(devices).values(
      plan.create.slice(i, i + 500).map((c) => ({
        ...(c.fields as MappedDevice),
        customerId,
        netboxId: c.netboxId,
      })),
    );
  for (const u of plan.update) {
    const set: Record<string, unknown> = { updatedAt: new Date() };
    for (const [field, { to }] of Object.entries(u.changes)) set[field] = to;
    if (u.changes.enabled) set.netboxMissingSince = null;
    await tx
      .update(devices)
      .set(set)
      .where(and(eq(devices.id, u.deviceId), eq(devices.customerId, customerId)));
  }
  if (plan.disable.length)
    await tx
      .update(devices)
      .set({ enabled: false, netboxMissingSince: new Date(), updatedAt: new Date() })
      .where(
        and(
          eq(devices.customerId, customerId),
          inArray(
            devices.id,
            plan.disable.map((d) => d.deviceId),
          ),
        ),
      );
  await recordAudit(tx, actor, {
    action: 'netbox.sync',
    customerId,
    targetType: 'customer',
    targetId: customerId,
    details: {
      created: plan.create.length,
      updated: plan.update.length,
      disabled: plan.disable.map((d) => d.hostname).slice(0, 100),
      skipped: plan.skipped.length,
    },
  });
}
