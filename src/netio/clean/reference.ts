import { createHash } from 'node:crypto';
import type { Platform, RedactRule } from '../platforms/types.ts';
import { anyOf, markerFor, parentLine, redactLine } from './rules.ts';

/**
 * The cleaning rules stated plainly, one step at a time: what a backup stores is the device's
 * text with volatile lines dropped or rewritten (dropVolatile), secrets replaced by markers
 * (redact), and a hash of the lines that count as a change (significantHash). fast.ts gives the
 * same result in one pass; a property test holds the two together.
 */
type BackupRules = Platform['backup'];

/** The config as stored before redaction: volatile lines dropped or rewritten, blank edges trimmed, LF endings. */
export function dropVolatile(text: string, rules: BackupRules): string {
  const lines = dropVolatileLines(text.split('\n'), rules);
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}

/** dropVolatile on lines: what backup() uses, so a 40 KB config is split once, not per step. */
export function dropVolatileLines(input: string[], rules: BackupRules): string[] {
  const drop = anyOf(rules.drop);
  let lines = input;
  if (rules.dropBlocks?.length) lines = withoutBlocks(lines, rules.dropBlocks);
  if (drop) lines = lines.filter((line) => !drop.test(line));
  const rewrite = rules.rewrite ?? [];
  if (rewrite.length > 0)
    lines = lines.map((line) => rewrite.reduce((l, r) => l.replace(r.pattern, r.replacement), line));
  let start = 0;
  let end = lines.length;
  while (start < end && lines[start]!.trim() === '') start++;
  while (end > start && lines[end - 1]!.trim() === '') end--;
  return start === 0 && end === lines.length ? lines : lines.slice(start, end);
}

/** `lines` without each run from a block's first line through its last (or to the end). */
function withoutBlocks(lines: string[], blocks: NonNullable<BackupRules['dropBlocks']>): string[] {
  const out: string[] = [];
  let open: RegExp | null = null;
  for (const line of lines) {
    if (open) {
      if (open.test(line)) open = null;
      continue;
    }
    const block = blocks.find((b) => b.from.test(line));
    if (!block) out.push(line);
    else if (!block.to.test(line)) open = block.to;
  }
  return out;
}

/**
 * Replaces each secret by a marker. With a key, the marker carries a keyed digest of the secret
 * (`<redacted:1a2b3c4d>`), so a diff between two backups shows that a secret changed without
 * showing it; the key keeps the digest from being a dictionary lookup for weak passwords.
 */
export function redact(text: string, rules: RedactRule[], key?: Uint8Array): string {
  // The final newline ends the last line (a secret running to the end must not swallow it).
  const ended = text.endsWith('\n');
  const lines = redactLines((ended ? text.slice(0, -1) : text).split('\n'), rules, key);
  return `${lines.join('\n')}${ended ? '\n' : ''}`;
}

const patternsOf = new WeakMap<RedactRule[], RegExp[]>();

export function redactLines(lines: string[], rules: RedactRule[], key?: Uint8Array): string[] {
  let patterns = patternsOf.get(rules);
  if (!patterns) {
    patterns = rules.map((r) => r.pattern);
    patternsOf.set(rules, patterns);
  }
  const candidate = anyOf(patterns);
  if (!candidate) return lines;
  const marker = markerFor(key);
  const out: string[] = [];
  // The lines as they came, without those a multi-line secret swallowed: parents are read there.
  const seen: (string | undefined)[] = [];
  let block = '';
  let until: RegExp | null = null;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (until) {
      // Inside a multi-line secret: its lines go; what follows its end joins the marker's line.
      seen.push(undefined);
      const end = until.exec(line);
      if (end) {
        out[out.length - 1] += line.slice(end.index + end[0].length);
        until = null;
      }
      continue;
    }
    seen.push(line);
    if (line !== '' && line.charCodeAt(0) > 32) block = line;
    // Most lines hold no secret: one combined test rules them out.
    if (!candidate.test(line)) {
      out.push(line);
      continue;
    }
    const done = redactLine(line, block, rules, marker, () => parentLine(i, 0, (j) => seen[j]));
    until = done.until;
    out.push(done.line);
  }
  return out;
}

/** SHA-256 of the lines that count as a change: what decides "unchanged" between two backups. */
export function significantHash(text: string, insignificant: RegExp[]): string {
  // The text's final newline ends its last line; it is not one more (empty) line.
  return significantHashOf(text.replace(/\n$/, '').split('\n'), insignificant);
}

/**
 * The lines (1-based) that a backup keeps but does not count as a change, such as a clock in a
 * comment: a config viewer dims them, as the diff that decides "changed" ignores them.
 */
export function insignificantLines(text: string, insignificant: RegExp[]): number[] {
  const skip = anyOf(insignificant);
  if (!skip) return [];
  const out: number[] = [];
  text
    .replace(/\n$/, '')
    .split('\n')
    .forEach((line, i) => {
      if (skip.test(line)) out.push(i + 1);
    });
  return out;
}

export function significantHashOf(lines: string[], insignificant: RegExp[]): string {
  const skip = anyOf(insignificant);
  const kept = lines.filter((line) => !skip?.test(line)).map((line) => line.trimEnd());
  return createHash('sha256')
    .update(`${kept.join('\n')}\n`)
    .digest('hex');
}
