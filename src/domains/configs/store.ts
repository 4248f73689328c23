import { inArray, sql } from 'drizzle-orm';
import type { Tx } from '../../platform/db/client.ts';
import type { Stored, StoreItem } from '../jobs/contract.ts';
import { configLatest, configSnapshots } from './table.ts';

export type BackupValue = { config: string; hash: string };

const lineCount = (text: string) => (text.length === 0 ? 0 : text.split('\n').length);

/**
 * Inside the transaction that marks the devices done: a snapshot for each device whose significant
 * configuration changed (or that has none yet), and the time of the check for every device.
 */
export async function storeBackups(tx: Tx, items: StoreItem<BackupValue>[]): Promise<Stored[]> {
  if (items.length === 0) return [];
  const ids = items.map((i) => i.device.id);
  const previous = new Map(
    (
      await tx
        .select({ deviceId: configLatest.deviceId, hash: configLatest.hash })
        .from(configLatest)
        .where(inArray(configLatest.deviceId, ids))
    ).map((r) => [r.deviceId, r.hash]),
  );
  // A device twice in one batch (two jobs at once) compares with the first of the two.
  const seen = new Map<string, string>();
  const changed = items.filter((i) => {
    const before = seen.get(i.device.id) ?? previous.get(i.device.id);
    seen.set(i.device.id, i.value.hash);
    return before !== i.value.hash;
  });
  const snapshotIds = new Map<StoreItem<BackupValue>, string>();
  if (changed.length) {
    const rows = await tx
      .insert(configSnapshots)
      .values(
        changed.map((i) => ({
          customerId: i.device.customerId,
          deviceId: i.device.id,
          source: 'backup' as const,
          jobId: i.jobId,
          requestedByName: i.requestedByName,
          hash: i.value.hash,
          config: i.value.config,
          lines: lineCount(i.value.config),
          bytes: Buffer.byteLength(i.value.config),
          createdAt: i.at,
        })),
      )
      .returning({ id: configSnapshots.id });
    for (const [k, item] of changed.entries()) snapshotIds.set(item, rows[k]!.id);
  }
  // The last item per device wins, so one statement never touches a row twice.
  const latest = new Map(items.map((i) => [i.device.id, i]));
  for (const item of changed) latest.set(item.device.id, item);
  const upserts = [...latest.values()].filter((i) => snapshotIds.has(i));
  if (upserts.length) {
    await tx
      .insert(configLatest)
      .values(
        upserts.map((i) => ({
          deviceId: i.device.id,
          customerId: i.device.customerId,
          snapshotId: snapshotIds.get(i)!,
          hash: i.value.hash,
          changedAt: i.at,
          checkedAt: i.at,
        })),
      )
      .onConflictDoUpdate({
        target: configLatest.deviceId,
        set: {
          snapshotId: sql`excluded.snapshot_id`,
          hash: sql`excluded.hash`,
          changedAt: sql`excluded.changed_at`,
          checkedAt: sql`excluded.checked_at`,
        },
      });
  }
  const unchanged = [...latest.values()].filter((i) => !snapshotIds.has(i)).map((i) => i.device.id);
  if (unchanged.length)
    await tx
      .update(configLatest)
      .set({ checkedAt: new Date() })
      .where(inArray(configLatest.deviceId, unchanged));

  return items.map((i) => {
    const snapshotId = snapshotIds.get(i);
    const first = snapshotId !== undefined && !previous.has(i.device.id);
    const summary = snapshotId ? (first ? 'first backup' : 'changed') : 'unchanged';
    return {
      summary,
      count: snapshotId ? 'changed' : 'unchanged',
      output: { changed: snapshotId !== undefined, snapshotId: snapshotId ?? null, hash: i.value.hash },
    };
  });
}
