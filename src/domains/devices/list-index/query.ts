import { BlockList, isIPv4 } from 'node:net';
import type { Db } from '../../../platform/db/client.ts';
import type { Actor } from '../../../platform/tenancy.ts';
import type { DeviceRow } from '../columns.ts';
import { backupStateOf, CIDR, type DeviceFilter, IP_FRAGMENT } from '../filter.ts';
import type { SORT_KEYS } from '../schemas.ts';
import { add, addAll, type BitSet, bitsetOf, count, filled, forEachBit, has, intersect } from './bitset.ts';
import { CODED, type CustomerIndex, type Haystack, type IndexEntry } from './build.ts';
import { indexesFor } from './load.ts';
import { mergeFirst, type Source } from './merge.ts';

/**
 * Answering from the device list's index: which devices pass a filter (bit-set intersections
 * over posting lists, text last), in which order, one page of them merged across customers.
 */

/** The positions of one customer's devices that pass the filter: set intersections, text last. */
export function matchSet(index: CustomerIndex, f: DeviceFilter, cidr: BlockList | undefined): BitSet {
  const n = index.entries.length;
  const set = filled(n);
  const none = bitsetOf(0);
  for (const field of CODED) {
    const wanted = f[field];
    if (!wanted?.length) continue;
    const union = bitsetOf(n);
    for (const v of wanted) {
      const positions = index.postings[field].get(v);
      if (positions) addAll(union, positions);
    }
    if (!intersect(set, union)) return none;
  }
  for (const tag of f.tag ?? []) {
    const positions = index.tags.get(tag);
    if (!positions) return none;
    const withTag = bitsetOf(n);
    addAll(withTag, positions);
    if (!intersect(set, withTag)) return none;
  }
  if (f.enabled !== undefined && !intersect(set, index.enabled, !f.enabled)) return none;
  if (f.backup?.length) {
    const union = bitsetOf(n);
    const states = backupPostings(index);
    for (const state of f.backup) {
      const positions = states.get(state);
      if (positions) addAll(union, positions);
    }
    if (!intersect(set, union)) return none;
  }
  const q = f.q === '' ? undefined : f.q;
  if (q === undefined) return set;
  const ipLike = IP_FRAGMENT.test(q);
  // A NUL in the query could span two devices of the joined text: test such a query per device.
  if (!cidr && !q.includes('\u0000')) {
    intersect(set, textMatches(index, q, ipLike));
    return set;
  }
  const qLower = q.toLowerCase();
  const kept = bitsetOf(n);
  forEachBit(set, (i) => {
    const { ip, hostnameLower } = index.entries[i]!;
    const ok = cidr
      ? cidr.check(ip, isIPv4(ip) ? 'ipv4' : 'ipv6')
      : hostnameLower.includes(qLower) || (ipLike && ip.includes(q));
    if (ok) add(kept, i);
  });
  return kept;
}

/**
 * Each backup state's devices, computed per request: the state moves with the clock (a backup
 * goes stale), not only with the inventory version the index was loaded at.
 */
export function backupPostings(index: CustomerIndex, now = Date.now()): Map<string, Uint32Array> {
  const lists = new Map<string, number[]>();
  index.entries.forEach((e, i) => {
    const state = backupStateOf(e, now);
    const list = lists.get(state);
    if (list) list.push(i);
    else lists.set(state, [i]);
  });
  return new Map([...lists].map(([v, list]) => [v, Uint32Array.from(list)]));
}

/** The devices of `set` one by one in `order` (position order, which is hostname order, when null). */
function inOrder(index: CustomerIndex, set: BitSet, order: Uint32Array | null): Source<IndexEntry> {
  const { entries } = index;
  let k = 0;
  return () => {
    while (k < entries.length) {
      const i = order ? order[k++]! : k++;
      if (has(set, i)) return entries[i];
    }
    return undefined;
  };
}

/** Exactly when the SQL filter would compare with <<= (deviceFilterSql), the same network. */
export function cidrOf(q: string | undefined): BlockList | undefined {
  if (!q || !CIDR.safeParse(q).success) return undefined;
  const m = /^([0-9a-fA-F.:]+)\/(\d{1,3})$/.exec(q);
  if (!m) return undefined;
  const v4 = isIPv4(m[1]!);
  const bits = Number(m[2]);
  if (bits > (v4 ? 32 : 128)) return undefined;
  const list = new BlockList();
  try {
    list.addSubnet(m[1]!, bits, v4 ? 'ipv4' : 'ipv6');
  } catch {
    return undefined;
  }
  return list;
}

/** One page of matching devices, and how many match in all. */
export async function searchDeviceIndex(
  db: Db,
  actor: Actor,
  f: DeviceFilter,
  sort: string,
  page: { offset: number; limit: number },
): Promise<{ items: DeviceRow[]; total: number }> {
  const indexes = await indexesFor(db, actor, f.customerId);
  const cidr = cidrOf(f.q);
  const end = page.offset + page.limit;
  let total = 0;
  // Each customer's matches come lazily in page order; the merge reads only as many as the page needs.
  const sources = indexes.map((index) => {
    const set = matchSet(index, f, cidr);
    total += count(set);
    return inOrder(index, set, orderOf(index, sort));
  });
  const first = mergeFirst(sources, end, comparator(sort));
  return { items: first.slice(page.offset).map((e) => e.row), total };
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

const TEXT_CACHE = 16;

/** The devices whose hostname (any case) or, for an IP-like query, address contains `q`. */
function textMatches(index: CustomerIndex, q: string, ipLike: boolean): BitSet {
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
  lastBackupAt: (e) => e.lastBackupAt,
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
