import type { Db } from '../../platform/db/client.ts';
import type { Actor } from '../../platform/tenancy.ts';
import { backupFreshness, recentChanges } from '../configs/stats.ts';
import { deviceFacets } from '../devices/list-index/facets.ts';
import { latestOutcomes } from '../jobs/stats.ts';

/** The dashboard's figures, each from the domain that owns it, for one customer or all the actor's. */
export async function dashboardSummary(
  db: Db,
  actor: Actor,
  customerId: string | undefined,
  now = new Date(),
) {
  const [devices, freshness, lastBackup, changes] = await Promise.all([
    deviceFacets(db, actor, customerId ? { customerId: [customerId] } : {}),
    backupFreshness(db, actor, customerId, now),
    latestOutcomes(db, actor, 'config_backup', customerId, now),
    recentChanges(db, actor, customerId, now),
  ]);
  return {
    generatedAt: now,
    devices,
    backups: {
      ...freshness,
      never: Math.max(0, devices.total - freshness.backedUp),
      lastAttempt: lastBackup,
    },
    changes,
  };
}
