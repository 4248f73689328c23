import { createHash, createHmac } from 'node:crypto';
import type { Platform, RedactRule } from './platforms/types.ts';

type BackupRules = Platform['backup'];

/** The config as stored before redaction: volatile lines dropped or rewritten, blank edges trimmed, LF endings. */
export function dropVolatile(text: string, rules: BackupRules): string {
  const lines = text
    .split('\n')
    .filter((line) => !rules.drop.some((re) => re.test(line)))
    .map((line) => (rules.rewrite ?? []).reduce((l, r) => l.replace(r.pattern, r.replacement), line));
  while (lines.length > 0 && lines[0]!.trim() === '') lines.shift();
  while (lines.length > 0 && lines[lines.length - 1]!.trim() === '') lines.pop();
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
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
  const marker = (secret: string) =>
    key ? `<redacted:${createHmac('sha256', key).update(secret).digest('hex').slice(0, 8)}>` : REDACTED;
  let block = '';
  return text
    .split('\n')
    .map((line) => {
      if (line !== '' && !/^\s/.test(line)) block = line;
      for (const rule of rules) {
        if (rule.within && (line === block || !rule.within.test(block))) continue;
        const m = indexed(rule.pattern).exec(line);
        const secret = m?.groups?.secret;
        const at = m?.indices?.groups?.secret;
        if (!secret || !at || secret.startsWith('<redacted')) continue;
        line = line.slice(0, at[0]) + marker(secret) + line.slice(at[1]);
      }
      return line;
    })
    .join('\n');
}

/** SHA-256 of the lines that count as a change: what decides "unchanged" between two backups. */
export function significantHash(text: string, insignificant: RegExp[]): string {
  const hash = createHash('sha256');
  for (const line of text.split('\n')) {
    if (insignificant.some((re) => re.test(line))) continue;
    hash.update(line.trimEnd());
    hash.update('\n');
  }
  return hash.digest('hex');
}
