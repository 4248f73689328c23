import { isIPv4 } from 'node:net';
import type { DeviceRow } from '../columns.ts';
import { VALUE_FIELD_NAMES, type ValueField } from '../filter.ts';
import { add, type BitSet, bitsetOf } from './bitset.ts';

/**
 * Building the device list's in-memory index (load.ts reads the rows, query.ts answers from it).
 *
 * The device list, in memory: per customer, every device row with the columns the list filters
 * and sorts on, in (hostname, id) order. Filtering and sorting a few thousand of these in
 * JavaScript costs a fraction of what a database scan and a row read do per request.
 * Each customer's index carries the inventory version it was loaded at; triggers bump that
 * version on every device write from any process, and every list request compares it first,
 * so an answer is never stale. Order is plain code-unit order, the same as the C collation
 * webnet's databases use (hostnames and slugs are ASCII).
 */
export type IndexEntry = {
  /** The device as the API shows it; shared between requests, never mutated. */
  row: DeviceRow;
  id: string;
  customerId: string;
  hostname: string;
  hostnameLower: string;
  ip: string;
  /** Sorts like PostgreSQL's inet: family, then address bytes. */
  ipKey: string;
  vendor: string;
  platform: string;
  role: string;
  site: string;
  tags: string[];
  enabled: boolean;
  reachability: string;
  lastSeenAt: number | null;
  lastBackupAt: number | null;
  lastBackupResult: string | null;
  lastBackupOkAt: number | null;
  createdAt: number;
};

/** The filter's one-value fields, coded as posting lists (filter.ts names them). */
export type CodedField = ValueField;
export const CODED: readonly CodedField[] = VALUE_FIELD_NAMES;
/** Per value, the positions of the devices that have it (an inverted index, as a search engine keeps). */
type Postings = Map<string, Uint32Array>;
export type CustomerIndex = {
  version: string;
  entries: IndexEntry[];
  postings: Record<CodedField, Postings>;
  tags: Postings;
  enabled: BitSet;
  hostnames: Haystack;
  ips: Haystack;
  /** Positions of the entries in each requested sort order, built on first use for this version. */
  orders: Map<string, Uint32Array>;
  /** Recent text searches and the devices they hit: paging through one search scans once. */
  textHits: Map<string, BitSet>;
};

/**
 * Every device's text of one field in one string, NUL-separated, with each device's start.
 * One indexOf pass over it finds a substring in thousands of devices far faster than calling
 * includes() per device (V8 sets a search up per call, which dominates on short strings).
 */
export type Haystack = { text: string; starts: Uint32Array };

function haystack(values: string[]): Haystack {
  const starts = new Uint32Array(values.length);
  let at = 0;
  values.forEach((v, i) => {
    starts[i] = at;
    at += v.length + 1;
  });
  return { text: values.join('\u0000'), starts };
}

function postingsOf(entries: IndexEntry[], valuesOf: (e: IndexEntry) => readonly string[]): Postings {
  const lists = new Map<string, number[]>();
  entries.forEach((e, i) => {
    for (const v of valuesOf(e)) {
      const list = lists.get(v);
      if (list) list.push(i);
      else lists.set(v, [i]);
    }
  });
  return new Map([...lists].map(([v, list]) => [v, Uint32Array.from(list)]));
}

export function columnar(version: string, entries: IndexEntry[]): CustomerIndex {
  const postings = {} as Record<CodedField, Postings>;
  for (const field of CODED) postings[field] = postingsOf(entries, (e) => [e[field]]);
  const enabled = bitsetOf(entries.length);
  entries.forEach((e, i) => {
    if (e.enabled) add(enabled, i);
  });
  return {
    version,
    entries,
    postings,
    tags: postingsOf(entries, (e) => e.tags),
    enabled,
    hostnames: haystack(entries.map((e) => e.hostnameLower)),
    ips: haystack(entries.map((e) => e.ip)),
    orders: new Map(),
    textHits: new Map(),
  };
}

export function ipKey(ip: string): string {
  if (isIPv4(ip))
    return `4${ip
      .split('.')
      .map((o) => Number(o).toString(16).padStart(2, '0'))
      .join('')}`;
  const [head = '', tail = ''] = ip.split('::');
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const groups = ip.includes('::') ? [...h, ...Array(8 - h.length - t.length).fill('0'), ...t] : h;
  return `6${groups.map((g) => g.padStart(4, '0')).join('')}`;
}
