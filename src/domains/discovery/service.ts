import { and, asc, desc, eq, inArray, isNull, type SQL, sql } from 'drizzle-orm';
import { platformByName } from '../../netio/index.ts';
import type { Db } from '../../platform/db/client.ts';
import { paginate } from '../../platform/db/paging.ts';
import { AppError, badRequest } from '../../platform/errors.ts';
import { mapDatabaseError } from '../../platform/http/db-errors.ts';
import { type Actor, customerScope, requireRole } from '../../platform/tenancy.ts';
import { credentials } from '../credentials/table.ts';
import { recordObservations, storeFacts } from '../devices/observations.ts';
import { createDevice } from '../devices/service.ts';
import { discoveredDevices } from './table.ts';

export type DiscoveredQuery = {
  page: number;
  pageSize: number;
  jobId?: string | undefined;
  customerId?: string | undefined;
  status?: 'new' | 'known' | undefined;
};

const columns = {
  id: discoveredDevices.id,
  jobId: discoveredDevices.jobId,
  customerId: discoveredDevices.customerId,
  address: sql<string>`host(${discoveredDevices.address})`,
  port: discoveredDevices.port,
  transport: discoveredDevices.transport,
  banner: discoveredDevices.banner,
  platform: discoveredDevices.platform,
  hostname: discoveredDevices.hostname,
  serial: discoveredDevices.serial,
  model: discoveredDevices.model,
  osVersion: discoveredDevices.osVersion,
  credentialName: credentials.name,
  note: discoveredDevices.note,
  status: discoveredDevices.status,
  match: discoveredDevices.match,
  matchedDeviceId: discoveredDevices.matchedDeviceId,
  addedDeviceId: discoveredDevices.addedDeviceId,
  discoveredAt: discoveredDevices.discoveredAt,
};

/** What discovery found, within the caller's customers, in address order. */
export async function listDiscovered(db: Db, actor: Actor, q: DiscoveredQuery) {
  const where: SQL[] = [customerScope(actor, discoveredDevices.customerId)];
  if (q.jobId) where.push(eq(discoveredDevices.jobId, q.jobId));
  if (q.customerId) where.push(eq(discoveredDevices.customerId, q.customerId));
  if (q.status) where.push(eq(discoveredDevices.status, q.status));
  const cond = and(...where);
  return paginate(db, discoveredDevices, cond, q, (limit, offset) =>
    db
      .select(columns)
      .from(discoveredDevices)
      .leftJoin(credentials, eq(credentials.id, discoveredDevices.credentialId))
      .where(cond)
      .orderBy(desc(discoveredDevices.discoveredAt), asc(discoveredDevices.address))
      .limit(limit)
      .offset(offset),
  );
}

/** A hostname the inventory accepts, from what the device said (or its address). */
function inventoryName(hostname: string, address: string): string {
  const clean = hostname.replace(/[^A-Za-z0-9._:-]/g, '-').replace(/^[^A-Za-z0-9]+/, '');
  return clean || address;
}

export type AddInput = {
  ids: string[];
  role?: string | undefined;
  site?: string | undefined;
  tags?: string[] | undefined;
};
export type AddResult = {
  added: { id: string; deviceId: string; hostname: string }[];
  skipped: { id: string; reason: string }[];
};

/**
 * Adds found devices to the inventory in one step: hostname, address, port, transport and
 * platform as found, the facts read, the SSH host key seen pinned, and the credential that
 * logged in remembered (tried first), not pinned. One already in the inventory, or added
 * before, is skipped with the reason; one whose hostname the customer already uses is too.
 */
export async function addDiscovered(db: Db, actor: Actor, input: AddInput): Promise<AddResult> {
  requireRole(actor, 'operator');
  const rows = await db
    .select()
    .from(discoveredDevices)
    .where(and(inArray(discoveredDevices.id, input.ids), customerScope(actor, discoveredDevices.customerId)));
  const byId = new Map(rows.map((r) => [r.id, r]));
  const result: AddResult = { added: [], skipped: [] };
  for (const id of input.ids) {
    const row = byId.get(id);
    if (!row) {
      result.skipped.push({ id, reason: 'not found' });
      continue;
    }
    if (row.addedDeviceId) {
      result.skipped.push({ id, reason: 'added to the inventory before' });
      continue;
    }
    if (row.status === 'known') {
      result.skipped.push({ id, reason: `already in the inventory (same ${row.match})` });
      continue;
    }
    const address = row.address.replace(/\/32$/, '');
    const hostname = inventoryName(row.hostname, address);
    let device: { id: string };
    try {
      device = await createDevice(db, actor, {
        customerId: row.customerId,
        hostname,
        mgmtIp: address,
        port: row.port,
        vendor: platformByName(row.platform)?.vendor ?? '',
        platform: row.platform,
        role: input.role ?? '',
        site: input.site ?? '',
        tags: input.tags ?? [],
        description: row.model ? `${row.model}, found by discovery` : 'found by discovery',
        credentialId: null,
        enabled: true,
        legacySsh: false,
        transport: row.transport,
      });
    } catch (err) {
      const mapped = err instanceof AppError ? err : mapDatabaseError(err);
      if (mapped?.status === 409) {
        result.skipped.push({ id, reason: `the hostname ${hostname} is in use` });
        continue;
      }
      throw err;
    }
    await db.transaction(async (tx) => {
      await recordObservations(tx, [
        {
          deviceId: device.id,
          reachable: true,
          hostKey: row.hostKey || undefined,
          credentialId: row.credentialId ?? undefined,
        },
      ]);
      if (row.platform)
        await storeFacts(tx, [
          {
            deviceId: device.id,
            facts: {
              hostname: row.hostname || undefined,
              serial: row.serial || undefined,
              model: row.model || undefined,
              osVersion: row.osVersion || undefined,
            },
          },
        ]);
      await tx
        .update(discoveredDevices)
        .set({ addedDeviceId: device.id })
        .where(and(eq(discoveredDevices.id, id), isNull(discoveredDevices.addedDeviceId)));
    });
    result.added.push({ id, deviceId: device.id, hostname });
  }
  if (result.added.length === 0 && result.skipped.every((s) => s.reason === 'not found')) {
    throw badRequest('none of these discovered devices is yours to add', [
      { field: 'ids', message: 'not found' },
    ]);
  }
  return result;
}
