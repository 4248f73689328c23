import fs from 'node:fs';
import path from 'node:path';
import { type Cell, FsmError, runTemplate, type Table } from './fsm.ts';
import { PythonRegex, parseTemplate, type Template, TemplateError } from './template.ts';

/**
 * Templates found by platform and command, the way Netmiko finds ntc-templates: an `index` file
 * (CSV: Template, Hostname, Platform, Command) whose first matching row names the template(s);
 * `sh[[ow]] ver[[sion]]` in the Command column matches `sh ver`, `show ver`, `show version`.
 * Several templates in one row (`a.textfsm:b.textfsm`) parse the same text and are joined on
 * the first template's Key values, as TextFSM's CliTable does.
 *
 * A library has folders in order of precedence (the user's WEBNET_TEMPLATES_DIR before the
 * templates webnet ships): their index rows are tried in that order, and a template file is
 * taken from the first folder that has it, so a user's file of the same name overrides ours.
 */

export const NTC_TEMPLATES_DIR = path.join(import.meta.dirname, 'ntc-templates');

/** A record as CliTable gives it: every cell text, or a List's items as text. */
export type Record_ = Record<string, string | string[]>;

export type ParseResult =
  | { ok: true; template: string; header: string[]; records: Record_[] }
  | {
      ok: false;
      reason: 'no-template' | 'template-error' | 'parse-error';
      template?: string;
      message: string;
    };

export type IndexProblem = { file: string; line: number; message: string };

type IndexRow = {
  templates: string[];
  columns: Map<string, PythonRegex>;
  dir: string;
};

/** `abc[[xyz]]` → `abc(x(y(z)?)?)?`: each further letter optional, as CliTable expands it. */
export function expandCompletion(command: string): string {
  return command.replace(
    /\[\[(.+?)\]\]/g,
    (_, word: string) => `(${[...word].join('(')}${')?'.repeat(word.length)}`,
  );
}

function readIndex(dir: string, problems: IndexProblem[]): IndexRow[] {
  const file = path.join(dir, 'index');
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return [];
  }
  const rows: IndexRow[] = [];
  let header: string[] | undefined;
  text.split(/\r?\n/).forEach((raw, i) => {
    if (!header) {
      const h = raw.split('#')[0]!.trim();
      if (h) header = h.split(',').map((c) => c.trim());
      return;
    }
    if (raw.startsWith('#')) return;
    const fields = raw.split(',').map((f) => f.trim());
    // A line of the wrong width is dropped silently by CliTable; blank lines are such lines.
    if (fields.length !== header.length) return;
    const row: IndexRow = { templates: [], columns: new Map(), dir };
    let broken = false;
    header.forEach((column, c) => {
      const value = fields[c]!;
      if (column === 'Template') row.templates = value.split(':');
      else if (value) {
        try {
          row.columns.set(column, new PythonRegex(column === 'Command' ? expandCompletion(value) : value));
        } catch (e) {
          problems.push({ file, line: i + 1, message: `${column} '${value}': ${(e as Error).message}` });
          broken = true;
        }
      }
    });
    if (!broken) rows.push(row); // a row that cannot match is left out, not matched by everything
  });
  if (header && !header.includes('Template')) {
    problems.push({ file, line: 1, message: "index has no 'Template' column" });
    return [];
  }
  return rows;
}

export class TemplateLibrary {
  private rows: IndexRow[] = [];
  private readonly compiled = new Map<string, Template | TemplateError>();
  /** Lookups already made: a job asks for the same few commands on every device. */
  private readonly found = new Map<string, string[] | undefined>();
  problems: IndexProblem[] = [];

  /** `dirs` in order of precedence: the first folder's index rows and files win. */
  private readonly dirs: string[];

  constructor(dirs: string[]) {
    this.dirs = dirs;
    this.reload();
  }

  /** Reads the indexes again and forgets compiled templates (a folder changed). */
  reload(): void {
    const problems: IndexProblem[] = [];
    this.rows = this.dirs.flatMap((d) => readIndex(d, problems));
    this.problems = problems;
    this.compiled.clear();
    this.found.clear();
  }

  /** The template file names for a platform and command, or undefined. */
  find(platform: string, command: string): string[] | undefined {
    const key = `${platform}\n${command}`;
    if (this.found.has(key)) return this.found.get(key);
    const names = this.lookup(platform, command);
    if (this.found.size > 10_000) this.found.clear();
    this.found.set(key, names);
    return names;
  }

  private lookup(platform: string, command: string): string[] | undefined {
    const attributes: Record<string, string> = { Platform: platform, Command: command.trim() };
    for (const row of this.rows) {
      let ok = true;
      for (const [column, value] of Object.entries(attributes)) {
        const re = row.columns.get(column);
        if (re && !re.match(value, /[^\t\x20-\x7e]/.test(value))) {
          ok = false;
          break;
        }
      }
      if (ok) return row.templates;
    }
    return undefined;
  }

  /** A template by file name, from the first folder that has it; compiled once. */
  template(name: string): Template {
    let t = this.compiled.get(name);
    if (!t) {
      t = this.load(name);
      this.compiled.set(name, t);
    }
    if (t instanceof TemplateError) throw t;
    return t;
  }

  private load(name: string): Template | TemplateError {
    if (name.includes('/') || name.includes('\\') || name.startsWith('.')) {
      return new TemplateError(name, 0, 'a template is named by its file name only');
    }
    for (const dir of this.dirs) {
      let text: string;
      try {
        text = fs.readFileSync(path.join(dir, name), 'utf8');
      } catch {
        continue;
      }
      try {
        return parseTemplate(text, name);
      } catch (e) {
        if (e instanceof TemplateError) return e;
        throw e;
      }
    }
    return new TemplateError(name, 0, 'template file not found');
  }

  /**
   * Parses a command's output. Never throws for the template or the text: a broken template, a
   * template `Error` and a missing template come back as a reason with the template and line.
   */
  parse(platform: string, command: string, text: string): ParseResult {
    let names = this.find(platform, command);
    // Netmiko's rule: IOS-XE is read with IOS templates where it has none of its own.
    if (!names && platform === 'cisco_xe') names = this.find('cisco_ios', command);
    if (!names) {
      return { ok: false, reason: 'no-template', message: `no template for "${command}" on ${platform}` };
    }
    return this.parseWith(names, text);
  }

  /** Parses with the named template files (joined as CliTable joins them when several). */
  parseWith(names: string[], text: string): ParseResult {
    try {
      return tableResult(
        names.join(':'),
        mergeTables(
          names.map((n) => this.template(n)),
          text,
        ),
      );
    } catch (e) {
      return failure(e, names.join(':'));
    }
  }
}

/** Parses with a template given as text (testing a template before it is installed). */
export function parseWithTemplate(templateText: string, text: string, name = 'template'): ParseResult {
  try {
    return tableResult(name, mergeTables([parseTemplate(templateText, name)], text));
  } catch (e) {
    return failure(e, name);
  }
}

function failure(e: unknown, template: string): ParseResult {
  if (e instanceof TemplateError)
    return { ok: false, reason: 'template-error', template, message: e.message };
  if (e instanceof FsmError) return { ok: false, reason: 'parse-error', template, message: e.message };
  throw e;
}

/** Records keyed by lower-cased column names, as Netmiko and ntc-templates return them. */
function tableResult(template: string, table: Table): ParseResult {
  const keys = table.header.map((h) => h.toLowerCase());
  const records = table.rows.map((row) => {
    const r: Record_ = {};
    keys.forEach((k, i) => {
      r[k] = asCliTable(row[i]!);
    });
    return r;
  });
  return { ok: true, template, header: keys, records };
}

/**
 * CliTable turns every cell into text: a List's items each become str(item), so an unset item
 * is "None" and a nested-List record is its Python repr. Netmiko returns exactly this.
 */
function asCliTable(cell: Cell): string | string[] {
  if (!Array.isArray(cell)) return cell;
  return cell.map((item) => (typeof item === 'string' ? item : pyRepr(item)));
}

function pyRepr(v: string | null | Record<string, string | null>): string {
  if (v === null) return 'None';
  if (typeof v === 'string') {
    const quote = v.includes("'") && !v.includes('"') ? '"' : "'";
    const body = v
      .replace(/\\/g, '\\\\')
      .replace(/\n/g, '\\n')
      .replace(/\r/g, '\\r')
      .replace(/\t/g, '\\t')
      .replace(new RegExp(quote, 'g'), `\\${quote}`);
    return `${quote}${body}${quote}`;
  }
  return `{${Object.entries(v)
    .map(([k, x]) => `${pyRepr(k)}: ${x === null ? 'None' : pyRepr(x)}`)
    .join(', ')}}`;
}

/** CliTable's join: later tables add their new columns to the rows whose Key values match. */
function mergeTables(templates: Template[], text: string): Table {
  const first = runTemplate(templates[0]!, text);
  let keys = keyNames(templates[0]!);
  const header = [...first.header];
  const rows = first.rows.map((r) => [...r]);
  for (const t of templates.slice(1)) {
    const next = runTemplate(t, text);
    if (!keys.length) keys = keyNames(t);
    for (const k of keys) if (!header.includes(k)) throw new TemplateError(t.name, 0, `Unknown key: '${k}'`);
    const added = next.header.filter((c) => !header.includes(c));
    if (!added.length) continue;
    for (const row of rows) row.push(...added.map(() => ''));
    const at = (h: string[], c: string) => h.indexOf(c);
    const fromHeader = [...header];
    header.push(...added);
    rows.forEach((row, i) => {
      const match = keys.length
        ? next.rows.find((n) => keys.every((k) => same(row[at(fromHeader, k)]!, n[at(next.header, k)]!)))
        : next.rows[i];
      if (match) for (const c of added) row[at(header, c)] = match[at(next.header, c)]!;
    });
  }
  return { header, rows };
}

const keyNames = (t: Template) => t.values.filter((v) => v.options.includes('Key')).map((v) => v.name);
const same = (a: Cell, b: Cell) => JSON.stringify(a) === JSON.stringify(b);
