/**
 * The list answers from an in-memory index; the database stays the truth. On random inventories
 * and random filters, both must give the same devices in the same order, for one customer and
 * across all of them. And a write from outside this process shows on the very next list.
 */
import { asc, desc, sql } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, testApp } from '../../../../tests/helpers/app.ts';
import { queryRows } from '../../../platform/db/client.ts';
import { type Actor, systemActor } from '../../../platform/tenancy.ts';
import { BACKUP_STATES, deviceFilterSql, FACET_FIELDS, without } from '../filter.ts';
import { type DeviceListQuery, deviceListQuery, SORT_KEYS } from '../schemas.ts';
import { getDevice, listDevices } from '../service.ts';
import { devices } from '../table.ts';
import { deviceFacets } from './facets.ts';

let t: TestApp;
let tenant: Actor;
const everyone = systemActor();
let customerIds: string[] = [];

const HOST_PARTS = ['core', 'CORE', 'leaf', 'Leaf-1', 'a.b', 'x_y', 'ams', 'fra', '10.1', 'sw'];
const VENDORS = ['cisco', 'arista', 'juniper', ''];
const TAGS = ['prod', 'bgp', 'lab', 'edge'];
const REACH = ['unknown', 'reachable', 'unreachable'] as const;

const deviceArb = fc.record({
  hostname: fc
    .tuple(fc.constantFrom(...HOST_PARTS), fc.constantFrom(...HOST_PARTS), fc.nat(999))
    .map(([a, b, n]) => `${a}-${b}-${n}`),
  mgmtIp: fc.oneof(
    fc.tuple(fc.constantFrom(10, 172, 192), fc.nat(3), fc.nat(255), fc.nat(255)).map((o) => o.join('.')),
    fc.tuple(fc.nat(0xffff), fc.nat(0xffff)).map(([a, b]) => `2001:db8:${a.toString(16)}::${b.toString(16)}`),
  ),
  vendor: fc.constantFrom(...VENDORS),
  role: fc.constantFrom('core', 'leaf', ''),
  site: fc.constantFrom('AMS', 'FRA', 'ams'),
  tags: fc.subarray(TAGS),
  enabled: fc.boolean(),
  reachability: fc.constantFrom(...REACH),
  lastSeenAt: fc.option(
    fc.date({ min: new Date('2026-01-01'), max: new Date('2026-12-31'), noInvalidDate: true }),
    { nil: null },
  ),
  // Hours before the test runs, none near the 24 h a backup takes to go stale.
  lastBackupOkHoursAgo: fc.option(fc.constantFrom(0.5, 3, 12, 30, 48, 100), { nil: null }),
  lastBackupResult: fc.option(fc.constantFrom('success', 'failed'), { nil: null }),
});

const filterArb = fc.record(
  {
    q: fc.oneof(
      fc.constantFrom(
        'core',
        'CORE',
        'leaf-1',
        '.',
        '-',
        '10.1',
        '10.',
        '2001:db8',
        '::',
        'db8:1',
        'a.b',
        '%',
        '_',
      ),
      fc.constantFrom(
        '10.0.0.0/8',
        '10.1.0.0/16',
        '172.2.3.4/12',
        '192.0.0.0/2',
        '2001:db8::/32',
        '0.0.0.0/0',
        '10.0.0.0/33',
      ),
      fc.string({ maxLength: 4 }),
    ),
    vendor: fc.subarray(VENDORS, { minLength: 1 }),
    tag: fc.subarray(TAGS, { minLength: 1, maxLength: 2 }),
    enabled: fc.constantFrom('true', 'false'),
    reachability: fc.subarray([...REACH], { minLength: 1 }),
    site: fc.subarray(['AMS', 'FRA', 'ams'], { minLength: 1 }),
    backup: fc.subarray([...BACKUP_STATES], { minLength: 1 }),
    sort: fc.constantFrom(...SORT_KEYS.flatMap((k) => [k, `-${k}`])),
  },
  { requiredKeys: ['sort'] },
);

function toQuery(f: Record<string, string | string[]>): DeviceListQuery {
  const raw: Record<string, string> = { pageSize: '500' };
  for (const [k, v] of Object.entries(f)) raw[k] = Array.isArray(v) ? v.join(',') : v;
  return deviceListQuery.parse(raw);
}

async function viaSql(actor: Actor, q: DeviceListQuery): Promise<string[]> {
  const descending = q.sort.startsWith('-');
  const col = devices[(descending ? q.sort.slice(1) : q.sort) as (typeof SORT_KEYS)[number]];
  const rows = await t.database.db
    .select({ id: devices.id })
    .from(devices)
    .where(deviceFilterSql(actor, q))
    .orderBy(descending ? desc(col) : asc(col), asc(devices.id));
  return rows.map((r) => r.id);
}

beforeAll(async () => {
  t = await testApp();
  const [a, b] = [await t.customer(), await t.customer()];
  customerIds = [a.id, b.id];
  tenant = { ...systemActor(), allCustomers: false, customerIds: [a.id] };
  const sample = fc.sample(
    fc.uniqueArray(deviceArb, { minLength: 300, maxLength: 300, selector: (d) => d.hostname.toLowerCase() }),
    { numRuns: 1, seed: 7 },
  )[0]!;
  const now = Date.now();
  await t.database.db.insert(devices).values(
    sample.map(({ lastBackupOkHoursAgo, lastBackupResult, ...d }, i) => {
      const okAt = lastBackupOkHoursAgo === null ? null : new Date(now - lastBackupOkHoursAgo * 3600_000);
      return {
        ...d,
        customerId: customerIds[i % 2]!,
        lastBackupResult: okAt === null && lastBackupResult === 'success' ? null : lastBackupResult,
        lastBackupOkAt: okAt,
        lastBackupAt: lastBackupResult === null ? null : new Date(now - (i % 7) * 3600_000),
      };
    }),
  );
});
afterAll(() => t.stop());

describe('device list index', () => {
  it('gives the same devices in the same order as the SQL filter, for one customer and for all', async () => {
    await fc.assert(
      fc.asyncProperty(filterArb, fc.boolean(), async (f, all) => {
        const actor = all ? everyone : tenant;
        const q = toQuery(f as Record<string, string | string[]>);
        const expected = await viaSql(actor, q);
        const got = await listDevices(t.database.db, actor, q);
        expect(got.total).toBe(expected.length);
        expect(got.items.map((d) => d.id)).toEqual(expected);
      }),
      { numRuns: 150, seed: 11 },
    );
  });

  it('counts each facet as SQL does: a one-value field under the other filters, tags under all', async () => {
    await fc.assert(
      fc.asyncProperty(filterArb, fc.boolean(), async (f, all) => {
        const actor = all ? everyone : tenant;
        const q = toQuery(f as Record<string, string | string[]>);
        const got = await deviceFacets(t.database.db, actor, q);
        const [totals] = await queryRows<{ total: number; enabled: number }>(
          t.database.db,
          sql`select count(*)::int as total, count(*) filter (where enabled)::int as enabled
              from ${devices} where ${deviceFilterSql(actor, q)}`,
        );
        expect({ total: got.total, enabled: got.enabled }).toEqual(totals);
        for (const field of FACET_FIELDS) {
          const where = deviceFilterSql(actor, field === 'tag' ? q : without(q, field));
          const value =
            field === 'tag'
              ? sql`unnest(${devices.tags})`
              : field === 'backup'
                ? // The four states as the filter defines them (filter.ts), written out here as SQL.
                  sql`case when ${devices.lastBackupResult} = 'failed' then 'failed'
                           when ${devices.lastBackupOkAt} is null then 'never'
                           when ${devices.lastBackupOkAt} < now() - interval '24 hours' then 'stale'
                           else 'ok' end`
                : sql.identifier(field);
          const rows = await queryRows<{ value: string; count: number }>(
            t.database.db,
            sql`select v as value, count(*)::int as count
                from (select ${value} as v from ${devices} where ${where}) d group by v`,
          );
          const expected = rows.sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));
          expect(got[field], field).toEqual(expected);
        }
      }),
      { numRuns: 60, seed: 13 },
    );
  });

  it('pages through the same order without repeating or skipping a device', async () => {
    const all = await listDevices(t.database.db, everyone, toQuery({ sort: '-lastSeenAt' }));
    const paged: string[] = [];
    for (let page = 1; page <= 7; page++) {
      const res = await listDevices(t.database.db, everyone, {
        ...toQuery({ sort: '-lastSeenAt' }),
        page,
        pageSize: 50,
      });
      paged.push(...res.items.map((d) => d.id));
    }
    expect(paged).toEqual(all.items.map((d) => d.id));
  });

  it('sees a write made behind its back (another process) on the next request', async () => {
    const before = (await listDevices(t.database.db, tenant, toQuery({ sort: 'hostname' }))).total;
    await t.database.db.execute(
      sql`insert into devices (customer_id, hostname, mgmt_ip) values (${customerIds[0]}, 'written-elsewhere', '10.200.0.1')`,
    );
    const after = await listDevices(
      t.database.db,
      tenant,
      toQuery({ sort: 'hostname', q: 'written-elsewhere' }),
    );
    expect(after.total).toBe(1);
    expect((await listDevices(t.database.db, tenant, toQuery({ sort: 'hostname' }))).total).toBe(before + 1);
    await t.database.db.execute(
      sql`update devices set reachability = 'reachable' where hostname = 'written-elsewhere'`,
    );
    expect(
      (
        await listDevices(
          t.database.db,
          tenant,
          toQuery({ sort: 'hostname', q: 'written-elsewhere', reachability: 'reachable' }),
        )
      ).total,
    ).toBe(1);
    await t.database.db.execute(
      sql`update devices set facts = '{"model": "C9300-48P", "osVersion": "17.9.4"}', description = 'rack 4' where hostname = 'written-elsewhere'`,
    );
    const [item] = (
      await listDevices(t.database.db, tenant, toQuery({ sort: 'hostname', q: 'written-elsewhere' }))
    ).items;
    expect(item).toMatchObject({ description: 'rack 4', facts: { model: 'C9300-48P', osVersion: '17.9.4' } });
    expect(item).toEqual(await getDevice(t.database.db, tenant, item!.id));
    await t.database.db.execute(sql`delete from customers where id = ${customerIds[1]}`);
    expect((await listDevices(t.database.db, everyone, toQuery({ sort: 'hostname' }))).total).toBe(
      before + 1,
    );
  });
});
