/**
 * State rules: NAPALM's `compliance_report` (napalm/base/validate.py), value for value. A
 * validation file written for NAPALM gives the same report here, and the tools that read
 * NAPALM's reports read this one: `complies`, `skipped`, and per getter `complies`, `present`,
 * `missing`, `extra`, with `actual_value`, `expected_value`, `nested` and `diff`.
 *
 * NAPALM's algorithm is kept as it is, quirks included, because files in the field rely on what
 * it does rather than on what its documentation says: the expected side is deep-copied once and
 * then consumed (`_mode` is popped from a dict the first time it is compared, so a list element's
 * later candidates compare without it), list matching removes each matched actual element, a
 * string is first a Python regular expression searched in `str(actual)` and only then compared
 * for equality, and `==`/`!=` are not numeric (only `<`, `>`, `<=`, `>=` are, as NAPALM only
 * looks for numeric comparison after a leading "<" or ">").
 */
import { pythonRegex } from './pyregex.ts';

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
type Dict = { [key: string]: Json };

export type DictResult = {
  complies: boolean;
  present: Record<string, PresentEntry>;
  missing: string[];
  extra: string[];
};
export type ListResult = { complies: boolean; present: Json[]; missing: Json[]; extra: Json[] };
type PresentEntry = {
  complies: boolean;
  nested: boolean;
  diff?: DictResult | ListResult;
  expected_value?: Json;
  actual_value?: Json;
};
type Compared = boolean | DictResult | ListResult;

export type GetterReport = DictResult | ListResult | { skipped: true; reason: string };
export type ComplianceReport = { [getter: string]: GetterReport | boolean | string[] } & {
  complies: boolean;
  skipped: string[];
};

/** A validation file NAPALM would refuse, or a value it could not compare: the reason. */
export class ValidationError extends Error {}

/** Thrown by a getter the device's platform does not have: the report marks it skipped. */
export class NotImplementedGetter extends Error {}

const isDict = (v: unknown): v is Dict => typeof v === 'object' && v !== null && !Array.isArray(v);

function modeOf(value: Json | undefined): { strict: boolean } {
  const mode = { strict: false };
  for (const m of String(value ?? '')
    .split(/\s+/)
    .filter(Boolean)) {
    if (m !== 'strict') throw new ValidationError(`mode '${m}' not recognized`);
    mode.strict = true;
  }
  return mode;
}

/** Python's str() of a getter value, which NAPALM's patterns are searched in. */
export function pyStr(v: Json): string {
  if (typeof v === 'string') return v;
  if (v === null) return 'None';
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'number') return String(v);
  if (Array.isArray(v)) return `[${v.map(pyRepr).join(', ')}]`;
  return `{${Object.entries(v)
    .map(([k, x]) => `'${k}': ${pyRepr(x)}`)
    .join(', ')}}`;
}
const pyRepr = (v: Json) => (typeof v === 'string' ? `'${v}'` : pyStr(v));

/** Python's float() of a collected value: numbers, booleans and numeric strings. */
function pyFloat(v: Json): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (
    typeof v === 'string' &&
    /^\s*[+-]?(?:\d+\.?\d*(?:e[+-]?\d+)?|\.\d+(?:e[+-]?\d+)?|inf(?:inity)?|nan)\s*$/i.test(v)
  )
    return Number(v.trim().replace(/^([+-]?)inf(?:inity)?$/i, '$1Infinity'));
  throw new ValidationError(`could not convert ${pyRepr(v)} to a number`);
}

/** Python's ==: numbers and booleans compare by value (True == 1), containers deeply. */
function pyEqual(a: Json | undefined, b: Json | undefined): boolean {
  const numeric = (x: unknown) => typeof x === 'number' || typeof x === 'boolean';
  if (numeric(a) && numeric(b)) return Number(a) === Number(b);
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((x, i) => pyEqual(x, b[i]));
  if (isDict(a) && isDict(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((k) => k in b && pyEqual(a[k], b[k]));
  }
  return a === b;
}

const NUMERIC = /^(<|>|<=|>=|==|!=)(\d+(\.\d+)?)$/;

function compareNumeric(src: string, dst: Json): boolean {
  const n = pyFloat(dst);
  const m = NUMERIC.exec(src);
  if (!m) throw new ValidationError(`Failed numeric comparison. Collected: ${n}. Expected: ${src}`);
  const want = Number(m[2]);
  switch (m[1]) {
    case '<':
      return n < want;
    case '>':
      return n > want;
    case '<=':
      return n <= want;
    case '>=':
      return n >= want;
    case '==':
      return n === want;
    default:
      return n !== want;
  }
}

function compareRange(src: string, dst: Json): boolean {
  const n = pyFloat(dst);
  const [low, high] = src.split('<->').map((x) => pyFloat(x));
  return low! <= n && n <= high!;
}

/** "10%20": within 10 % of 20 either side (math.isclose with an absolute tolerance). */
function compareTolerance(src: string, dst: Json): boolean {
  const n = pyFloat(dst);
  const [pct, value] = src.split('%').map(Number);
  const maxDiff = (value! * pct!) / 100;
  return Math.abs(value! - n) <= Math.max(1e-9 * Math.max(Math.abs(value!), Math.abs(n)), maxDiff);
}

function compareList(src: Json[], dst: Json[], mode: { strict: boolean }): ListResult {
  const result: ListResult = { complies: true, present: [], missing: [], extra: [] };
  for (const element of src) {
    let found = false;
    for (let i = 0; i < dst.length; i++) {
      const match = compare(element, dst[i]!);
      if (typeof match === 'boolean' ? match : match.complies) {
        found = true;
        result.present.push(element);
        dst.splice(i, 1);
        break;
      }
    }
    if (!found) {
      result.complies = false;
      result.missing.push(element);
    }
  }
  if (mode.strict && dst.length > 0) {
    result.extra = dst;
    result.complies = false;
  }
  return result;
}

function compareDict(src: Dict, dst: Json, mode: { strict: boolean }): DictResult {
  const result: DictResult = { complies: true, present: {}, missing: [], extra: [] };
  const left: Dict = isDict(dst) ? structuredClone(dst) : {};
  for (const [key, expected] of Object.entries(src)) {
    if (!(key in left)) {
      result.missing.push(key);
      result.complies = false;
      continue;
    }
    const actual = left[key]!;
    delete left[key];
    const compared = compare(expected, actual);
    const nested = typeof compared !== 'boolean';
    const complies = nested ? compared.complies : compared;
    // Keys in NAPALM's order: what differs first, then complies and nested.
    result.present[key] = complies
      ? { complies, nested }
      : nested
        ? { diff: compared, complies, nested }
        : { expected_value: expected, actual_value: actual, complies, nested };
    if (!complies) result.complies = false;
  }
  if (mode.strict && Object.keys(left).length > 0) {
    result.extra = Object.keys(left);
    result.complies = false;
  }
  return result;
}

/** NAPALM's compare(): the expected side is consumed (`_mode` popped), as there. */
export function compare(src: Json, dst: Json): Compared {
  if (isDict(src)) {
    const mode = modeOf(src._mode);
    delete src._mode;
    if ('list' in src) {
      if (!Array.isArray(dst)) return false;
      const list = src.list;
      if (!Array.isArray(list)) throw new ValidationError('"list" must hold a list');
      return compareList(list, dst, mode);
    }
    return compareDict(src, dst, mode);
  }
  if (typeof src === 'string') {
    if (src.startsWith('<') || src.startsWith('>')) return compareNumeric(src, dst);
    if (src.includes('<->') && src.split('<->').length === 2) return compareRange(src, dst);
    if (/^\d+%\d+$/.test(src)) return compareTolerance(src, dst);
    return pythonRegex(src).test(pyStr(dst)) || src === dst;
  }
  if (Array.isArray(src) && Array.isArray(dst)) {
    // A plain list (not "list:"): pairs in order, dict elements by a pattern per key; NAPALM
    // fails with a TypeError on unequal non-dict pairs, where this says "does not comply".
    const n = Math.min(src.length, dst.length);
    for (let i = 0; i < n; i++) {
      const x = src[i]!;
      const y = dst[i]!;
      if (pyEqual(x, y)) continue;
      if (!isDict(x) || !isDict(y)) return false;
      for (const k of Object.keys(x)) if (!pythonRegex(pyStr(x[k]!)).test(pyStr(y[k] ?? null))) return false;
    }
    return true;
  }
  return pyEqual(src, dst);
}

/**
 * NAPALM's compliance_report over a validation file's checks (`- get_facts: {...}`): each
 * getter read once per check through `read` (with its `_kwargs`), reported under its `_name` or
 * its own name. `get_config` is passed over, as NAPALM does.
 */
export async function complianceReport(
  checks: Json,
  read: (getter: string, kwargs: Dict, name: string) => Promise<Json>,
): Promise<ComplianceReport> {
  if (!Array.isArray(checks)) throw new ValidationError('a validation file is a list of getters');
  const source = structuredClone(checks);
  const report: Record<string, GetterReport> = {};
  for (const check of source) {
    if (!isDict(check)) throw new ValidationError('each item is a getter and its expected values');
    for (const [getter, expectedRaw] of Object.entries(check)) {
      if (getter === 'get_config') continue;
      if (!isDict(expectedRaw)) throw new ValidationError(`${getter}: the expected values must be a mapping`);
      const expected = expectedRaw;
      const key = (typeof expected._name === 'string' && expected._name) || getter;
      delete expected._name;
      const kwargs = isDict(expected._kwargs) ? expected._kwargs : {};
      delete expected._kwargs;
      try {
        // Matching consumes the actual lists too: never the caller's own copy.
        const actual = structuredClone(await read(getter, kwargs, key));
        report[key] = compare(expected, actual) as DictResult | ListResult;
      } catch (err) {
        if (!(err instanceof NotImplementedGetter)) throw err;
        report[key] = { skipped: true, reason: 'NotImplemented' };
      }
    }
  }
  const values = Object.values(report);
  const complies = values.every((v) => !('complies' in v) || v.complies);
  const skipped = Object.entries(report)
    .filter(([, v]) => 'skipped' in v && v.skipped)
    .map(([k]) => k);
  return Object.assign(report, { skipped, complies }) as ComplianceReport;
}
