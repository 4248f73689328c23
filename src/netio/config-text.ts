import { createHash, createHmac } from 'node:crypto';
import type { Platform, RedactRule } from './platforms/types.ts';

type BackupRules = Platform['backup'];

/**
 * One regex for a list of patterns: a line is tested once instead of once per pattern, which is
 * what makes cleaning a 40 KB config cheap. Named groups are dropped (the list may repeat a name).
 */
const combined = new Map<string, WeakMap<readonly RegExp[], RegExp | null>>();
export function anyOf(patterns: readonly RegExp[], flags = ''): RegExp | null {
  let byList = combined.get(flags);
  if (!byList) {
    byList = new WeakMap();
    combined.set(flags, byList);
  }
  let re = byList.get(patterns);
  if (re === undefined) {
    const source = patterns.map((p) => `(?:${p.source.replace(/\(\?<\w+>/g, '(')})`).join('|');
    re = patterns.length === 0 ? null : new RegExp(source, flags);
    byList.set(patterns, re);
  }
  return re;
}

/** The config as stored before redaction: volatile lines dropped or rewritten, blank edges trimmed, LF endings. */
export function dropVolatile(text: string, rules: BackupRules): string {
  const lines = dropVolatileLines(text.split('\n'), rules);
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}

/** dropVolatile on lines: what backup() uses, so a 40 KB config is split once, not per step. */
export function dropVolatileLines(input: string[], rules: BackupRules): string[] {
  const drop = anyOf(rules.drop);
  let lines = input;
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

export const REDACTED = '<redacted>';

const withIndices = new WeakMap<RegExp, RegExp>();
/** The rule's pattern with match indices on, so the secret group is located exactly. */
function indexed(re: RegExp): RegExp {
  let out = withIndices.get(re);
  if (!out) {
    out = re.hasIndices ? re : new RegExp(re.source, `${re.flags}d`);
    withIndices.set(re, out);
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
  let block = '';
  let until: RegExp | null = null;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (until) {
      // Inside a multi-line secret: its lines go; what follows its end joins the marker's line.
      const end = until.exec(line);
      if (end) {
        out[out.length - 1] += line.slice(end.index + end[0].length);
        until = null;
      }
      continue;
    }
    if (line !== '' && line.charCodeAt(0) > 32) block = line;
    // Most lines hold no secret: one combined test rules them out.
    if (!candidate.test(line)) {
      out.push(line);
      continue;
    }
    const done = redactLine(line, block, rules, marker);
    until = done.until;
    out.push(done.line);
  }
  return out;
}

/** The marker for a secret: constant, or with a keyed digest (see redact). */
export function markerFor(key?: Uint8Array): (secret: string) => string {
  return (secret) =>
    key ? `<redacted:${createHmac('sha256', key).update(secret).digest('hex').slice(0, 8)}>` : REDACTED;
}

/**
 * Every rule applied to one line under `block` (the block header above it). `until` is set when
 * a rule's secret goes on over the following lines.
 */
export function redactLine(
  line: string,
  block: string,
  rules: RedactRule[],
  marker: (secret: string) => string,
): { line: string; until: RegExp | null } {
  let until: RegExp | null = null;
  let out = line;
  for (const rule of rules) {
    if (rule.within && (out === block || !rule.within.test(block))) continue;
    const m = indexed(rule.pattern).exec(out);
    const secret = m?.groups?.secret;
    const at = m?.indices?.groups?.secret;
    if (!secret || !at || secret.startsWith('<redacted')) continue;
    out = out.slice(0, at[0]) + marker(secret) + out.slice(at[1]);
    if (rule.until && !rule.until.test(secret)) until = rule.until;
  }
  return { line: out, until };
}

/** SHA-256 of the lines that count as a change: what decides "unchanged" between two backups. */
export function significantHash(text: string, insignificant: RegExp[]): string {
  // The text's final newline ends its last line; it is not one more (empty) line.
  return significantHashOf(text.replace(/\n$/, '').split('\n'), insignificant);
}

export function significantHashOf(lines: string[], insignificant: RegExp[]): string {
  const skip = anyOf(insignificant);
  const kept = lines.filter((line) => !skip?.test(line)).map((line) => line.trimEnd());
  return createHash('sha256')
    .update(`${kept.join('\n')}\n`)
    .digest('hex');
}
