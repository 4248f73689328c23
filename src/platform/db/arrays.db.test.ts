/**
 * Rows sent a column per array parameter come back exactly as given, on PGlite and PostgreSQL:
 * the verdicts of compliance results and the text of log lines hold quotes, backslashes, braces
 * and commas, and a string that reads "NULL" is not a null.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { testDatabase } from '../../../tests/helpers/db.ts';
import { unnestColumns, withGenericPlans } from './arrays.ts';
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
          // Asked for as lines (as compliance verdicts are sent): with a null, it goes as a literal.
          again: ['text', texts, 'lines'],
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
  const lines = await queryRows<{ text: string }>(
    database.db,
    sql`select text from (select ${unnestColumns({ text: ['text', texts, 'lines'] })}) x`,
  );
  expect(lines.map((r) => r.text)).toEqual(texts);
});

it('sends JSON texts joined by line breaks and splits them back as they were', async () => {
  const verdicts = [
    JSON.stringify({ rule: 'banner', findings: [{ missing: 'banner motd ^C\nAuthorised only\n^C' }] }),
    JSON.stringify({ rule: 'say "hi"', fixes: ['a\\b', '{braced}, "NULL"'] }),
    '',
    JSON.stringify('ünïcødé — ✓'),
  ];
  const rows = await queryRows<{ n: number; text: string }>(
    database.db,
    sql`select n, text from (select ${unnestColumns({
      n: ['int', verdicts.map((_, i) => i)],
      text: ['text', verdicts, 'lines'],
    })}) x`,
  );
  expect(rows.map((r) => r.text)).toEqual(verdicts);
  expect(JSON.parse(rows[0]!.text)).toEqual({
    rule: 'banner',
    findings: [{ missing: 'banner motd ^C\nAuthorised only\n^C' }],
  });
  for (const lone of [[''], ['one']]) {
    const one = await queryRows<{ text: string }>(
      database.db,
      sql`select text from (select ${unnestColumns({ text: ['text', lone, 'lines'] })}) x`,
    );
    expect(one.map((r) => r.text)).toEqual(lone);
  }
});

it('sends no row for empty columns', async () => {
  const rows = await queryRows(
    database.db,
    sql`select * from (select ${unnestColumns({ id: ['uuid', []], text: ['text', [], 'lines'] })}) x`,
  );
  expect(rows).toEqual([]);
});

it('plans generically only the writes it wraps, and gives the transaction back its own setting', async () => {
  const mode = async (tx: Parameters<Parameters<typeof database.db.transaction>[0]>[0]) =>
    (await queryRows<{ mode: string }>(tx, sql`select current_setting('plan_cache_mode') as mode`))[0]!.mode;
  // The connection's own (the server's pool asks for custom plans), and another for the transaction.
  const connection = await database.db.transaction(mode);
  const own = connection === 'auto' ? 'force_custom_plan' : 'auto';
  const seen = await database.db.transaction(async (tx) => {
    await tx.execute(sql`select set_config('plan_cache_mode', ${own}, true)`);
    const inside = await withGenericPlans(tx, async () => {
      const rows = await queryRows<{ text: string }>(
        tx,
        sql`select text from (select ${unnestColumns({ text: ['text', ['a', 'b'], 'lines'] })}) x`,
      );
      return { mode: await mode(tx), texts: rows.map((r) => r.text) };
    });
    return { inside, after: await mode(tx) };
  });
  expect(seen).toEqual({ inside: { mode: 'force_generic_plan', texts: ['a', 'b'] }, after: own });
  // Local to the transaction: the connection's next one plans as before.
  expect(await database.db.transaction(mode)).toBe(connection);
});
