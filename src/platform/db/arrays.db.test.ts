/**
 * Rows sent a column per array parameter come back exactly as given, on PGlite and PostgreSQL:
 * the verdicts of compliance results and the text of log lines hold quotes, backslashes, braces
 * and commas, and a string that reads "NULL" is not a null.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { testDatabase } from '../../../tests/helpers/db.ts';
import { unnestColumns } from './arrays.ts';
import { type Database, queryRows } from './client.ts';

let database: Database;
beforeAll(async () => {
  database = await testDatabase();
});
afterAll(async () => {
  await database?.close();
});

it('returns every value of every column as it was sent, row by row', async () => {
  const texts = [
    'plain',
    '{"rule":"described","findings":[{"line":"/^description \\\\S/"}]}',
    'a "quoted", {braced} line\\with a backslash',
    'NULL',
    '',
    'ünïcødé — ✓',
    null,
  ];
  const ids = texts.map(() => crypto.randomUUID());
  const counts = texts.map((_, i) => (i % 2 ? -i : i * 1000));
  const flags = texts.map((_, i) => i % 3 === 0);
  const rows = await queryRows<{
    id: string;
    text: string | null;
    count: number;
    flag: boolean;
    json: unknown;
  }>(
    database.db,
    sql`select id, text, count, flag,
               case when text like '{%' then text::jsonb end as json
        from (select ${unnestColumns({
          id: ['uuid', ids],
          text: ['text', texts],
          count: ['int', counts],
          flag: ['boolean', flags],
          // A parameter per value (as compliance verdicts are sent), zipped with the literals.
          again: ['text', texts, 'each'],
        })}) x
        where again is not distinct from text`,
  );
  expect(rows.map((r) => r.id)).toEqual(ids);
  expect(rows.map((r) => r.text)).toEqual(texts);
  expect(rows.map((r) => r.count)).toEqual(counts);
  expect(rows.map((r) => r.flag)).toEqual(flags);
  expect(rows[1]!.json).toEqual({ rule: 'described', findings: [{ line: '/^description \\S/' }] });
});

it('keeps line breaks, tabs and other control characters', async () => {
  const texts = ['line one\nline two', 'a\ttab', 'bell \u0007 and "quote"', 'back\\slash', 'plain'];
  const rows = await queryRows<{ text: string }>(
    database.db,
    sql`select text from (select ${unnestColumns({ text: ['text', texts] })}) x`,
  );
  expect(rows.map((r) => r.text)).toEqual(texts);
  const each = await queryRows<{ text: string }>(
    database.db,
    sql`select text from (select ${unnestColumns({ text: ['text', texts, 'each'] })}) x`,
  );
  expect(each.map((r) => r.text)).toEqual(texts);
});

it('sends no row for empty columns', async () => {
  const rows = await queryRows(
    database.db,
    sql`select * from (select ${unnestColumns({ id: ['uuid', []], text: ['text', [], 'each'] })}) x`,
  );
  expect(rows).toEqual([]);
});
