import { createHash } from 'node:crypto';
import type { SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import pg from 'pg';
import { type Db, queryRows } from './client.ts';

const dialect = new PgDialect();

/**
 * For hot read paths: plain rows (no ORM row mapping) and, on a PostgreSQL server, a named
 * prepared statement per distinct SQL text, so a repeated query shape skips parse and plan.
 * Select columns under the names the caller wants (`… as "camelCase"`). Not for use inside
 * a transaction (it runs on the pool). Behind a transaction-mode pgbouncer, enable its
 * protocol-level prepared statement support (1.21+).
 */
export async function preparedRows<T>(db: Db, query: SQL): Promise<T[]> {
  const client = (db as unknown as { $client?: unknown }).$client;
  if (!(client instanceof pg.Pool)) return queryRows<T>(db, query);
  const { sql: text, params } = dialect.sqlToQuery(query);
  const name = `wn_${createHash('sha1').update(text).digest('base64url').slice(0, 24)}`;
  const result = await client.query({ name, text, values: params });
  return result.rows as T[];
}
