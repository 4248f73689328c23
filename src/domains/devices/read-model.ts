import { BlockList, isIPv4 } from 'node:net';
import { sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.ts';
import { preparedRows } from '../../platform/db/prepared.ts';
import type { Actor } from '../../platform/tenancy.ts';
import { type DeviceRow, deviceSelectList, toDeviceRow } from './columns.ts';
import { CIDR, type DeviceFilter, IP_FRAGMENT, type SORT_KEYS } from './schemas.ts';
import { devices } from './table.ts';
import { topK } from './top-k.ts';

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

type CodedField = 'vendor' | 'platform' | 'role' | 'site' | 'reachability';
const CODED: CodedField[] = ['vendor', 'platform', 'role', 'site', 'reachability'];
/** A field's values numbered per customer, so a filter tests a small integer per device, not a string. */
type Coded = { dict: Map<string, number>; codes: Uint16Array };
type CustomerIndex = {
  version: string;
  entries: IndexEntry[];
  coded: Record<CodedField, Coded>;
  enabled: Uint8Array;
  tagBits: Map<string, number>;
  /** One bit per tag; null when a customer uses more than 32 distinct tags (then tags are tested as strings). */
  tagMasks: Uint32Array | null;
  hostnames: Haystack;
  ips: Haystack;
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
function markContaining(hay: Haystack, needle: string, hits: Uint8Array): void {
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
    hits[lo] = 1;
    if (lo + 1 >= starts.length) return;
    pos = text.indexOf(needle, starts[lo + 1]);
  }
}

function columnar(version: string, entries: IndexEntry[]): CustomerIndex {
  const n = entries.length;
  const coded = {} as Record<CodedField, Coded>;
  for (const field of CODED) {
    const dict = new Map<string, number>();
    const codes = new Uint16Array(n);
    entries.forEach((e, i) => {
      let code = dict.get(e[field]);
      if (code === undefined) {
        code = dict.size;
        dict.set(e[field], code);
      }
      codes[i] = code;
    });
    // Beyond 65,535 distinct values a code would wrap; such a field is matched as strings instead.
    coded[field] = dict.size <= 0xffff ? { dict, codes } : { dict: new Map(), codes: new Uint16Array(0) };
  }
  const tagBits = new Map<string, number>();
  for (const e of entries) for (const t of e.tags) if (!tagBits.has(t)) tagBits.set(t, tagBits.size);
  let tagMasks: Uint32Array | null = null;
  if (tagBits.size <= 32) {
    tagMasks = new Uint32Array(n);
    entries.forEach((e, i) => {
      let m = 0;
      for (const t of e.tags) m |= 1 << tagBits.get(t)!;
      tagMasks![i] = m >>> 0;
    });
  }
  return {
    version,
    entries,
    coded,
    enabled: Uint8Array.from(entries, (e) => (e.enabled ? 1 : 0)),
    tagBits,
    tagMasks,
    hostnames: haystack(entries.map((e) => e.hostnameLower)),
    ips: haystack(entries.map((e) => e.ip)),
  };
}
type Model = { customers: Map<string, CustomerIndex>; loading: Map<string, Promise<CustomerIndex>> };

const models = new WeakMap<Db, Model>();
const modelOf = (db: Db): Model => {
  let m = models.get(db);
  if (!m) {
    m = { customers: new Map(), loading: new Map() };
    models.set(db, m);
  }
  return m;
};

function ipKey(ip: string): string {
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

type LoadedRow = Record<string, unknown> & { ip: string };

async function load(db: Db, customerId: string, version: string): Promise<CustomerIndex> {
  // The version was read before these rows, so the rows are at least that new: never older data under a newer label.
  const rows = await preparedRows<LoadedRow>(
    db,
    sql`select ${deviceSelectList}, host(${devices.mgmtIp}) as ip
        from ${devices} where ${devices.customerId} = ${customerId}::uuid order by ${devices.hostname} collate "C", ${devices.id}`,
  );
  const entries = rows.map(({ ip, ...raw }) => {
    const row = toDeviceRow(raw);
    return {
      row,
      id: row.id,
      customerId: row.customerId,
      hostname: row.hostname,
      hostnameLower: row.hostname.toLowerCase(),
      ip,
      ipKey: ipKey(ip),
      vendor: row.vendor,
      platform: row.platform,
      role: row.role,
      site: row.site,
      tags: row.tags,
      enabled: row.enabled,
      reachability: row.reachability,
      lastSeenAt: row.lastSeenAt?.getTime() ?? null,
      createdAt: row.createdAt.getTime(),
    };
  });
  return columnar(version, entries);
}

/** The current index of each customer the actor may list (one version lookup, reloads only where it moved). */
async function indexesFor(db: Db, actor: Actor, only: string[] | undefined): Promise<CustomerIndex[]> {
  const scope = actor.allCustomers
    ? only
    : (only ?? actor.customerIds).filter((id) => actor.customerIds.includes(id));
  if (scope && scope.length === 0) return [];
  const versions = await preparedRows<{ customerId: string; version: string }>(
    db,
    scope
      ? sql`select customer_id as "customerId", version::text as version from device_inventory_versions
            where customer_id = any(${`{${scope.join(',')}}`}::uuid[])`
      : sql`select customer_id as "customerId", version::text as version from device_inventory_versions`,
  );
  const model = modelOf(db);
  // No version row means no device was ever written for that customer (every insert creates
  // one, and migration 0004 seeded those that predate the trigger): nothing to load or keep.
  return Promise.all(
    versions.map(async ({ customerId, version }) => {
      const cached = model.customers.get(customerId);
      if (cached?.version === version) return cached;
      // One load per customer and version, however many requests ask at once.
      const key = `${customerId}@${version}`;
      let pending = model.loading.get(key);
      if (!pending) {
        pending = load(db, customerId, version).finally(() => model.loading.delete(key));
        model.loading.set(key, pending);
      }
      const fresh = await pending;
      const current = model.customers.get(customerId);
      if (!current || BigInt(current.version) < BigInt(fresh.version)) model.customers.set(customerId, fresh);
      return fresh;
    }),
  );
}

/** Appends to `out` the devices of one customer that pass the filter: coded fields first, text last. */
function collectMatches(
  index: CustomerIndex,
  f: DeviceFilter,
  cidr: BlockList | undefined,
  out: IndexEntry[],
): void {
  const allowed: { codes: Uint16Array; ok: Uint8Array }[] = [];
  const asStrings: { field: CodedField; values: Set<string> }[] = [];
  for (const field of CODED) {
    const wanted = f[field];
    if (!wanted?.length) continue;
    const { dict, codes } = index.coded[field];
    if (codes.length !== index.entries.length) {
      asStrings.push({ field, values: new Set<string>(wanted) });
      continue;
    }
    const ok = new Uint8Array(dict.size);
    let any = false;
    for (const v of wanted) {
      const code = dict.get(v);
      if (code !== undefined) {
        ok[code] = 1;
        any = true;
      }
    }
    if (!any) return;
    allowed.push({ codes, ok });
  }
  let tagMask = 0;
  let tagStrings: string[] | undefined;
  if (f.tag?.length) {
    if (index.tagMasks) {
      for (const t of f.tag) {
        const bit = index.tagBits.get(t);
        if (bit === undefined) return;
        tagMask |= 1 << bit;
      }
      tagMask >>>= 0;
    } else tagStrings = f.tag;
  }
  const enabled = f.enabled === undefined ? -1 : f.enabled ? 1 : 0;
  const q = f.q === '' ? undefined : f.q;
  const qLower = q?.toLowerCase();
  const ipLike = q !== undefined && IP_FRAGMENT.test(q);
  const { entries, tagMasks } = index;
  // Text search: one pass per field over the joined text (a NUL in the query could span two devices: test per device then).
  let textHits: Uint8Array | undefined;
  if (q !== undefined && !cidr && !q.includes('\u0000')) {
    textHits = new Uint8Array(entries.length);
    markContaining(index.hostnames, qLower!, textHits);
    if (ipLike) markContaining(index.ips, q, textHits);
  }
  outer: for (let i = 0; i < entries.length; i++) {
    if (enabled >= 0 && index.enabled[i] !== enabled) continue;
    for (const a of allowed) if (a.ok[a.codes[i]!] === 0) continue outer;
    if (tagMask && (tagMasks![i]! & tagMask) >>> 0 !== tagMask) continue;
    const e = entries[i]!;
    for (const s of asStrings) if (!s.values.has(e[s.field])) continue outer;
    if (tagStrings && !tagStrings.every((t) => e.tags.includes(t))) continue;
    if (textHits) {
      if (textHits[i] === 0) continue;
    } else if (q !== undefined) {
      if (cidr) {
        if (!cidr.check(e.ip, isIPv4(e.ip) ? 'ipv4' : 'ipv6')) continue;
      } else if (!e.hostnameLower.includes(qLower!) && !(ipLike && e.ip.includes(q))) continue;
    }
    out.push(e);
  }
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
function comparator(sort: string): (a: IndexEntry, b: IndexEntry) => number {
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

/** Exactly when the SQL filter would compare with <<= (deviceFilterSql), the same network. */
function cidrOf(q: string | undefined): BlockList | undefined {
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
  const matches: IndexEntry[] = [];
  for (const index of indexes) collectMatches(index, f, cidr, matches);
  const end = page.offset + page.limit;
  // One customer in hostname order is already sorted (the load order); otherwise select only what the page needs.
  const ordered =
    sort === 'hostname' && indexes.length === 1 ? matches : topK(matches, end, comparator(sort));
  return {
    items: ordered.slice(page.offset, end).map((e) => e.row),
    total: matches.length,
  };
}
