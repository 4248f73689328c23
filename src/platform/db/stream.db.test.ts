/**
 * Rows handed over one at a time (forEachRow), on PGlite and PostgreSQL, from the pool and from
 * inside a transaction: every row once, in the statement's order, and a failure in the row
 * handler or in the statement reported without leaving the connection unusable.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { testDatabase } from '../../../tests/helpers/db.ts';
import { type Database, queryRows } from './client.ts';
import { forEachRow } from './stream.ts';

let database: Database;
beforeAll(async () => {
  database = await testDatabase();
});
afterAll(async () => {
  await database?.close();
});

const numbered = (n: number) =>
  sql`select g as n, repeat('x', 20000) || g as text from generate_series(1, ${n}::int) g order by g`;

it('hands over every row once, in order, with its columns named', async () => {
  const seen: { n: number; text: string }[] = [];
  await forEachRow<{ n: number; text: string }>(database.db, numbered(300), (row) => seen.push(row));
  expect(seen.map((r) => r.n)).toEqual(Array.from({ length: 300 }, (_, i) => i + 1));
  expect(seen[299]!.text).toBe(`${'x'.repeat(20000)}300`);
});

it('reads inside a transaction, seeing what it wrote, and the transaction goes on', async () => {
  const count = await database.db.transaction(async (tx) => {
    await tx.execute(sql`create temporary table streamed (n int) on commit drop`);
    await tx.execute(sql`insert into streamed select generate_series(1, 5)`);
    let sum = 0;
    await forEachRow<{ n: number }>(tx, sql`select n from streamed`, (row) => {
      sum += row.n;
    });
    expect(sum).toBe(15);
    const [row] = await queryRows<{ c: number }>(tx, sql`select count(*)::int as c from streamed`);
    return row!.c;
  });
  expect(count).toBe(5);
});

it('stops handing rows over at a throw, rejects with it, and leaves the connection usable', async () => {
  let handled = 0;
  await expect(
    database.db.transaction(async (tx) => {
      await forEachRow<{ n: number }>(tx, numbered(50), (row) => {
        handled++;
        if (row.n === 3) throw new Error('row 3 is bad');
      });
    }),
  ).rejects.toThrow('row 3 is bad');
  expect(handled).toBe(3);
  const [row] = await queryRows<{ one: number }>(database.db, sql`select 1 as one`);
  expect(row!.one).toBe(1);
});

it('rejects with the database error of a failing statement', async () => {
  const failed = await forEachRow(
    database.db,
    sql`select 1 / (g - 2) from generate_series(1, 3) g`,
    () => undefined,
  ).then(
    () => null,
    (err: Error) => err,
  );
  // drizzle wraps PGlite's error as a failed query with the database's as its cause.
  expect(`${failed?.message} ${(failed?.cause as Error | undefined)?.message}`).toMatch(/division by zero/);
  const [row] = await queryRows<{ one: number }>(database.db, sql`select 1 as one`);
  expect(row!.one).toBe(1);
});
