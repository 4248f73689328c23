import { createHash } from 'node:crypto';
import type { Platform } from '../platforms/types.ts';
import { requiredLiteral } from './literals.ts';
import { anyOf, markerFor, parentLine, redactLine } from './rules.ts';

type BackupRules = Platform['backup'];

/**
 * A backup's cleaning in one pass over the text, for speed: each rule list becomes one multiline
 * regex run natively over the whole config to find the few lines it concerns, instead of a
 * JavaScript call per line per step (a 40 KB config is 1,500 lines, and a backup job runs thousands).
 * It gives exactly what dropVolatile, redact and significantHash in reference.ts give in turn
 * (a property test holds the two to each other); those stay as the plain statement of the rules.
 */
export type CleanedConfig = { config: string; hash: string; unredacted: () => string };

/** The patterns of a rule list, one array per list, so the plans cached for it are found again. */
const patternLists = new WeakMap<readonly { pattern: RegExp }[], RegExp[]>();
function patternsOf(rules: readonly { pattern: RegExp }[]): RegExp[] {
  let patterns = patternLists.get(rules);
  if (!patterns) {
    patterns = rules.map((r) => r.pattern);
    patternLists.set(rules, patterns);
  }
  return patterns;
}

/** The last line starting at or before `pos`. */
function lineAt(starts: Uint32Array, pos: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= pos) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * How to find a rule list's lines fast: the plain text each pattern requires, searched for all at
 * once (a substring search, no regex work at most positions), and a multiline scan only for the
 * patterns without such text.
 */
type Plan = { literals: RegExp | null; rest: RegExp[] };
const plans = new WeakMap<readonly RegExp[], Plan>();
function planOf(patterns: readonly RegExp[]): Plan {
  let plan = plans.get(patterns);
  if (!plan) {
    const literals: string[] = [];
    const rest: RegExp[] = [];
    for (const p of patterns) {
      const literal = requiredLiteral(p);
      if (literal) literals.push(literal.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'));
      else rest.push(p);
    }
    plan = { literals: literals.length > 0 ? new RegExp([...new Set(literals)].join('|'), 'g') : null, rest };
    plans.set(patterns, plan);
  }
  return plan;
}

/** What trimEnd() removes, tested on one character code (ASCII first, the rest by \s). */
function isBlank(code: number): boolean {
  if (code === 32 || (code >= 9 && code <= 13)) return true;
  return code > 127 && /\s/.test(String.fromCharCode(code));
}

/**
 * The lines of a text without splitting it: where each starts, and a line's text sliced out
 * when asked for. Cleaning reads a handful of lines of a 1,500-line config; edited lines are
 * kept aside.
 */
class Lines {
  readonly starts: Uint32Array;
  readonly length: number;
  private readonly edits = new Map<number, string>();
  private readonly text: string;

  /** Lines that end in blanks (which the change hash ignores), found on the same pass. */
  readonly trailing: number[] = [];

  constructor(text: string) {
    this.text = text;
    const at: number[] = [0];
    for (let p = text.indexOf('\n'); p !== -1; p = text.indexOf('\n', p + 1)) {
      if (p > 0 && isBlank(text.charCodeAt(p - 1))) this.trailing.push(at.length - 1);
      at.push(p + 1);
    }
    if (text.length > 0 && isBlank(text.charCodeAt(text.length - 1))) this.trailing.push(at.length - 1);
    this.starts = Uint32Array.from(at);
    this.length = at.length;
  }

  get(i: number): string {
    const edited = this.edits.get(i);
    if (edited !== undefined) return edited;
    const end = i + 1 < this.length ? this.starts[i + 1]! - 1 : this.text.length;
    return this.text.slice(this.starts[i]!, end);
  }

  set(i: number, line: string): void {
    this.edits.set(i, line);
  }
}

/**
 * Indices of the lines some pattern matches, each confirmed line by line exactly as the simple
 * path tests it. Candidates: lines holding a pattern's required text, and lines a multiline scan
 * of the other patterns touches (a line it skipped has no match starting in it; a line a scan
 * match ran over is tested itself).
 */
function linesMatching(text: string, lines: Lines, patterns: readonly RegExp[]): number[] {
  if (patterns.length === 0) return [];
  const { starts } = lines;
  const { literals, rest } = planOf(patterns);
  const candidates = new Set<number>();
  if (literals) for (const m of text.matchAll(literals)) candidates.add(lineAt(starts, m.index));
  const scan = anyOf(rest, 'gm');
  if (scan) {
    let checkedUpTo = -1;
    for (const m of text.matchAll(scan)) {
      const first = Math.max(lineAt(starts, m.index), checkedUpTo + 1);
      const last = lineAt(starts, m.index + Math.max(0, m[0].length - 1));
      for (let i = first; i <= last; i++) candidates.add(i);
      checkedUpTo = Math.max(checkedUpTo, last);
    }
  }
  return [...candidates].sort((a, b) => a - b).filter((i) => patterns.some((p) => p.test(lines.get(i))));
}

/**
 * Marks each run from a line a block's `from` matches through the next line its `to` matches
 * (or the end). As in the plain path, a line inside a run starts nothing, and where several
 * blocks start on one line the first listed is taken.
 */
function dropBlocks(
  text: string,
  lines: Lines,
  blocks: { from: RegExp; to: RegExp }[],
  gone: Uint8Array,
): void {
  const starts = new Set<number>();
  for (const block of blocks) for (const i of linesMatching(text, lines, [block.from])) starts.add(i);
  let through = -1;
  for (const i of [...starts].sort((x, y) => x - y)) {
    if (i <= through) continue;
    const block = blocks.find((b) => b.from.test(lines.get(i)))!;
    let j = i;
    if (!block.to.test(lines.get(i))) {
      j = i + 1;
      while (j < lines.length && !block.to.test(lines.get(j))) j++;
    }
    for (let k = i; k <= Math.min(j, lines.length - 1); k++) gone[k] = 1;
    through = j;
  }
}

export function cleanConfig(text: string, rules: BackupRules, key?: Uint8Array): CleanedConfig {
  const lines = new Lines(text);
  const { starts } = lines;
  const gone = new Uint8Array(lines.length);
  for (const i of linesMatching(text, lines, rules.drop)) gone[i] = 1;
  if (rules.dropBlocks?.length) dropBlocks(text, lines, rules.dropBlocks, gone);
  // Lines whose text changes before redaction; they are tested again wherever it matters.
  const changed = new Set<number>();
  const rewrite = rules.rewrite ?? [];
  const rewriteAt = (i: number) => {
    const next = rewrite.reduce((l, r) => l.replace(r.pattern, r.replacement), lines.get(i));
    if (next !== lines.get(i)) {
      lines.set(i, next);
      changed.add(i);
    }
  };
  // One rule: only the lines it matches; several: each may feed the next, so every line.
  if (rewrite.length === 1) for (const i of linesMatching(text, lines, patternsOf(rewrite))) rewriteAt(i);
  else if (rewrite.length > 1) for (let i = 0; i < lines.length; i++) rewriteAt(i);
  // Blank edges go, as in dropVolatile.
  let first = 0;
  let end = lines.length;
  while (first < end && (gone[first] || lines.get(first).trim() === '')) first++;
  while (end > first && (gone[end - 1] || lines.get(end - 1).trim() === '')) end--;
  const kept = (i: number) => i >= first && i < end && !gone[i];

  const original = new Map<number, string>();
  const patterns = patternsOf(rules.redact);
  const marker = markerFor(key);
  const blockOf = (i: number) => {
    for (let j = i; j >= first; j--)
      if (kept(j) && lines.get(j) !== '' && lines.get(j).charCodeAt(0) > 32) return lines.get(j);
    return '';
  };
  let skipUntil = -1;
  const candidates = new Set(linesMatching(text, lines, patterns));
  for (const i of changed) if (patterns.some((p) => p.test(lines.get(i)))) candidates.add(i);
  for (const i of [...candidates].sort((a, b) => a - b)) {
    if (!kept(i) || i <= skipUntil) continue;
    const { line, until } = redactLine(lines.get(i), blockOf(i), rules.redact, marker, () =>
      parentLine(i, first, (j) => (kept(j) && gone[j] !== 2 ? (original.get(j) ?? lines.get(j)) : undefined)),
    );
    if (line !== lines.get(i)) {
      if (!original.has(i)) original.set(i, lines.get(i));
      changed.add(i);
    }
    lines.set(i, line);
    if (until) {
      // A secret over several lines: they go, and what follows its end joins the marker's line.
      for (let j = i + 1; j < end; j++) {
        if (!kept(j)) continue;
        if (!original.has(j)) original.set(j, lines.get(j));
        gone[j] = 2;
        const close = until.exec(lines.get(j));
        if (close) {
          lines.set(i, lines.get(i) + lines.get(j).slice(close.index + close[0].length));
          skipUntil = j;
          break;
        }
        skipUntil = j;
      }
    }
  }

  // A text of the kept lines: the original text between the first and last of them, with only
  // the left-out and changed lines spliced (no join of 1,500 lines for the few that differ).
  const assemble = (leaveOut: (i: number) => boolean, trimEnds = false): string => {
    if (first >= end) return '';
    const edits = new Set<number>(changed);
    for (let i = first; i < end; i++) if (leaveOut(i)) edits.add(i);
    if (trimEnds) for (const i of lines.trailing) edits.add(i);
    const pieces: string[] = [];
    let from = starts[first]!;
    let any = false;
    for (const i of [...edits].filter((i) => i >= first && i < end).sort((a, b) => a - b)) {
      pieces.push(text.slice(from, starts[i]!));
      if (!leaveOut(i)) pieces.push(`${trimEnds ? lines.get(i).trimEnd() : lines.get(i)}\n`);
      from = i + 1 < lines.length ? starts[i + 1]! : text.length;
    }
    const last = end < lines.length ? starts[end]! - 1 : text.length;
    if (from < last) pieces.push(text.slice(from, last));
    const out = pieces.join('');
    for (let i = first; i < end && !any; i++) any = !leaveOut(i);
    if (!any) return '';
    return out.endsWith('\n') ? out : `${out}\n`;
  };
  const config = assemble((i) => gone[i] !== 0);
  // Insignificant lines, tested on their final text (redaction may have changed a line).
  const skip = new Set(linesMatching(text, lines, rules.insignificant));
  for (const i of changed) {
    if (rules.insignificant.some((p) => p.test(lines.get(i)))) skip.add(i);
    else skip.delete(i);
  }
  // Trailing blanks never count, as with trimEnd per line: lines ending in them are trimmed.
  const blankEnd = (i: number) => kept(i) && lines.get(i) !== lines.get(i).trimEnd();
  const plain = ![...skip].some(kept) && !lines.trailing.some(kept) && ![...changed].some(blankEnd);
  const hashed = plain ? config : assemble((i) => gone[i] !== 0 || skip.has(i), true) || '\n';
  const hash = createHash('sha256').update(hashed).digest('hex');
  return {
    config,
    hash,
    unredacted: () => {
      const plain: string[] = [];
      for (let i = first; i < end; i++)
        if (!gone[i] || gone[i] === 2) plain.push(original.get(i) ?? lines.get(i));
      return plain.length > 0 ? `${plain.join('\n')}\n` : '';
    },
  };
}
