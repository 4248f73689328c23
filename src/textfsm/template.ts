import { RegexTranslationError, type TranslatedRegex, translatePythonRegex } from './regex.ts';

/**
 * A TextFSM template read into values, states and rules, its regular expressions compiled once.
 * The language is Google's TextFSM (https://github.com/google/textfsm/wiki/TextFSM); every rule
 * here follows what its reference implementation accepts and refuses, with the same messages'
 * substance, plus the template's name and line.
 */

export const VALUE_OPTIONS = ['Filldown', 'Key', 'Required', 'List', 'Fillup'] as const;
export type ValueOption = (typeof VALUE_OPTIONS)[number];

export type ValueDef = {
  name: string;
  options: ValueOption[];
  /** The value's own regex, e.g. `(\S+)`. */
  regex: string;
  /** For a List with groups of its own, the regex that splits each item into a record. */
  itemRegex?: PythonRegex;
};

export type LineOp = 'Next' | 'Continue' | 'Error';
export type RecordOp = 'NoRecord' | 'Record' | 'Clear' | 'Clearall';

export type Rule = {
  line: number;
  /** The rule's regex as written, before `${VALUE}` substitution. */
  match: string;
  regex: PythonRegex;
  lineOp: LineOp;
  recordOp: RecordOp;
  /** The state to go to ('' = stay); for `Error`, the quoted message. */
  newState: string;
};

export type Template = {
  name: string;
  values: ValueDef[];
  header: string[];
  states: Map<string, Rule[]>;
  /** An `EOF` state in the template: the implicit last record is not written. */
  hasEofState: boolean;
};

export class TemplateError extends Error {
  readonly template: string;
  readonly line: number;
  readonly reason: string;

  constructor(template: string, line: number, reason: string) {
    super(`${template}${line ? `, line ${line}` : ''}: ${reason}`);
    this.template = template;
    this.line = line;
    this.reason = reason;
  }
}

/**
 * A Python regex compiled for JavaScript, in its two forms (see ./regex.ts). The Unicode form
 * compiles on first use: most device output never needs it.
 */
export class PythonRegex {
  readonly ascii: RegExp;
  private unicodeRe: RegExp | undefined;
  private readonly translated: TranslatedRegex;

  readonly source: string;

  constructor(source: string) {
    this.source = source;
    this.translated = translatePythonRegex(source);
    // Sticky: Python's re.match anchors at the start of the line and nowhere else.
    this.ascii = new RegExp(this.translated.ascii, `${this.translated.flags}y`);
    if (this.translated.unicode !== this.translated.ascii) this.unicodeRegex();
  }

  unicodeRegex(): RegExp {
    if (!this.unicodeRe) {
      this.unicodeRe =
        this.translated.unicode === this.translated.ascii && !/[^\x20-\x7e]/.test(this.translated.ascii)
          ? new RegExp(this.translated.ascii, `${this.translated.flags}uy`)
          : new RegExp(this.translated.unicode, `${this.translated.flags}uy`);
    }
    return this.unicodeRe;
  }

  /** Python's `re.match`: from the start of `text`. */
  match(text: string, unicode: boolean): RegExpExecArray | null {
    const re = unicode ? this.unicodeRegex() : this.ascii;
    re.lastIndex = 0;
    return re.exec(text);
  }
}

const MAX_NAME = 48;
const LINE_OPS = ['Continue', 'Next', 'Error'];
const RECORD_OPS = ['Clear', 'Clearall', 'Record', 'NoRecord'];
const NEW_STATE = String.raw`(?<newState>\w+|".*")`;
const OPERATOR = String.raw`(?<lineOp>Continue|Next|Error)(?:\.(?<recordOp>Clear|Clearall|Record|NoRecord))?`;
const ACTION = new RegExp(String.raw`^\s+${OPERATOR}(?:\s+${NEW_STATE})?$`);
const ACTION_RECORD = new RegExp(
  String.raw`^\s+(?<recordOp>Clear|Clearall|Record|NoRecord)(?:\s+${NEW_STATE})?$`,
);
const ACTION_STATE = new RegExp(String.raw`^(?:\s+${NEW_STATE})?$`);

function compile(source: string, template: string, line: number, what: string): PythonRegex {
  try {
    return new PythonRegex(source);
  } catch (e) {
    const reason =
      e instanceof RegexTranslationError
        ? e.message
        : (e as Error).message.replace(/^Invalid regular expression: /, '');
    throw new TemplateError(template, line, `${what} '${source}': ${reason}`);
  }
}

function parseValue(text: string, template: string, line: number): ValueDef {
  // Split on single spaces, as TextFSM does: the regex is everything after the name.
  const parts = text.split(' ');
  if (parts.length < 3) throw new TemplateError(template, line, 'Expect at least 3 tokens on line.');
  let options: ValueOption[] = [];
  let name: string;
  let regex: string;
  if (!parts[2]!.startsWith('(')) {
    for (const option of parts[1]!.split(',')) {
      if (!(VALUE_OPTIONS as readonly string[]).includes(option)) {
        throw new TemplateError(template, line, `Unknown option "${option}"`);
      }
      if (options.includes(option as ValueOption)) {
        throw new TemplateError(template, line, `Duplicate option "${option}"`);
      }
      options = [...options, option as ValueOption];
    }
    name = parts[2]!;
    regex = parts.slice(3).join(' ');
  } else {
    name = parts[1]!;
    regex = parts.slice(2).join(' ');
  }
  if (name.length > MAX_NAME)
    throw new TemplateError(template, line, `Invalid Value name '${name}' or name too long.`);
  if (!/^\(.*\)$/.test(regex) || regex.split('(').length !== regex.split(')').length) {
    throw new TemplateError(template, line, `Value '${regex}' must be contained within a '()' pair.`);
  }
  const value: ValueDef = { name, options, regex };
  if (options.includes('List')) {
    const item = compile(regex, template, line, 'Value regex');
    // A List whose regex has groups of its own yields one record per item (TextFSM's nested List).
    if (groupCount(item.ascii) > 1) value.itemRegex = item;
  }
  return value;
}

function groupCount(re: RegExp): number {
  return new RegExp(`(?:${re.source})|`).exec('')!.length - 1;
}

/** Python's string.Template.substitute over the Values: `${NAME}`, `$NAME`, `$$`. */
function substitute(match: string, values: Map<string, string>, template: string, line: number): string {
  const invalid = () =>
    new TemplateError(template, line, `Duplicate or invalid variable substitution: '${match}'.`);
  return match.replace(
    /\$(?:(\$)|([_a-zA-Z][_a-zA-Z0-9]*)|\{([_a-zA-Z][_a-zA-Z0-9]*)\}|)/g,
    (_all, dollar, bare, braced) => {
      if (dollar) return '$';
      const name = bare ?? braced;
      if (!name) throw invalid();
      const v = values.get(name);
      if (v === undefined) throw invalid();
      return v;
    },
  );
}

function parseRule(raw: string, template: string, line: number, values: Map<string, string>): Rule {
  const text = raw.trim();
  // The action is after the last whitespace-arrow, as TextFSM's greedy split finds it.
  const arrow = /^(?<match>.*)\s->(?<action>.*)$/.exec(text);
  const match = arrow ? arrow.groups!.match! : text;
  const source = values.size ? substitute(match, values, template, line) : match;
  const regex = compile(source, template, line, 'Invalid regular expression');
  const rule: Rule = { line, match, regex, lineOp: 'Next', recordOp: 'NoRecord', newState: '' };
  if (!arrow) return rule;
  const action = arrow.groups!.action!;
  const m = ACTION.exec(action) ?? ACTION_RECORD.exec(action) ?? ACTION_STATE.exec(action);
  if (!m) throw new TemplateError(template, line, `Badly formatted rule '${text}'.`);
  const g = m.groups ?? {};
  if (g.lineOp) rule.lineOp = g.lineOp as LineOp;
  if (g.recordOp) rule.recordOp = g.recordOp as RecordOp;
  if (g.newState) rule.newState = g.newState;
  if (g.lineOp === 'Continue' && rule.newState) {
    throw new TemplateError(template, line, `Action 'Continue' with new state ${rule.newState} specified.`);
  }
  if (rule.lineOp !== 'Error' && rule.newState && !/^\w/.test(rule.newState)) {
    throw new TemplateError(template, line, 'Alphanumeric characters only in state names.');
  }
  return rule;
}

const isComment = (line: string) => /^\s*#/.test(line);

/** Reads a template. Throws TemplateError naming the template and line. */
export function parseTemplate(text: string, name = 'template'): Template {
  const lines = text.split(/\r?\n/);
  let n = 0;
  const values: ValueDef[] = [];
  const valueRegex = new Map<string, string>();
  // Values: a block at the top, ended by a blank line.
  for (; n < lines.length; n++) {
    const line = lines[n]!.trimEnd();
    if (!line) break;
    if (isComment(line)) continue;
    if (!line.startsWith('Value ')) {
      if (!values.length) throw new TemplateError(name, n + 1, 'No Value definitions found.');
      throw new TemplateError(name, n + 1, 'Expected blank line after last Value entry.');
    }
    const value = parseValue(line, name, n + 1);
    if (valueRegex.has(value.name)) {
      throw new TemplateError(name, n + 1, `Duplicate declarations for Value '${value.name}'.`);
    }
    values.push(value);
    valueRegex.set(value.name, value.regex.replace(/^\(/, `(?P<${value.name}>`));
  }
  n++;
  const states = new Map<string, Rule[]>();
  const stateOrder: string[] = [];
  while (n < lines.length) {
    let stateName = '';
    for (; n < lines.length; n++) {
      const line = lines[n]!.trimEnd();
      if (!line || isComment(line)) continue;
      if (
        !/^\w+$/.test(line) ||
        line.length > MAX_NAME ||
        LINE_OPS.includes(line) ||
        RECORD_OPS.includes(line)
      ) {
        throw new TemplateError(name, n + 1, `Invalid state name: '${line}'.`);
      }
      if (states.has(line)) throw new TemplateError(name, n + 1, `Duplicate state name: '${line}'.`);
      stateName = line;
      states.set(line, []);
      stateOrder.push(line);
      n++;
      break;
    }
    if (!stateName) break;
    for (; n < lines.length; n++) {
      const line = lines[n]!.trimEnd();
      if (!line) break;
      if (isComment(line)) continue;
      if (!/^( \^| {2}\^|\t\^)/.test(line)) {
        throw new TemplateError(name, n + 1, "Missing white space or carat ('^') before rule.");
      }
      states.get(stateName)!.push(parseRule(line, name, n + 1, valueRegex));
    }
  }
  if (!states.has('Start')) throw new TemplateError(name, 0, "Missing state 'Start'.");
  if (states.get('End')?.length) throw new TemplateError(name, 0, "Non-Empty 'End' state.");
  if (states.get('EOF')?.length) throw new TemplateError(name, 0, "Non-Empty 'EOF' state.");
  states.delete('End');
  for (const [state, rules] of states) {
    for (const rule of rules) {
      if (rule.lineOp === 'Error' || !rule.newState || rule.newState === 'End' || rule.newState === 'EOF')
        continue;
      if (!states.has(rule.newState)) {
        throw new TemplateError(
          name,
          rule.line,
          `State '${rule.newState}' not found, referenced in state '${state}'`,
        );
      }
    }
  }
  return { name, values, header: values.map((v) => v.name), states, hasEofState: states.has('EOF') };
}
