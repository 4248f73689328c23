import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';

/** The CSV columns, in export order. Import accepts them in any order, plus the aliases below. */
export const CSV_COLUMNS = [
  'customer',
  'hostname',
  'mgmt_ip',
  'port',
  'vendor',
  'platform',
  'role',
  'site',
  'tags',
  'credential',
  'enabled',
  'legacy_ssh',
  'transport',
  'description',
] as const;
export type CsvColumn = (typeof CSV_COLUMNS)[number];

const ALIASES: Record<string, CsvColumn> = {
  host: 'hostname',
  name: 'hostname',
  ip: 'mgmt_ip',
  address: 'mgmt_ip',
  management_ip: 'mgmt_ip',
  mgmtip: 'mgmt_ip',
  os: 'platform',
  device_type: 'platform',
  model: 'platform',
  credential_name: 'credential',
  legacy: 'legacy_ssh',
};

/** The API field each column feeds, so a validation error can name the column the user typed. */
export const COLUMN_OF_FIELD: Record<string, CsvColumn> = {
  hostname: 'hostname',
  mgmtIp: 'mgmt_ip',
  port: 'port',
  vendor: 'vendor',
  platform: 'platform',
  role: 'role',
  site: 'site',
  tags: 'tags',
  credentialId: 'credential',
  enabled: 'enabled',
  legacySsh: 'legacy_ssh',
  transport: 'transport',
  description: 'description',
};

export type CsvRow = { line: number; values: Partial<Record<CsvColumn, string>> };
export type CsvProblem = { line: number; field: string; message: string };

function normaliseHeader(h: string): string {
  const key = h
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
  return ALIASES[key] ?? key;
}

/**
 * Spreadsheet formula injection guard: export prefixes a cell that a spreadsheet could run
 * (= + - @ tab CR, and ; where it separates arguments) with ', and import takes exactly that
 * prefix off again. A value that itself starts with ' is prefixed too, so export then import
 * gives back every value unchanged.
 */
const GUARDED = /^[=+\-@\t\r;']/;
export const guard = (v: string) => (GUARDED.test(v) ? `'${v}` : v);
const unguard = (v: string) => (v.startsWith("'") && GUARDED.test(v.slice(1)) ? v.slice(1) : v);

export function parseDeviceCsv(text: string): { rows: CsvRow[]; problems: CsvProblem[] } {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, {
      bom: true,
      skip_empty_lines: true,
      relax_column_count: true,
      info: true,
      trim: true,
    }) as unknown as typeof records;
  } catch (err) {
    const e = err as { lines?: number; message: string };
    return { rows: [], problems: [{ line: e.lines ?? 1, field: 'csv', message: e.message }] };
  }
  const [header, ...body] = records;
  if (!header) return { rows: [], problems: [{ line: 1, field: 'csv', message: 'the file is empty' }] };
  const columns = header.record.map(normaliseHeader);
  const problems: CsvProblem[] = [];
  const known = new Set<string>(CSV_COLUMNS);
  columns.forEach((c, i) => {
    if (!known.has(c))
      problems.push({
        line: 1,
        field: header.record[i] ?? c,
        message: `unknown column; expected ${CSV_COLUMNS.join(', ')}`,
      });
    if (columns.indexOf(c) !== i) problems.push({ line: 1, field: c, message: 'column appears twice' });
  });
  for (const required of ['hostname', 'mgmt_ip'] as const) {
    if (!columns.includes(required))
      problems.push({ line: 1, field: required, message: 'required column is missing' });
  }
  if (problems.length) return { rows: [], problems };
  const rows = body.map(({ record, info }) => {
    // csv-parse counts the line a record ends on; people look for the line it starts on.
    const line = info.lines - record.reduce((n, cell) => n + (cell.match(/\n/g)?.length ?? 0), 0);
    const values: Partial<Record<CsvColumn, string>> = {};
    if (record.length > columns.length) {
      problems.push({
        line,
        field: 'csv',
        message: `${record.length} cells but ${columns.length} columns`,
      });
    }
    columns.forEach((c, i) => {
      values[c as CsvColumn] = unguard(record[i] ?? '');
    });
    return { line, values };
  });
  return { rows, problems };
}

export function toCsv(rows: Record<CsvColumn, string>[], withHeader: boolean): string {
  return stringify(
    rows.map((r) => CSV_COLUMNS.map((c) => guard(r[c]))),
    withHeader ? { header: true, columns: [...CSV_COLUMNS] } : {},
  );
}

const TRUE = new Set(['true', 'yes', 'y', '1', 'on']);
const FALSE = new Set(['false', 'no', 'n', '0', 'off']);
export function parseBool(v: string | undefined, fallback: boolean): boolean | undefined {
  if (v === undefined || v === '') return fallback;
  const l = v.toLowerCase();
  if (TRUE.has(l)) return true;
  if (FALSE.has(l)) return false;
  return undefined;
}
export const splitTags = (v: string | undefined) => (v ? v.split(/[;|,\s]+/).filter(Boolean) : []);
