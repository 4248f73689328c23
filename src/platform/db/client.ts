import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { type ExtractTablesWithRelations, type SQL, type SQLWrapper, sql } from 'drizzle-orm';
import { drizzle as drizzleNodePg } from 'drizzle-orm/node-postgres';
import { migrate as migrateNodePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import pg from 'pg';
import { acquireDirLock } from './lock.ts';
/**
 * Queries are written with the query builder over tables the domains own and import where they
 * use them; the client needs no schema of them (no relational queries), so the infrastructure
 * depends on no domain. drizzle-kit finds the tables by their file name (drizzle.config.ts).
 */
export type Schema = Record<string, never>;
/** One type for both drivers: services never know which one they run on. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
/** Anything a query can run on: the database or an open transaction. */
export type Executor = Db | Tx;

export type Database = {
  db: Db;
  kind: 'pglite' | 'postgres';
  /** The raw driver, for pg-boss and LISTEN/NOTIFY. */
  pglite?: PGlite;
  pool?: pg.Pool;
  /** The server's URL, for connections of their own (the queue, LISTEN). */
  url?: string;
  migrate(): Promise<void>;
  close(): Promise<void>;
};

export const MIGRATIONS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../drizzle');

// Arbitrary constant: serializes migrations when several processes start at once on one server.
const MIGRATION_LOCK_ID = 7_307_001;

export type OpenOptions = {
  databaseUrl?: string | undefined;
  /** PGlite directory; undefined means in-memory (tests). */
  dataDir?: string | undefined;
  poolSize?: number;
};

export async function openDatabase(opts: OpenOptions): Promise<Database> {
  if (opts.databaseUrl) return openPostgres(opts.databaseUrl, opts.poolSize ?? 10);
  return openPglite(opts.dataDir);
}

async function openPglite(dataDir: string | undefined): Promise<Database> {
  const release = dataDir ? acquireDirLock(dataDir) : () => {};
  let client: PGlite;
  try {
    client = await PGlite.create({
      dataDir: dataDir ? path.join(dataDir, 'pglite') : undefined,
      extensions: { pg_trgm },
    });
  } catch (err) {
    release();
    throw err;
  }
  const db = drizzlePglite(client) as unknown as Db;
  return {
    db,
    kind: 'pglite',
    pglite: client,
    migrate: () => migratePglite(drizzlePglite(client), { migrationsFolder: MIGRATIONS_DIR }),
    async close() {
      await client.close();
      release();
    },
  };
}

async function openPostgres(url: string, max: number): Promise<Database> {
  // Custom plans always: our prepared hot paths filter on a customer array whose generic plan
  // is a sequential scan (measured: 50 ms against 2.7 ms for the custom plan).
  const pool = new pg.Pool({ connectionString: url, max, options: '-c plan_cache_mode=force_custom_plan' });
  // An idle client that errors (server restart) must not crash the process; the pool replaces it.
  pool.on('error', () => {});
  const db = drizzleNodePg(pool) as unknown as Db;
  return {
    db,
    kind: 'postgres',
    pool,
    url,
    async migrate() {
      const conn = await pool.connect();
      try {
        await conn.query('select pg_advisory_lock($1)', [MIGRATION_LOCK_ID]);
        await migrateNodePg(drizzleNodePg(conn), { migrationsFolder: MIGRATIONS_DIR });
      } finally {
        await conn.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK_ID]).catch(() => {});
        conn.release();
      }
    },
    close: () => pool.end(),
  };
}

/** Raw SQL rows on either driver (both answer `{ rows }`; the shared Db type cannot say so). */
export async function queryRows<T = Record<string, unknown>>(exec: Executor, query: SQL): Promise<T[]> {
  const result = (await exec.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}

/**
 * `column = any(ids)` with the ids as one array parameter. Drizzle's inArray makes a parameter
 * and a placeholder per id, and building that for a batch of 500 ids cost more of the processor
 * than the query (measured in the compliance evaluation: 0.85 ms per 50-id read).
 */
export const inUuids = (column: SQLWrapper, ids: readonly string[]): SQL =>
  sql`${column} = any(${`{${ids.join(',')}}`}::uuid[])`;
