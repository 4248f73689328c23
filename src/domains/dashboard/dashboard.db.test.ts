import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, type TestApp, testApp } from '../../../tests/helpers/app.ts';
import { type LabInventory, labInventory, runJob } from '../../../tests/helpers/lab.ts';

let t: TestApp;
let inv: LabInventory;
let customerA: { id: string };
let customerB: { id: string };
let viewerA: { headers: { authorization: string } };
let admin: { headers: { authorization: string } };

type Facet = { value: string; count: number }[];
type Summary = {
  devices: { total: number; enabled: number; platform: Facet; tag: Facet; reachability: Facet; site: Facet };
  backups: {
    backedUp: number;
    within24h: number;
    never: number;
    lastAttempt: { success: number; failed: number };
  };
  changes: {
    total: number;
    byHour: { hour: string; count: number }[];
    latest: { hostname: string; deviceId: string; snapshotId: string }[];
  };
};

const get = async <T>(url: string, headers: Record<string, string>) => {
  const res = await t.http.inject({ method: 'GET', url, headers });
  return { status: res.statusCode, body: json<T>(res) };
};
const count = (facet: Facet, value: string) => facet.find((f) => f.value === value)?.count ?? 0;

beforeAll(async () => {
  t = await testApp();
  customerA = await t.customer();
  customerB = await t.customer();
  const operator = await t.user({ role: 'operator', customerIds: [customerA.id] });
  viewerA = await t.user({ role: 'viewer', customerIds: [customerA.id] });
  admin = await t.user({ role: 'admin', allCustomers: true });
  inv = await labInventory(t, customerA.id, { devices: 3, topology: 'flat', platform: 'cisco_ios' });
  // A device nothing answers on (port 9 is closed): its backup fails.
  const dead = await t.http.inject({
    method: 'POST',
    url: '/api/v1/devices',
    headers: admin.headers,
    payload: {
      customerId: customerA.id,
      hostname: 'dead-01',
      mgmtIp: '127.0.0.1',
      port: 9,
      platform: 'cisco_ios',
      tags: ['core', 'lab'],
      credentialId: inv.credentialId,
    },
  });
  expect(dead.statusCode).toBe(201);
  // Customer B's device must never be counted for A.
  const other = await t.http.inject({
    method: 'POST',
    url: '/api/v1/devices',
    headers: admin.headers,
    payload: {
      customerId: customerB.id,
      hostname: 'b-01',
      mgmtIp: '192.0.2.10',
      platform: 'arista_eos',
      tags: ['core'],
    },
  });
  expect(other.statusCode).toBe(201);
  const backup = {
    type: 'config_backup',
    targets: { filter: { customerId: [customerA.id] } },
    options: { retries: 0 },
  };
  expect((await runJob(t, operator.headers, backup)).status).toBe('partial');
  await runJob(t, operator.headers, {
    type: 'run_commands',
    targets: { deviceIds: [inv.devices[0]!.id] },
    payload: { commands: ['configure terminal', 'ntp server 198.51.100.31', 'end'] },
  });
  expect((await runJob(t, operator.headers, backup)).summary).toMatchObject({ changed: 1, unchanged: 2 });
}, 120_000);
afterAll(async () => {
  await t?.stop();
  await inv?.lab.stop();
});

describe('dashboard', () => {
  it("counts a customer's devices by platform, tag and reachability, and nothing of another customer", async () => {
    const { status, body } = await get<Summary>('/api/v1/dashboard', viewerA.headers);
    expect(status).toBe(200);
    expect(body.devices.total).toBe(4);
    expect(body.devices.enabled).toBe(4);
    expect(count(body.devices.platform, 'cisco_ios')).toBe(4);
    expect(count(body.devices.platform, 'arista_eos')).toBe(0);
    expect(count(body.devices.tag, 'core')).toBe(1);
    const reach = body.devices.reachability.reduce((s, r) => s + r.count, 0);
    expect(reach).toBe(4);
  });

  it('reports backup freshness, each device’s last attempt, and devices never backed up', async () => {
    const { body } = await get<Summary>('/api/v1/dashboard', viewerA.headers);
    expect(body.backups).toEqual({
      backedUp: 3,
      within24h: 3,
      never: 1,
      lastAttempt: { success: 3, failed: 1 },
    });
  });

  it('counts a configuration change once, not a first backup, in its hour', async () => {
    const { body } = await get<Summary>('/api/v1/dashboard', viewerA.headers);
    expect(body.changes.total).toBe(1);
    expect(body.changes.byHour).toHaveLength(24);
    expect(body.changes.byHour.reduce((s, h) => s + h.count, 0)).toBe(1);
    expect(body.changes.byHour.at(-1)!.count).toBe(1);
    expect(body.changes.latest.map((c) => c.hostname)).toEqual([inv.devices[0]!.hostname]);
  });

  it('narrows to one customer on request; a customer the user cannot see answers 404', async () => {
    const onlyB = await get<Summary>(`/api/v1/dashboard?customerId=${customerB.id}`, admin.headers);
    expect(onlyB.body.devices.total).toBe(1);
    expect(count(onlyB.body.devices.platform, 'arista_eos')).toBe(1);
    expect(onlyB.body.backups.never).toBe(1);
    expect(onlyB.body.changes.total).toBe(0);
    const all = await get<Summary>('/api/v1/dashboard', admin.headers);
    expect(all.body.devices.total).toBeGreaterThanOrEqual(5);
    const refused = await get<{ error: { code: string } }>(
      `/api/v1/dashboard?customerId=${customerB.id}`,
      viewerA.headers,
    );
    expect(refused.status).toBe(404);
    const bad = await get<{ error: { message: string } }>(
      '/api/v1/dashboard?customerId=nope',
      viewerA.headers,
    );
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('customerId');
  });

  it('lists the filter choices of the device list with their counts', async () => {
    const { status, body } = await get<Summary['devices']>('/api/v1/devices/facets', viewerA.headers);
    expect(status).toBe(200);
    expect(body.tag).toEqual([
      { value: 'core', count: 1 },
      { value: 'lab', count: 1 },
    ]);
    expect(count(body.platform, 'cisco_ios')).toBe(4);
  });
});
