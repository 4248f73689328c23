/**
 * Statistics refreshed after a bulk write (refreshStatistics), on PGlite and PostgreSQL: the
 * planner's row count is brought up to date from a small sample, and the smaller sample ends with
 * the refresh instead of staying on a pooled connection for whatever analyzes next.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { testDatabase } from '../../../tests/helpers/db.ts';
import { type Database, queryRows } from './client.ts';
import { refreshStatistics } from './statistics.ts';

let database: Database;
beforeAll(async () => {
  database = await testDatabase();
  await database.db.execute(sql`create table stats_probe (n int not null, label text not null)`);
});
afterAll(async () => {
  await database?.close();
});

const rowCount = async () => {
  const [row] = await queryRows<{ reltuples: number }>(
    database.db,
    sql`select reltuples::float8 as reltuples from pg_class where relname = 'stats_probe'`,
  );
  return Number(row!.reltuples);
};

it('brings the row count up to date from a small sample, and leaves the setting as it was', async () => {
  const target = async () =>
    (
      await queryRows<{ t: string }>(
        database.db,
        sql`select current_setting('default_statistics_target') as t`,
      )
    )[0]!.t;
  const before = await target();
  await database.db.execute(
    sql`insert into stats_probe select g, 'row ' || g from generate_series(1, 5000) g`,
  );
  expect(await rowCount()).toBeLessThan(5000);
  await refreshStatistics(database.db, ['stats_probe']);
  expect(await rowCount()).toBe(5000);
  // Ten buckets, not the default's hundred: the sample was the small one.
  const [stats] = await queryRows<{ bounds: number }>(
    database.db,
    sql`select array_length(histogram_bounds::text::int[], 1) as bounds
        from pg_stats where tablename = 'stats_probe' and attname = 'n'`,
  );
  expect(stats!.bounds).toBe(11);
  // On every connection of the pool: `set local` ended with the refresh's transaction.
  const after = await Promise.all(Array.from({ length: 5 }, target));
  expect(after).toEqual(Array(5).fill(before));
});
