import { sql } from 'drizzle-orm';
import { type Executor, queryRows } from '../../platform/db/client.ts';
import type { Actor } from '../../platform/tenancy.ts';
import { deviceFilterSql } from './service.ts';
import { devices } from './table.ts';

export const FACET_FIELDS = ['vendor', 'platform', 'role', 'site', 'tag', 'reachability'] as const;
export type FacetField = (typeof FACET_FIELDS)[number];
export type FacetCount = { value: string; count: number };
export type DeviceFacets = { total: number; enabled: number } & Record<FacetField, FacetCount[]>;

/**
 * How many devices carry each vendor, platform, role, site, tag and reachability: the choices of
 * the device filters and the dashboard's breakdowns, in one scan of the actor's devices.
 */
export async function deviceFacets(exec: Executor, actor: Actor, customerId?: string): Promise<DeviceFacets> {
  const where = deviceFilterSql(actor, customerId ? { customerId: [customerId] } : {});
  const rows = await queryRows<{ field: string; value: string; count: number }>(
    exec,
    sql`
    with d as (select * from ${devices} where ${where})
    select 'total' as field, '' as value, count(*)::int as count from d
    union all select 'enabled', '', count(*)::int from d where enabled
    union all select 'vendor', vendor, count(*)::int from d group by vendor
    union all select 'platform', platform, count(*)::int from d group by platform
    union all select 'role', role, count(*)::int from d group by role
    union all select 'site', site, count(*)::int from d group by site
    union all select 'reachability', reachability, count(*)::int from d group by reachability
    union all select 'tag', t, count(*)::int from d, unnest(tags) as t group by t`,
  );
  const out: DeviceFacets = {
    total: 0,
    enabled: 0,
    vendor: [],
    platform: [],
    role: [],
    site: [],
    tag: [],
    reachability: [],
  };
  for (const r of rows) {
    if (r.field === 'total') out.total = Number(r.count);
    else if (r.field === 'enabled') out.enabled = Number(r.count);
    else out[r.field as FacetField].push({ value: r.value, count: Number(r.count) });
  }
  for (const field of FACET_FIELDS)
    out[field].sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));
  return out;
}
