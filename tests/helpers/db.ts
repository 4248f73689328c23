import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { type Database, openDatabase } from '../../src/platform/db/client.ts';

/** The server CI and developers have; override with WEBNET_TEST_PG_URL. */
export const ADMIN_URL = process.env.WEBNET_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export const testDbKind = (): 'pglite' | 'postgres' =>
  process.env.WEBNET_TEST_DB === 'postgres' ? 'postgres' : 'pglite';

/** A throwaway database on the server: created for one test file, dropped after it. */
export async function createScratchPostgres(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `webnet_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = ADMIN_URL.replace(/\/[^/]*$/, `/${name}`);
  return {
    url,
    async drop() {
      const c = new pg.Client({ connectionString: ADMIN_URL });
      await c.connect();
      // With the copies `webnet snapshot` made of it (named after it): left behind, each test run
      // would leave its snapshots on the server for good.
      const snapshots = await c.query<{ datname: string }>(
        'select datname from pg_database where starts_with(datname, $1)',
        [`${name}__snapshot__`],
      );
      for (const { datname } of snapshots.rows)
        await c.query(`drop database if exists "${datname}" with (force)`);
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

/** A migrated, empty database of the kind this test project runs on. */
export async function testDatabase(): Promise<Database> {
  if (testDbKind() === 'pglite') {
    const database = await openDatabase({});
    await database.migrate();
    return database;
  }
  const scratch = await createScratchPostgres();
  const database = await openDatabase({ databaseUrl: scratch.url, poolSize: 5 });
  await database.migrate();
  return {
    ...database,
    async close() {
      await database.close();
      await scratch.drop();
    },
  };
}
