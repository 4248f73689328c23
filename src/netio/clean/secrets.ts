/**
 * Secrets put back into a redacted configuration, from the device's own running config. A stored
 * snapshot holds `<redacted:1a2b3c4d>` markers, a keyed digest of each secret; the running config
 * redacted with the same key gives the same marker for the same secret. So a replace or rollback
 * that pushes a whole configuration restores exactly the secrets the device still has, and
 * refuses, naming the line, where the snapshot's secret is no longer anywhere on the device:
 * webnet never keeps a secret in clear, and never pushes a marker.
 */
import type { RedactRule } from '../platforms/types.ts';
import { markerFor, parentLine, REDACTED, redactLine } from './rules.ts';

const MARKER = /<redacted(?::[0-9a-f]{8})?>/g;

/** Each marker the running config's secrets redact to, and the secret behind it. */
function secretsByMarker(running: string, rules: RedactRule[], key: Uint8Array): Map<string, string> {
  const known = new Map<string, string>();
  const marker = markerFor(key);
  let block = '';
  let onLine: string[] = [];
  const recording = (secret: string) => {
    const m = marker(secret);
    known.set(m, secret);
    onLine.push(m);
    return m;
  };
  const lines = running.split('\n');
  lines.forEach((line, i) => {
    if (line !== '' && line.charCodeAt(0) > 32) block = line;
    onLine = [];
    // A secret over several lines (a PEM key) is not restored from its first line alone.
    const parent = () => parentLine(i, 0, (j) => lines[j]);
    if (redactLine(line, block, rules, recording, parent).until) for (const m of onLine) known.delete(m);
  });
  return known;
}

export class UnknownSecretError extends Error {}

/** `text` with every marker replaced by the running config's secret behind it. */
export function restoreSecrets(text: string, running: string, rules: RedactRule[], key?: Uint8Array): string {
  if (!MARKER.test(text)) return text;
  MARKER.lastIndex = 0;
  if (!key) throw new UnknownSecretError('secrets cannot be restored without the redaction key');
  const known = secretsByMarker(running, rules, key);
  return text
    .split('\n')
    .map((line, i) =>
      line.replace(MARKER, (m) => {
        const secret = known.get(m);
        if (secret === undefined)
          throw new UnknownSecretError(
            `line ${i + 1} ("${line.trim().slice(0, 60)}") holds a secret the device no longer has; webnet keeps only its digest and cannot push it back`,
          );
        return secret;
      }),
    )
    .join('\n');
}

/** The secrets in a configuration, as the platform's redaction rules find them. */
export function secretsIn(text: string, rules: RedactRule[]): string[] {
  const found = new Set<string>();
  let block = '';
  const lines = text.split('\n');
  lines.forEach((line, i) => {
    if (line !== '' && line.charCodeAt(0) > 32) block = line;
    const parent = () => parentLine(i, 0, (j) => lines[j]);
    redactLine(
      line,
      block,
      rules,
      (secret) => {
        found.add(secret);
        return REDACTED;
      },
      parent,
    );
  });
  return [...found];
}
