import { sql } from 'drizzle-orm';
import { type Db, queryRows } from '../../platform/db/client.ts';
import { scrapedGauge } from '../../platform/metrics.ts';

const lag = scrapedGauge(
  'webnet_search_index_lag_devices',
  'Devices whose latest configuration the search index has not reached yet (search reads those from the snapshots meanwhile)',
);

/** The search index's lag, read when Prometheus asks. */
export function readSearchIndexMetrics(db: Db): void {
  lag.read(async () => {
    const [row] = await queryRows<{ n: number }>(
      db,
      sql`select count(*)::int as n from config_latest l
          left join config_search cs on cs.device_id = l.device_id
          where cs.snapshot_id is distinct from l.snapshot_id`,
    );
    return [{ value: row?.n ?? 0 }];
  });
}
