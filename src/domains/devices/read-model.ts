import { BlockList, isIPv4 } from 'node:net';
import { sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.ts';
import { preparedRows } from '../../platform/db/prepared.ts';
import type { Actor } from '../../platform/tenancy.ts';
import { add, addAll, type BitSet, bitsetOf, count, filled, forEachBit, has, intersect } from './bitset.ts';
import { type DeviceRow, deviceSelectList, toDeviceRow } from './columns.ts';
import {
  CODED,
  type CustomerIndex,
  columnar,
  comparator,
  type IndexEntry,
  ipKey,
  orderOf,
  textMatches,
} from './device-index.ts';
import { mergeFirst, type Source } from './merge.ts';
import { CIDR, type DeviceFilter, IP_FRAGMENT } from './schemas.ts';
import { devices } from './table.ts';

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

/** The positions of one customer's devices that pass the filter: set intersections, text last. */
function matchSet(index: CustomerIndex, f: DeviceFilter, cidr: BlockList | undefined): BitSet {
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
