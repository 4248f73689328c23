import { and, eq, inArray, notInArray } from 'drizzle-orm';
import type { Tx } from '../../platform/db/client.ts';
import { deviceIdsByHostname } from '../devices/observations.ts';
import type { Stored, StoreItem } from '../jobs/contract.ts';
import { topologyLinks } from './table.ts';

export type Neighbour = {
  localInterface: string;
  remoteName: string;
  remoteInterface: string;
  protocol: 'lldp' | 'cdp';
};
export type DiscoveryValue = { protocols: ('lldp' | 'cdp')[]; neighbours: Neighbour[] };

/**
 * The links each device reports now. Links it reported before and no longer does (over the
 * protocols asked) are marked stale rather than deleted, so a vanished link is visible.
 */
export async function storeLinks(tx: Tx, items: StoreItem<DiscoveryValue>[]): Promise<Stored[]> {
  const out: Stored[] = [];
  for (const item of items) {
    const { device, value, at, jobId } = item;
    const remoteIds = await deviceIdsByHostname(
      tx,
      device.customerId,
      value.neighbours.map((n) => n.remoteName),
    );
    const keep: string[] = [];
    for (const n of value.neighbours) {
      const [row] = await tx
        .insert(topologyLinks)
        .values({
          customerId: device.customerId,
          localDeviceId: device.id,
          localInterface: n.localInterface,
          remoteDeviceId: remoteIds.get(n.remoteName) ?? null,
          remoteName: n.remoteName,
          remoteInterface: n.remoteInterface,
          protocol: n.protocol,
          firstSeenAt: at,
          lastSeenAt: at,
          jobId,
        })
        .onConflictDoUpdate({
          target: [
            topologyLinks.localDeviceId,
            topologyLinks.localInterface,
            topologyLinks.protocol,
            topologyLinks.remoteName,
            topologyLinks.remoteInterface,
          ],
          set: {
            stale: false,
            lastSeenAt: at,
            jobId,
            remoteDeviceId: remoteIds.get(n.remoteName) ?? null,
          },
        })
        .returning({ id: topologyLinks.id });
      keep.push(row!.id);
    }
    const gone = await tx
      .update(topologyLinks)
      .set({ stale: true })
      .where(
        and(
          eq(topologyLinks.localDeviceId, device.id),
          inArray(topologyLinks.protocol, value.protocols),
          eq(topologyLinks.stale, false),
          keep.length ? notInArray(topologyLinks.id, keep) : undefined,
        ),
      )
      .returning({ id: topologyLinks.id });
    const n = value.neighbours.length;
    out.push({
      summary: `${n} neighbour${n === 1 ? '' : 's'}${gone.length ? `, ${gone.length} gone` : ''}`,
      count: 'links',
    });
  }
  return out;
}
