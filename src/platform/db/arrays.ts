import { type SQL, sql } from 'drizzle-orm';
import { type Executor, queryRows } from './client.ts';

/**
 * A PostgreSQL array literal, for sending a column of many rows as one parameter: strings quoted
 * and escaped, numbers and booleans as they are, nulls as NULL. Sent as text and cast in SQL
 * (`${pgArray(xs)}::uuid[]`), it means the same to PostgreSQL and PGlite.
 */
export function pgArray(values: readonly (string | number | boolean | null)[]): string {
  // JSON quotes a string as an array literal does (\" and \\), and writes null as NULL is read,
  // so the array's JSON is the literal, made natively: escaping 500 verdicts by hand cost the
  // worker 0.4 s per 10,000 devices. A control character is escaped otherwise in JSON (\n,
  // \u0001), and only then (or where a text reads like one) are the strings escaped one by one.
  const json = JSON.stringify(values);
  if (!/\\[bfnrtu]/.test(json)) return `{${json.slice(1, -1)}}`;
  const item = (v: string | number | boolean | null) =>
    v === null ? 'NULL' : typeof v === 'string' ? `"${v.replace(/["\\]/g, '\\$&')}"` : String(v);
  return `{${values.map(item).join(',')}}`;
}

/**
 * A column's type and values; `lines` sends texts that hold no line break (JSON, as
 * JSON.stringify writes it) as one text joined by line breaks, split again by PostgreSQL
 * (`string_to_table`): long texts full of quotes would otherwise be escaped into an array literal
 * and parsed back out of it by both sides. A column with a null or a line break goes as a literal.
 * Measured on 500 compliance verdicts of 3 KB: the worker spent 11 ms making the literal, 17 ms
 * sending each as a parameter of its own (the form before), 6 ms joining them; PostgreSQL 40, 47
 * and 40 ms, the parameters each costing it 14 ms of planning.
 *
 * Split by `string_to_table` rather than `unnest(string_to_array(…))`: the planner folds a
 * function of a parameter into a constant, and the array's megabyte was built, copied and let go
 * in planning, 3-9 ms of each statement of 500 devices' verdicts (0.4 s of PostgreSQL's 2.4 CPU s
 * in a 10,000-device evaluation), where a set-returning function is left to the execution.
 */
type Column = readonly [
  pgType: string,
  values: readonly (string | number | boolean | null)[],
  form?: 'literal' | 'lines',
];

/** Whether a column can go joined by line breaks: texts only, none holding one, and not a lone "". */
const joinable = (values: Column[1]): values is readonly string[] =>
  values.every((v) => typeof v === 'string' && !v.includes('\n')) &&
  !(values.length === 1 && values[0] === '');

/**
 * `select unnest($1::uuid[]) as a, unnest($2::text[]) as b, …`: many rows sent as one array
 * parameter per column, for an insert or update to read as a subquery. The arrays are unnested in
 * the select list, so PostgreSQL reads the rows one at a time; a set-returning function in FROM
 * (unnest there, or a JSON document's recordset) is first materialized whole, and a large batch
 * held at once costs it fresh memory and page faults (see compliance/results.ts for the figures).
 */
export function unnestColumns(columns: Record<string, Column>): SQL {
  return sql.join(
    Object.entries(columns).map(([name, [type, values, form]]) =>
      form === 'lines' && joinable(values)
        ? sql`string_to_table(${values.join('\n')}, E'\\n')::${sql.raw(type)} as ${sql.identifier(name)}`
        : sql`unnest(${pgArray(values)}::${sql.raw(type)}[]) as ${sql.identifier(name)}`,
    ),
    sql`, `,
  );
}

/**
 * Runs `write` (statements in the caller's transaction) with PostgreSQL planning them generically,
 * then gives the transaction back its own setting. For writes whose parameters are megabytes of
 * rows (unnestColumns): a custom plan, PostgreSQL's choice for a statement run once, is made for
 * the parameters' values, each put into the plan as a constant, and a megabyte of text is then
 * copied and walked in planning and again in running. Storing 500 devices' compliance verdicts
 * (1 MB) cost PostgreSQL's backend 37 CPU ms with custom plans and 25 with generic ones (20
 * batches each, alternated, read from /proc). Only for such writes: elsewhere a custom plan's look
 * at the values (an array's length, a skewed key) is what picks the right plan. Restored only when
 * `write` succeeds: a failed statement has aborted the transaction, whose setting goes with it.
 */
export async function withGenericPlans<T>(tx: Executor, write: () => Promise<T>): Promise<T> {
  const [set] = await queryRows<{ was: string }>(
    tx,
    sql`select current_setting('plan_cache_mode') as was, set_config('plan_cache_mode', 'force_generic_plan', true)`,
  );
  const out = await write();
  await tx.execute(sql`select set_config('plan_cache_mode', ${set!.was}, true)`);
  return out;
}
