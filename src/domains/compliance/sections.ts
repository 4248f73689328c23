/**
 * A stored configuration as blocks a rule can select. Cisco-style text (IOS, NX-OS, EOS, IOS-XR
 * and the other indented dialects) is a tree by indentation: a block is a header line and the
 * lines indented under it. Junos is read as its "set" statements (what `show configuration |
 * display set` prints), so a rule and its remediation are written the way Junos is changed; a
 * section there is a hierarchy path ("system services").
 */

import { type LinePattern, linePattern, testLine } from './line-patterns.ts';

export type Style = 'indent' | 'junos';

/** One selected block: the headers that lead to it (outermost first) and its lines. */
export type Block = {
  /** The header lines from the top down to this block ([] for the whole configuration). */
  context: string[];
  /**
   * The block's own lines below its header, trimmed, with their line numbers in the text
   * (1-based) and `norm`, the line with its runs of spaces made one (what literal lines compare).
   */
  lines: Line[];
  /** Literal lines already looked up in the block, and whether they are there. */
  asked?: Map<string, boolean>;
  /**
   * The configuration's text, when it holds every line of the block as written (an indented
   * configuration's whole): a pattern's required text that is not in it is in none of the lines,
   * and they are not tested.
   */
  text?: string;
  /** A long block's lines by their first character, once asked for (see linesLed). */
  led?: Line[][];
};
export type Line = { text: string; at: number; norm: string };
export type ParsedLine = Line & { depth: number; start: number };

/** A line as literal rule lines compare it: trimmed, runs of blanks made one space. */
export const normalize = (s: string) => {
  const t = s.trim();
  return t.includes('  ') || t.includes('\t') ? t.replace(/\s+/g, ' ') : t;
};

export const styleOf = (platform: string | null): Style =>
  platform === 'juniper_junos' ? 'junos' : 'indent';

export type Parsed = {
  style: Style;
  /**
   * `text` is trimmed; `depth` is its indentation, which starts at `start` in the configuration's
   * text (see `rawLine`: block headers are matched with their indentation).
   */
  lines: ParsedLine[];
  /** Blocks already selected, by selector: rules of a policy share their sections. */
  selected?: Map<string, Block[]>;
  /** The text parsed, for an indented configuration (Junos is read as statements it does not hold). */
  text?: string;
  /** The top-level blocks, once found (see `segments`). */
  top?: number[];
};

/**
 * A line as written, with its indentation (trailing blanks left out): made when asked, for the
 * few lines that head a block, where keeping it on every line sliced each indented line twice.
 */
const rawLine = (parsed: Parsed, line: ParsedLine): string =>
  line.depth === 0 ? line.text : parsed.text!.slice(line.start, line.start + line.depth + line.text.length);

const TWO_SPACES = / {2}/;

/** Whitespace as String.prototype.trim sees it (a line holds no "\\n"). */
const blank = (c: number) =>
  c === 32 || (c >= 9 && c <= 13) || (c > 127 && /\s/.test(String.fromCharCode(c)));

/**
 * Splits a configuration once; every rule of every policy reads the same parse. Lines that are
 * not configuration are left out: blank, "!" separators and comments, "#" comments, "end". This
 * runs once per device whenever a policy is saved (10,000 devices at a time), so it walks the
 * text by index and slices each kept line once, where split-and-trim made three strings of every
 * line (measured 50 → 20 µs for a 20 KB configuration).
 */
export function parseConfig(text: string, style: Style): Parsed {
  if (style === 'junos') return { style, lines: junosStatements(text) };
  const lines: Parsed['lines'] = [];
  // Most configurations (IOS's one-space indent) have no run of blanks to fold: one look at the
  // whole text spares a look at each line. A regular expression, not includes('  '): V8 searches
  // a two-character text by stopping at every occurrence of its first, here every space (16.5 µs
  // for a 20 KB configuration, 7 µs so; half of the parse).
  const folded = text.includes('\t') || TWO_SPACES.test(text);
  for (let lineStart = 0, at = 1; lineStart <= text.length; at++) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd < 0) lineEnd = text.length;
    let from = lineStart;
    let to = lineEnd;
    const depthFrom = lineStart;
    lineStart = lineEnd + 1;
    while (to > from && blank(text.charCodeAt(to - 1))) to--;
    while (from < to && blank(text.charCodeAt(from))) from++;
    const first = text.charCodeAt(from);
    // "", "!…" and "#…" (and "end" below).
    if (from === to || first === 33 || first === 35) continue;
    const line = text.slice(from, to);
    if (line === 'end') continue;
    const norm = folded && (line.includes('  ') || line.includes('\t')) ? line.replace(/\s+/g, ' ') : line;
    lines.push({ text: line, at, depth: from - depthFrom, start: depthFrom, norm });
  }
  return { style, lines, text };
}

/**
 * Junos braces as "set" statements: a block's words prefix each statement inside it, `[ a b ]`
 * lists give one statement per member, `inactive:` and comments are dropped. Each statement keeps
 * the line number of its leaf.
 */
function junosStatements(text: string): Parsed['lines'] {
  const out: Parsed['lines'] = [];
  const stack: string[] = [];
  const raw = text.split('\n');
  for (let i = 0; i < raw.length; i++) {
    const line = raw[i]!.replace(/\s*##.*$/, '')
      .replace(/\/\*.*?\*\//g, '')
      .replace(/^\s*(?:inactive|protect):\s*/, '')
      .trim();
    if (line === '' || line.startsWith('#')) continue;
    if (line === '}') {
      stack.pop();
      continue;
    }
    if (line.endsWith('{')) {
      stack.push(line.slice(0, -1).trim());
      continue;
    }
    const statement = line.replace(/;$/, '');
    const list = /^(.*?)\s*\[\s*(.*?)\s*\]$/.exec(statement);
    const items = list ? list[2]!.split(/\s+/).map((m) => `${list[1]} ${m}`) : [statement];
    for (const item of items) {
      const text = `set ${[...stack, item].join(' ')}`;
      out.push({ text, at: i + 1, depth: 0, start: 0, norm: normalize(text) });
    }
  }
  return out;
}

/** Blocks shorter than this are read line by line: sorting their lines first would cost more. */
export const LONG_BLOCK = 24;

/** A line's first character as a bucket of `Block.led`: ASCII by itself, the rest together. */
const bucketOf = (c: number) => (c < 128 ? c : 128);

/**
 * The block's lines that can start with `lead` (a literal line, or a pattern's literal prefix), in
 * their order: those with its first character, for a long block (the whole configuration), else
 * every line. A rule over the whole configuration asks about the few lines that start with
 * `ntp server ` or `snmp-server community `, where every one of 900 lines was tested; the lines
 * are sorted by first character once per block, in one pass. With hasLiteral reading these
 * instead of searching the text, the rule engine went from 131.7-137.0 to 119.3-123.5 µs per
 * device on the compliance benchmark's policy (three pairs alternated, a fresh process each).
 */
export function linesLed(b: Block, lead: string): readonly Line[] {
  const { lines } = b;
  if (lead === '' || lines.length < LONG_BLOCK) return lines;
  if (!b.led) {
    const led: Line[][] = [];
    for (const l of lines) {
      const c = bucketOf(l.text.charCodeAt(0));
      const bucket = led[c];
      if (bucket) bucket.push(l);
      else led[c] = [l];
    }
    b.led = led;
  }
  return b.led[bucketOf(lead.charCodeAt(0))] ?? NO_LINES;
}

const NO_LINES: readonly Line[] = [];

/** A section selector: the whole configuration, blocks by header patterns, or a Junos path. */
export type Selector = { parents?: RegExp[] | undefined; path?: string | undefined };

/** Each selector's cache key, made once: a policy's selectors are asked for on every device. */
const keys = new WeakMap<Selector, string>();

const keyOf = (selector: Selector) => {
  let key = keys.get(selector);
  if (key === undefined) {
    key = `${selector.path ?? ''}\u0000${selector.parents?.map((p) => `${p.source}/${p.flags}`).join('\u0000') ?? ''}`;
    keys.set(selector, key);
  }
  return key;
};

/** The blocks a selector picks: one for the whole configuration or a Junos path, else one per match. */
export function selectBlocks(parsed: Parsed, selector: Selector): Block[] {
  const key = keyOf(selector);
  parsed.selected ??= new Map();
  let blocks = parsed.selected.get(key);
  if (!blocks) {
    blocks = select(parsed, selector);
    parsed.selected.set(key, blocks);
  }
  return blocks;
}

/** A header pattern with its literal prefix, which turns most lines away before the pattern runs. */
const headers = new WeakMap<RegExp, LinePattern>();

const headerPattern = (re: RegExp) => {
  let p = headers.get(re);
  if (!p) {
    p = linePattern(re, re.source);
    headers.set(re, p);
  }
  return p;
};

function select(parsed: Parsed, selector: Selector): Block[] {
  const all = parsed.lines;
  if (parsed.style === 'junos' || !selector.parents?.length) {
    const prefix = selector.path ? `set ${selector.path.trim()} ` : null;
    const lines = prefix ? all.filter((l) => l.text.startsWith(prefix) || l.text === prefix.trimEnd()) : all;
    // The parsed lines themselves: a block never copies them.
    return [prefix ? { context: [], lines } : { context: [], lines, text: parsed.text }];
  }
  return nested(parsed, 0, all.length, selector.parents, []);
}

/**
 * The blocks of lines [from, to): each line at the range's least indentation and its end (the
 * first line after it at that indentation or less), as start and end indices in turn.
 */
function segments(all: Parsed['lines'], from: number, to: number): number[] {
  let depth = Number.POSITIVE_INFINITY;
  for (let i = from; i < to; i++) depth = Math.min(depth, all[i]!.depth);
  const out: number[] = [];
  for (let i = from; i < to; ) {
    if (all[i]!.depth !== depth) {
      i++;
      continue;
    }
    let end = i + 1;
    while (end < to && all[end]!.depth > depth) end++;
    out.push(i, end);
    i = end;
  }
  return out;
}

/** Blocks under lines [from, to) whose headers match `parents` level by level. */
function nested(parsed: Parsed, from: number, to: number, parents: RegExp[], context: string[]): Block[] {
  const all = parsed.lines;
  const [first, ...rest] = parents;
  const head = headerPattern(first!);
  const blocks: Block[] = [];
  // Every selector starts from the top-level blocks: they are found once per configuration.
  let found: number[];
  if (from === 0 && to === all.length) {
    parsed.top ??= segments(all, from, to);
    found = parsed.top;
  } else found = segments(all, from, to);
  for (let k = 0; k < found.length; k += 2) {
    const i = found[k]!;
    const end = found[k + 1]!;
    const line = all[i]!;
    const raw = rawLine(parsed, line);
    if (testLine(head, raw) || (raw !== line.text && testLine(head, line.text))) {
      const ctx = [...context, raw];
      if (rest.length) blocks.push(...nested(parsed, i + 1, end, rest, ctx));
      else blocks.push({ context: ctx, lines: all.slice(i + 1, end) });
    }
  }
  return blocks;
}
