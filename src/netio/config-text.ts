import { createHash, createHmac } from 'node:crypto';
import type { Platform, RedactRule } from './platforms/types.ts';

type BackupRules = Platform['backup'];

/**
 * One regex for a list of patterns: a line is tested once instead of once per pattern, which is
 * what makes cleaning a 40 KB config cheap. Named groups are dropped (the list may repeat a name).
 */
const combined = new WeakMap<readonly RegExp[], RegExp | null>();
function anyOf(patterns: readonly RegExp[]): RegExp | null {
  let re = combined.get(patterns);
  if (re === undefined) {
    re =
      patterns.length === 0
        ? null
        : new RegExp(patterns.map((p) => `(?:${p.source.replace(/\(\?<\w+>/g, '(')})`).join('|'));
    combined.set(patterns, re);
  }
  return re;
}

/** The config as stored before redaction: volatile lines dropped or rewritten, blank edges trimmed, LF endings. */
export function dropVolatile(text: string, rules: BackupRules): string {
  const drop = anyOf(rules.drop);
  let lines = text.split('\n');
  if (drop) lines = lines.filter((line) => !drop.test(line));
  const rewrite = rules.rewrite ?? [];
  if (rewrite.length > 0)
    lines = lines.map((line) => rewrite.reduce((l, r) => l.replace(r.pattern, r.replacement), line));
  let start = 0;
  let end = lines.length;
  while (start < end && lines[start]!.trim() === '') start++;
  while (end > start && lines[end - 1]!.trim() === '') end--;
  return start < end ? `${lines.slice(start, end).join('\n')}\n` : '';
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
  const candidate = anyOf(rules.map((r) => r.pattern));
  if (!candidate) return text;
  const marker = (secret: string) =>
    key ? `<redacted:${createHmac('sha256', key).update(secret).digest('hex').slice(0, 8)}>` : REDACTED;
  const lines = text.split('\n');
  const out: string[] = [];
  let block = '';
  let until: RegExp | null = null;
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i]!;
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
    for (const rule of rules) {
      if (rule.within && (line === block || !rule.within.test(block))) continue;
      const m = indexed(rule.pattern).exec(line);
      const secret = m?.groups?.secret;
      const at = m?.indices?.groups?.secret;
      if (!secret || !at || secret.startsWith('<redacted')) continue;
      line = line.slice(0, at[0]) + marker(secret) + line.slice(at[1]);
      if (rule.until && !rule.until.test(secret)) until = rule.until;
    }
    out.push(line);
  }
  return out.join('\n');
}

/** SHA-256 of the lines that count as a change: what decides "unchanged" between two backups. */
export function significantHash(text: string, insignificant: RegExp[]): string {
  const skip = anyOf(insignificant);
  const lines = text.split('\n');
  const kept = lines.filter((line) => !skip?.test(line)).map((line) => line.trimEnd());
  return createHash('sha256')
    .update(`${kept.join('\n')}\n`)
    .digest('hex');
}
