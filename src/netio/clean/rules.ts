import { createHmac } from 'node:crypto';
import type { RedactRule } from '../platforms/types.ts';

/**
 * The pieces both cleaning paths share (reference.ts states the rules plainly, fast.ts runs them
 * in one pass over a whole config): a rule list as one regex, the redaction marker, and one
 * line's redaction.
 */

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

/** The marker for a secret: constant, or with a keyed digest (see redact). */
export function markerFor(key?: Uint8Array): (secret: string) => string {
  if (!key) return () => REDACTED;
  let known = markers.get(key);
  if (!known) {
    known = new Map();
    markers.set(key, known);
  }
  const cache = known;
  return (secret) => {
    let marker = cache.get(secret);
    if (marker === undefined) {
      marker = `<redacted:${createHmac('sha256', key).update(secret).digest('hex').slice(0, 8)}>`;
      if (cache.size >= MARKER_CACHE) cache.clear();
      cache.set(secret, marker);
    }
    return marker;
  };
}

/**
 * Markers already computed, per key: a fleet shares most of its secrets (the enable secret, the
 * SNMP community, the TACACS key), and an HMAC per secret per backup was a tenth of a backup's
 * CPU. Bounded; it holds nothing a backup's own memory does not hold while it runs.
 */
const markers = new WeakMap<Uint8Array, Map<string, string>>();
const MARKER_CACHE = 10_000;

/** Leading blanks of a line: its depth in indentation-structured text. */
export function indentOf(line: string): number {
  let n = 0;
  while (n < line.length && (line[n] === ' ' || line[n] === '\t')) n++;
  return n;
}

/**
 * The nearest line before `i` indented less than line `i` (blank lines are no one's parent), or
 * '' at the top. `at(j)` gives line j, or undefined for a line that is not there (dropped).
 */
export function parentLine(i: number, first: number, at: (j: number) => string | undefined): string {
  const depth = indentOf(at(i) ?? '');
  if (depth === 0) return '';
  for (let j = i - 1; j >= first; j--) {
    const line = at(j);
    if (line === undefined || line.trim() === '') continue;
    if (indentOf(line) < depth) return line;
  }
  return '';
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
  parent: () => string = () => '',
): { line: string; until: RegExp | null } {
  let until: RegExp | null = null;
  let out = line;
  for (const rule of rules) {
    if (rule.within && (out === block || !rule.within.test(block))) continue;
    if (rule.parent && !rule.parent.test(parent())) continue;
    const m = indexed(rule.pattern).exec(out);
    const secret = m?.groups?.secret;
    const at = m?.indices?.groups?.secret;
    if (!secret || !at || secret.startsWith('<redacted')) continue;
    out = out.slice(0, at[0]) + marker(secret) + out.slice(at[1]);
    if (rule.until && !rule.until.test(secret)) until = rule.until;
  }
  return { line: out, until };
}
