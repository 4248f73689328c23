import { scrapedGauge } from '../metrics.ts';
import type { Database } from './client.ts';

const pool = scrapedGauge(
  'webnet_db_pool_connections',
  "This process's PostgreSQL connections: total, idle, and requests waiting for one (none on PGlite)",
  ['state'],
);

export function readPoolMetrics(database: Database): void {
  pool.read(async () => {
    const p = database.pool;
    if (!p) return [];
    return [
      { labels: { state: 'total' }, value: p.totalCount },
      { labels: { state: 'idle' }, value: p.idleCount },
      { labels: { state: 'waiting' }, value: p.waitingCount },
    ];
  });
}
