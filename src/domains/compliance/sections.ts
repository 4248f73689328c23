/**
 * A stored configuration as blocks a rule can select. Cisco-style text (IOS, NX-OS, EOS, IOS-XR
 * and the other indented dialects) is a tree by indentation: a block is a header line and the
 * lines indented under it. Junos is read as its "set" statements (what `show configuration |
 * display set` prints), so a rule and its remediation are written the way Junos is changed; a
 * section there is a hierarchy path ("system services").
 */

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
};
export type Line = { text: string; at: number; norm: string };

/** A line as literal rule lines compare it: trimmed, runs of blanks made one space. */
export const normalize = (s: string) => {
  const t = s.trim();
  return t.includes('  ') || t.includes('\t') ? t.replace(/\s+/g, ' ') : t;
};

export const styleOf = (platform: string | null): Style =>
  platform === 'juniper_junos' ? 'junos' : 'indent';

/** Lines that are not configuration: blank, "!" separators, comments, "end". */
const noise = (line: string) => {
  const t = line.trim();
  return t === '' || t === '!' || t === 'end' || t.startsWith('!') || t.startsWith('#');
};

export type Parsed = {
  style: Style;
  /** `raw` keeps the indentation (block headers are matched on it); `text` is trimmed. */
  lines: (Line & { depth: number; raw: string })[];
  /** Blocks already selected, by selector: rules of a policy share their sections. */
  selected?: Map<string, Block[]>;
};

/** Splits a configuration once; every rule of every policy reads the same parse. */
export function parseConfig(text: string, style: Style): Parsed {
  if (style === 'junos') return { style, lines: junosStatements(text) };
  const lines: Parsed['lines'] = [];
  const raw = text.split('\n');
  for (let i = 0; i < raw.length; i++) {
    const line = raw[i]!.trimEnd();
    if (noise(line)) continue;
    const text = line.trimStart();
    // `text` is trimmed both ends already: normalize's work without its trim.
    const norm = text.includes('  ') || text.includes('\t') ? text.replace(/\s+/g, ' ') : text;
    lines.push({ raw: line, text, at: i + 1, depth: line.length - text.length, norm });
  }
  return { style, lines };
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
      out.push({ raw: text, text, at: i + 1, depth: 0, norm: normalize(text) });
    }
  }
  return out;
}

/** A section selector: the whole configuration, blocks by header patterns, or a Junos path. */
export type Selector = { parents?: RegExp[] | undefined; path?: string | undefined };

/** The blocks a selector picks: one for the whole configuration or a Junos path, else one per match. */
export function selectBlocks(parsed: Parsed, selector: Selector): Block[] {
  const key = `${selector.path ?? ''}\u0000${selector.parents?.map((p) => `${p.source}/${p.flags}`).join('\u0000') ?? ''}`;
  parsed.selected ??= new Map();
  let blocks = parsed.selected.get(key);
  if (!blocks) {
    blocks = select(parsed, selector);
    parsed.selected.set(key, blocks);
  }
  return blocks;
}

function select(parsed: Parsed, selector: Selector): Block[] {
  const all = parsed.lines;
  if (parsed.style === 'junos' || !selector.parents?.length) {
    const prefix = selector.path ? `set ${selector.path.trim()} ` : null;
    const lines = prefix ? all.filter((l) => l.text.startsWith(prefix) || l.text === prefix.trimEnd()) : all;
    // The parsed lines themselves: a block never copies them.
    return [{ context: [], lines }];
  }
  return nested(all, 0, all.length, selector.parents, []);
}

/** Blocks under lines [from, to) whose headers match `parents` level by level. */
function nested(
  all: Parsed['lines'],
  from: number,
  to: number,
  parents: RegExp[],
  context: string[],
): Block[] {
  const [head, ...rest] = parents;
  const blocks: Block[] = [];
  let depth = Number.POSITIVE_INFINITY;
  for (let i = from; i < to; i++) depth = Math.min(depth, all[i]!.depth);
  for (let i = from; i < to; i++) {
    const line = all[i]!;
    if (line.depth !== depth) continue;
    let end = i + 1;
    while (end < to && all[end]!.depth > depth) end++;
    if (head!.test(line.raw) || head!.test(line.text)) {
      const ctx = [...context, line.raw];
      if (rest.length) blocks.push(...nested(all, i + 1, end, rest, ctx));
      else blocks.push({ context: ctx, lines: all.slice(i + 1, end) });
    }
    i = end - 1;
  }
  return blocks;
}
