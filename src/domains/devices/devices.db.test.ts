import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, type TestApp, testApp } from '../../../tests/helpers/app.ts';

type Device = {
  id: string;
  hostname: string;
  mgmtIp: string;
  enabled: boolean;
  tags: string[];
  vendor: string;
};
type Page = { items: Device[]; total: number; page: number; pageSize: number };

let t: TestApp;
let customer: { id: string };
let op: { headers: { authorization: string } };
let viewer: { headers: { authorization: string } };

const seed = [
  {
    hostname: 'ams-core-01',
    mgmtIp: '10.10.0.1',
    vendor: 'cisco',
    platform: 'cisco_ios',
    role: 'core',
    site: 'AMS',
    tags: ['prod', 'bgp'],
  },
  {
    hostname: 'ams-core-02',
    mgmtIp: '10.10.0.2',
    vendor: 'cisco',
    platform: 'cisco_ios',
    role: 'core',
    site: 'AMS',
    tags: ['prod'],
  },
  {
    hostname: 'ams-leaf-01',
    mgmtIp: '10.10.1.1',
    vendor: 'arista',
    platform: 'arista_eos',
    role: 'leaf',
    site: 'AMS',
    tags: ['prod'],
  },
  {
    hostname: 'fra-edge-01',
    mgmtIp: '10.20.0.1',
    vendor: 'juniper',
    platform: 'juniper_junos',
    role: 'edge',
    site: 'FRA',
    tags: ['lab', 'bgp'],
  },
  {
    hostname: 'fra-sw-01',
    mgmtIp: '2001:db8::10',
    vendor: 'cisco',
    platform: 'cisco_nxos',
    role: 'access',
    site: 'FRA',
    tags: [],
  },
];

beforeAll(async () => {
  t = await testApp();
  customer = await t.customer();
  op = await t.user({ role: 'operator', customerIds: [customer.id] });
  viewer = await t.user({ role: 'viewer', customerIds: [customer.id] });
  for (const d of seed) {
    const res = await t.http.inject({
      method: 'POST',
      url: '/api/v1/devices',
      headers: op.headers,
      payload: { customerId: customer.id, ...d },
    });
    expect(res.statusCode, res.body).toBe(201);
  }
});
afterAll(() => t.stop());

const list = async (query: string) =>
  json<Page>(
    await t.http.inject({
      method: 'GET',
      url: `/api/v1/devices?customerId=${customer.id}&${query}`,
      headers: viewer.headers,
    }),
  );
const hosts = (p: Page) => p.items.map((d) => d.hostname);

describe('device list', () => {
  it('searches hostname and IP substrings, and IP ranges written as CIDR', async () => {
    expect(hosts(await list('q=CORE'))).toEqual(['ams-core-01', 'ams-core-02']);
    expect(hosts(await list('q=10.20.'))).toEqual(['fra-edge-01']);
    expect(hosts(await list('q=10.10.0.0/16'))).toEqual(['ams-core-01', 'ams-core-02', 'ams-leaf-01']);
    expect(hosts(await list('q=2001:db8::/32'))).toEqual(['fra-sw-01']);
    // LIKE wildcards typed by a user are literal characters, not patterns.
    expect((await list('q=%25')).total).toBe(0);
  });

  it('filters by vendor, platform, role, site, tags (all of them), enabled and reachability', async () => {
    expect(hosts(await list('vendor=arista,juniper'))).toEqual(['ams-leaf-01', 'fra-edge-01']);
    expect(hosts(await list('platform=cisco_nxos'))).toEqual(['fra-sw-01']);
    expect(hosts(await list('role=core&site=AMS'))).toEqual(['ams-core-01', 'ams-core-02']);
    expect(hosts(await list('tag=prod,bgp'))).toEqual(['ams-core-01']);
    expect(hosts(await list('tag=bgp'))).toEqual(['ams-core-01', 'fra-edge-01']);
    expect((await list('reachability=unknown')).total).toBe(5);
    expect((await list('reachability=reachable')).total).toBe(0);
    expect((await list('enabled=false')).total).toBe(0);
  });

  it('sorts either way and paginates with a total', async () => {
    expect(hosts(await list('sort=-hostname&pageSize=2'))).toEqual(['fra-sw-01', 'fra-edge-01']);
    const p2 = await list('sort=hostname&pageSize=2&page=2');
    expect(p2).toMatchObject({ total: 5, page: 2, pageSize: 2 });
    expect(hosts(p2)).toEqual(['ams-leaf-01', 'fra-edge-01']);
    expect(hosts(await list('sort=mgmtIp&pageSize=1'))).toEqual(['ams-core-01']);
    expect(hosts(await list('sort=hostname&pageSize=2&page=9'))).toEqual([]);
  });

  it('rejects unknown sort keys and filters with a 400 naming the field', async () => {
    const bad = await t.http.inject({
      method: 'GET',
      url: '/api/v1/devices?sort=password',
      headers: viewer.headers,
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields[0].field).toBe('sort');
    const typo = await t.http.inject({
      method: 'GET',
      url: '/api/v1/devices?vendr=cisco',
      headers: viewer.headers,
    });
    expect(typo.statusCode).toBe(400);
    expect(typo.json().error.fields[0].field).toBe('vendr');
    const size = await t.http.inject({
      method: 'GET',
      url: '/api/v1/devices?pageSize=100000',
      headers: viewer.headers,
    });
    expect(size.statusCode).toBe(400);
    expect(size.json().error.fields[0].field).toBe('pageSize');
  });
});

describe('device changes', () => {
  it('keeps hostnames unique per customer, case-insensitively, but not across customers', async () => {
    const dup = await t.http.inject({
      method: 'POST',
      url: '/api/v1/devices',
      headers: op.headers,
      payload: { customerId: customer.id, hostname: 'AMS-CORE-01', mgmtIp: '10.99.0.1' },
    });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error.fields[0].field).toBe('hostname');
    const other = await t.customer();
    const admin = await t.user({ role: 'admin', allCustomers: true });
    const elsewhere = await t.http.inject({
      method: 'POST',
      url: '/api/v1/devices',
      headers: admin.headers,
      payload: { customerId: other.id, hostname: 'ams-core-01', mgmtIp: '10.10.0.1' },
    });
    expect(elsewhere.statusCode).toBe(201);
  });

  it('validates fields and names them', async () => {
    const res = await t.http.inject({
      method: 'POST',
      url: '/api/v1/devices',
      headers: op.headers,
      payload: { customerId: customer.id, hostname: '<script>', mgmtIp: '999.1.1.1', port: 70000 },
    });
    expect(res.statusCode).toBe(400);
    const fields = res
      .json()
      .error.fields.map((f: { field: string }) => f.field)
      .sort();
    expect(fields).toEqual(['hostname', 'mgmtIp', 'port']);
  });

  it('patches only what is sent, and refuses a credential of another customer', async () => {
    const [d] = (await list('q=ams-leaf-01')).items;
    const res = await t.http.inject({
      method: 'PATCH',
      url: `/api/v1/devices/${d!.id}`,
      headers: op.headers,
      payload: { tags: ['prod', 'spine'] },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ hostname: 'ams-leaf-01', vendor: 'arista', tags: ['prod', 'spine'] });

    const other = await t.customer();
    const admin = await t.user({ role: 'admin', allCustomers: true });
    const cred = await t.http.inject({
      method: 'POST',
      url: '/api/v1/credentials',
      headers: admin.headers,
      payload: { customerId: other.id, name: 'other', username: 'x', password: 'y' },
    });
    const cross = await t.http.inject({
      method: 'PATCH',
      url: `/api/v1/devices/${d!.id}`,
      headers: admin.headers,
      payload: { credentialId: cred.json().id },
    });
    expect(cross.statusCode).toBe(400);
    expect(cross.json().error.fields[0].field).toBe('credentialId');
  });

  it('viewers read but cannot change', async () => {
    const [d] = (await list('q=ams-core-02')).items;
    const res = await t.http.inject({
      method: 'PATCH',
      url: `/api/v1/devices/${d!.id}`,
      headers: viewer.headers,
      payload: { enabled: false },
    });
    expect(res.statusCode).toBe(403);
    const del = await t.http.inject({
      method: 'DELETE',
      url: `/api/v1/devices/${d!.id}`,
      headers: viewer.headers,
    });
    expect(del.statusCode).toBe(403);
    expect((await list('q=ams-core-02')).items[0]!.enabled).toBe(true);
  });

  it('bulk-disables, enables and deletes, touching only visible devices', async () => {
    const all = await list('site=FRA');
    const ids = all.items.map((d) => d.id);
    const foreign = '00000000-0000-4000-8000-000000000000';
    const off = await t.http.inject({
      method: 'POST',
      url: '/api/v1/devices/bulk',
      headers: op.headers,
      payload: { ids: [...ids, foreign], action: 'disable' },
    });
    expect(off.json()).toEqual({ action: 'disable', requested: 3, affected: 2 });
    expect((await list('site=FRA&enabled=false')).total).toBe(2);
    await t.http.inject({
      method: 'POST',
      url: '/api/v1/devices/bulk',
      headers: op.headers,
      payload: { ids, action: 'enable' },
    });
    expect((await list('site=FRA&enabled=true')).total).toBe(2);
    const del = await t.http.inject({
      method: 'POST',
      url: '/api/v1/devices/bulk',
      headers: op.headers,
      payload: { ids, action: 'delete' },
    });
    expect(del.json().affected).toBe(2);
    expect((await list('site=FRA')).total).toBe(0);
  });

  it('totals are exact right after every kind of write (cached totals are dropped)', async () => {
    const before = (await list('')).total;
    const add = await t.http.inject({
      method: 'POST',
      url: '/api/v1/devices',
      headers: op.headers,
      payload: { customerId: customer.id, hostname: 'count-probe', mgmtIp: '10.77.0.1' },
    });
    expect((await list('')).total).toBe(before + 1);
    await t.http.inject({
      method: 'PATCH',
      url: `/api/v1/devices/${add.json().id}`,
      headers: op.headers,
      payload: { enabled: false },
    });
    expect((await list('enabled=false')).total).toBe(1);
    await t.http.inject({
      method: 'POST',
      url: `/api/v1/devices/import?customerId=${customer.id}`,
      headers: { ...op.headers, 'content-type': 'text/csv' },
      payload: 'hostname,mgmt_ip\ncount-probe-2,10.77.0.2\n',
    });
    expect((await list('')).total).toBe(before + 2);
    const ids = (await list('q=count-probe')).items.map((d) => d.id);
    await t.http.inject({
      method: 'POST',
      url: '/api/v1/devices/bulk',
      headers: op.headers,
      payload: { ids, action: 'delete' },
    });
    expect((await list('')).total).toBe(before);
  });

  it('records who changed what in the audit trail', async () => {
    const admin = await t.user({ role: 'admin', customerIds: [customer.id] });
    const audit = json<{ items: { action: string; actorName: string; ip: string | null }[] }>(
      await t.http.inject({
        method: 'GET',
        url: `/api/v1/audit?customerId=${customer.id}&action=device.`,
        headers: admin.headers,
      }),
    );
    const actions = audit.items.map((e) => e.action);
    expect(actions).toContain('device.create');
    expect(actions).toContain('device.update');
    expect(actions).toContain('device.bulk_delete');
    expect(audit.items[0]!.ip).toBeTruthy();
    const forViewer = await t.http.inject({ method: 'GET', url: '/api/v1/audit', headers: viewer.headers });
    expect(forViewer.statusCode).toBe(403);
  });
});
