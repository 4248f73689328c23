import type { Db } from '../../../platform/db/client.ts';
import type { Actor } from '../../../platform/tenancy.ts';
import { type DeviceFilter, FACET_FIELDS, type FacetField, without } from '../filter.ts';
import { type BitSet, count, forEachBit, has } from './bitset.ts';
import type { CustomerIndex } from './build.ts';
import { indexesFor } from './load.ts';
import { backupPostings, cidrOf, matchSet } from './query.ts';

export type FacetCount = { value: string; count: number };
export type DeviceFacets = { total: number; enabled: number } & Record<FacetField, FacetCount[]>;

const inSet = (set: BitSet, positions: Uint32Array) => {
  let n = 0;
  for (const p of positions) if (has(set, p)) n++;
  return n;
};

/**
 * The devices that pass a filter (`total`, `enabled`), and the choices of each filter field with
 * how many devices each would give: a one-value field (vendor, site, …) is counted under the other
 * fields' filters, so choosing a second vendor shows what it adds; tags, which a device must all
 * carry, are counted under the whole filter. Read from the list index, like the list itself.
 */
export async function deviceFacets(db: Db, actor: Actor, f: DeviceFilter): Promise<DeviceFacets> {
  const indexes = await indexesFor(db, actor, f.customerId);
  const cidr = cidrOf(f.q);
  const tallies = Object.fromEntries(
    FACET_FIELDS.map((field) => [field, new Map<string, number>()]),
  ) as Record<FacetField, Map<string, number>>;
  let total = 0;
  let enabled = 0;
  for (const index of indexes) {
    const all = matchSet(index, f, cidr);
    total += count(all);
    forEachBit(all, (i) => {
      if (has(index.enabled, i)) enabled++;
    });
    for (const field of FACET_FIELDS) {
      const narrowed = field !== 'tag' && f[field]?.length ? matchSet(index, without(f, field), cidr) : all;
      for (const [value, positions] of postingsOf(index, field)) {
        const n = inSet(narrowed, positions);
        if (n > 0) tallies[field].set(value, (tallies[field].get(value) ?? 0) + n);
      }
    }
  }
  const out = { total, enabled } as DeviceFacets;
  for (const field of FACET_FIELDS) {
    out[field] = [...tallies[field]]
      .map(([value, n]) => ({ value, count: n }))
      .sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));
  }
  return out;
}

function postingsOf(index: CustomerIndex, field: FacetField): Map<string, Uint32Array> {
  if (field === 'backup') return backupPostings(index);
  return field === 'tag' ? index.tags : index.postings[field];
}
