import { isIPv4 } from 'node:net';
import { add, type BitSet, bitsetOf } from './bitset.ts';
import type { DeviceRow } from './columns.ts';
import type { SORT_KEYS } from './schemas.ts';

/**
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
  createdAt: number;
};

export type CodedField = 'vendor' | 'platform' | 'role' | 'site' | 'reachability';
export const CODED: CodedField[] = ['vendor', 'platform', 'role', 'site', 'reachability'];
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
type Haystack = { text: string; starts: Uint32Array };

function haystack(values: string[]): Haystack {
  const starts = new Uint32Array(values.length);
  let at = 0;
  values.forEach((v, i) => {
    starts[i] = at;
    at += v.length + 1;
  });
  return { text: values.join('\u0000'), starts };
}

/** Marks in `hits` each device whose text contains `needle`. */
function markContaining(hay: Haystack, needle: string, hits: BitSet): void {
  const { text, starts } = hay;
  let pos = text.indexOf(needle);
  while (pos !== -1) {
    // The device holding this position: the last start at or before it.
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= pos) lo = mid;
      else hi = mid - 1;
    }
    add(hits, lo);
    if (lo + 1 >= starts.length) return;
    pos = text.indexOf(needle, starts[lo + 1]);
  }
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

const TEXT_CACHE = 16;

/** The devices whose hostname (any case) or, for an IP-like query, address contains `q`. */
export function textMatches(index: CustomerIndex, q: string, ipLike: boolean): BitSet {
  const key = `${ipLike ? 'i' : 'h'}${q}`;
  let hits = index.textHits.get(key);
  if (hits) {
    // Refresh its place: the map's order is its recency.
    index.textHits.delete(key);
  } else {
    hits = bitsetOf(index.entries.length);
    markContaining(index.hostnames, q.toLowerCase(), hits);
    if (ipLike) markContaining(index.ips, q, hits);
    if (index.textHits.size >= TEXT_CACHE) index.textHits.delete(index.textHits.keys().next().value!);
  }
  index.textHits.set(key, hits);
  return hits;
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

type SortKey = (typeof SORT_KEYS)[number];
const cmp = (a: string | number, b: string | number) => (a < b ? -1 : a > b ? 1 : 0);
const FIELD: Record<SortKey, (e: IndexEntry) => string | number | null> = {
  hostname: (e) => e.hostname,
  mgmtIp: (e) => e.ipKey,
  vendor: (e) => e.vendor,
  platform: (e) => e.platform,
  role: (e) => e.role,
  site: (e) => e.site,
  reachability: (e) => e.reachability,
  lastSeenAt: (e) => e.lastSeenAt,
  createdAt: (e) => e.createdAt,
};

/** PostgreSQL's order: nulls last ascending, first descending; ties broken by id ascending. */
export function comparator(sort: string): (a: IndexEntry, b: IndexEntry) => number {
  const descending = sort.startsWith('-');
  const get = FIELD[(descending ? sort.slice(1) : sort) as SortKey];
  const sign = descending ? -1 : 1;
  return (a, b) => {
    const x = get(a);
    const y = get(b);
    if (x !== y) {
      if (x === null) return sign;
      if (y === null) return -sign;
      const c = cmp(x, y);
      if (c !== 0) return sign * c;
    }
    return cmp(a.id, b.id);
  };
}

/**
 * The entry positions of one customer in `sort` order. Hostname order is the load order; any
 * other order is sorted once per index version, so a request walks it instead of sorting matches.
 */
export function orderOf(index: CustomerIndex, sort: string): Uint32Array | null {
  if (sort === 'hostname') return null;
  let order = index.orders.get(sort);
  if (!order) {
    const cmp = comparator(sort);
    const { entries } = index;
    order = Uint32Array.from(entries.keys()).sort((a, b) => cmp(entries[a]!, entries[b]!));
    index.orders.set(sort, order);
  }
  return order;
}
