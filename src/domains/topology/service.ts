import { and, asc, eq, or, type SQL } from 'drizzle-orm';
import type { Executor } from '../../platform/db/client.ts';
import { paginate } from '../../platform/db/paging.ts';
import { type Actor, customerScope } from '../../platform/tenancy.ts';
import { hostnamesOf } from '../devices/service.ts';
import { topologyLinks } from './table.ts';

export type LinkQuery = {
  deviceId?: string | undefined;
  customerId?: string | undefined;
  stale?: boolean | undefined;
  page: number;
  pageSize: number;
};

/** Links as devices reported them; a device's links are those it reported and those reported toward it. */
export async function listLinks(exec: Executor, actor: Actor, q: LinkQuery) {
  const where: SQL[] = [customerScope(actor, topologyLinks.customerId)];
  if (q.customerId) where.push(eq(topologyLinks.customerId, q.customerId));
  if (q.deviceId)
    where.push(
      or(eq(topologyLinks.localDeviceId, q.deviceId), eq(topologyLinks.remoteDeviceId, q.deviceId))!,
    );
  if (q.stale !== undefined) where.push(eq(topologyLinks.stale, q.stale));
  const cond = and(...where);
  const page = await paginate(exec, topologyLinks, cond, q, (limit, offset) =>
    exec
      .select()
      .from(topologyLinks)
      .where(cond)
      .orderBy(asc(topologyLinks.localDeviceId), asc(topologyLinks.localInterface), asc(topologyLinks.id))
      .limit(limit)
      .offset(offset),
  );
  // The reporting device's name, so a link read from its neighbour's side needs no second lookup.
  const names = await hostnamesOf(exec, [...new Set(page.items.map((l) => l.localDeviceId))]);
  return { ...page, items: page.items.map((l) => ({ ...l, localName: names.get(l.localDeviceId) ?? '' })) };
}
