import type { Rule, Template, ValueDef } from './template.ts';

/**
 * Runs a template over text, as TextFSM's ParseText does: line by line, the current state's
 * rules in order; a matching rule assigns its values, acts on the record, and moves on (Next) or
 * lets the following rules see the same line (Continue).
 */

export type Cell = string | (string | Record<string, string | null>)[];
export type Table = { header: string[]; rows: Cell[][] };

export class FsmError extends Error {
  readonly template: string;
  readonly line: number;
  readonly input: string;
  readonly reason: string;

  constructor(template: string, line: number, input: string, reason: string) {
    super(`${template}, line ${line}: ${reason} (input line: ${JSON.stringify(input)})`);
    this.template = template;
    this.line = line;
    this.input = input;
    this.reason = reason;
  }
}

type Item = string | null | Record<string, string | null>;

/** One Value while a text is parsed: its current value and what its options remember. */
class Slot {
  value: string | null | Item[] = null;
  /** Filldown: the last assigned value, restored when the record clears. */
  private kept: string | null = null;
  private list: Item[] = [];
  private readonly filldown: boolean;
  readonly def: ValueDef;

  constructor(def: ValueDef) {
    this.def = def;
    this.filldown = def.options.includes('Filldown');
  }

  assign(value: string | null, index: number, rows: Cell[][], unicode: boolean): void {
    this.value = value;
    for (const option of this.def.options) {
      if (option === 'Filldown') this.kept = value;
      else if (option === 'Fillup' && value) {
        // Upwards: earlier rows without this value get it, up to one that has its own.
        for (let r = rows.length - 1; r >= 0; r--) {
          const row = rows[r]!;
          if (row[index]?.length) break;
          row[index] = value;
        }
      } else if (option === 'List') {
        const m = this.def.itemRegex && value !== null ? this.def.itemRegex.match(value, unicode) : null;
        if (m?.groups && Object.keys(m.groups).length) {
          const item: Record<string, string | null> = {};
          for (const [k, v] of Object.entries(m.groups)) item[k] = v ?? null;
          this.list.push(item);
        } else {
          this.list.push(value);
        }
      }
    }
  }

  clear(): void {
    this.value = null;
    for (const option of this.def.options) {
      if (option === 'Filldown') this.value = this.kept;
      else if (option === 'List' && !this.filldown) this.list = [];
    }
  }

  clearAll(): void {
    this.value = null;
    this.kept = null;
    this.list = [];
  }

  /** The value to record, or undefined when a Required value is empty (the record is skipped). */
  save(): string | null | Item[] | undefined {
    for (const option of this.def.options) {
      if (option === 'Required' && !this.value?.length) return undefined;
      if (option === 'List') this.value = [...this.list];
    }
    return this.value;
  }
}

/** Python's str.splitlines: every line boundary it knows, no empty line after the last. */
// The file/group/record separators \x1c-\x1e are line breaks to Python, so they are here too.
// biome-ignore lint/suspicious/noControlCharactersInRegex: Python's own list of line boundaries
const LINE_BREAK = /\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]/;

/** Printable ASCII and tab: where JavaScript's \w \d \s \b mean what Python's do. */
const NOT_PLAIN = /[^\t\x20-\x7e]/;

export function splitLines(text: string): string[] {
  if (!text) return [];
  const lines = text.split(LINE_BREAK);
  if (lines.at(-1) === '' && lines.length) lines.pop();
  return lines;
}

/** The Values a rule's named groups fill, by group name (other named groups are ignored). */
const assignments = new WeakMap<Rule, [string, number][]>();

function ruleAssignments(rule: Rule, template: Template): [string, number][] {
  let a = assignments.get(rule);
  if (!a) {
    a = [];
    for (const m of rule.regex.ascii.source.matchAll(/\(\?<([A-Za-z_]\w*)>/g)) {
      const index = template.header.indexOf(m[1]!);
      if (index >= 0) a.push([m[1]!, index]);
    }
    assignments.set(rule, a);
  }
  return a;
}

export function runTemplate(template: Template, text: string): Table {
  const slots = template.values.map((v) => new Slot(v));
  const rows: Cell[][] = [];
  const lines = splitLines(text);
  const unicode = lines.some((l) => NOT_PLAIN.test(l));

  const clearRecord = () => {
    for (const s of slots) s.clear();
  };
  const appendRecord = () => {
    if (!slots.length) return;
    const record: (string | null | Item[])[] = [];
    for (const s of slots) {
      const v = s.save();
      if (v === undefined) {
        clearRecord();
        return;
      }
      record.push(v);
    }
    if (record.every((v) => v === null || (Array.isArray(v) && v.length === 0))) return;
    rows.push(record.map((v) => v ?? '') as Cell[]);
    clearRecord();
  };

  let stateName = 'Start';
  let rules = template.states.get('Start')!;
  for (const line of lines) {
    for (const rule of rules) {
      const m = rule.regex.match(line, unicode);
      if (!m) continue;
      if (m.groups) {
        for (const [name, index] of ruleAssignments(rule, template)) {
          slots[index]!.assign(m.groups[name] ?? null, index, rows, unicode);
        }
      }
      if (rule.recordOp === 'Record') appendRecord();
      else if (rule.recordOp === 'Clear') clearRecord();
      else if (rule.recordOp === 'Clearall') for (const s of slots) s.clearAll();
      if (rule.lineOp === 'Error') {
        const message = rule.newState
          ? `Error: ${rule.newState.replace(/^"|"$/g, '')}`
          : 'State Error raised';
        throw new FsmError(template.name, rule.line, line, message);
      }
      if (rule.lineOp === 'Continue') continue;
      if (rule.newState) {
        if (rule.newState !== 'End' && rule.newState !== 'EOF') rules = template.states.get(rule.newState)!;
        stateName = rule.newState;
      }
      break;
    }
    if (stateName === 'End' || stateName === 'EOF') break;
  }
  if (stateName !== 'End' && !template.hasEofState) appendRecord();
  return { header: template.header, rows };
}
