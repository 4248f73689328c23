/**
 * Walks every registered /api/v1 route as an admin of customer B against customer A's objects.
 * A route added later without a fixture here fails the test, so it cannot skip the question
 * "is this scoped?". The rule: A's object answers exactly as a random id that does not exist
 * (404, or the same 4xx), lists never show A's rows, and A's data is unchanged afterwards.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storeBackups } from '../src/domains/configs/store.ts';
import { createCredential } from '../src/domains/credentials/service.ts';
import { addIpRange } from '../src/domains/customers/service.ts';
import { createDevice, getDevice } from '../src/domains/devices/service.ts';
import type { TaskDevice } from '../src/domains/jobs/registry.ts';
import { systemActor } from '../src/platform/tenancy.ts';
import { type TestApp, testApp } from './helpers/app.ts';

type Ids = {
  customer: string;
  user: string;
  credential: string;
  device: string;
  apiKey: string;
  range: string;
  job: string;
  snapshot: string;
  schedule: string;
};
type World = { ids: Ids; names: string[]; headers: { authorization: string } };

let t: TestApp;
let A: World;
let B: World;

async function world(label: string): Promise<World> {
  const customer = await t.customer(`tenant-${label}-${randomUUID().slice(0, 6)}`);
  const sys = systemActor();
  const admin = await t.user({ role: 'admin', customerIds: [customer.id] });
  const member = await t.user({ role: 'viewer', customerIds: [customer.id] });
  const cred = await createCredential(t.database.db, t.secrets, sys, {
    customerId: customer.id,
    name: `cred-${label}`,
    username: `user-${label}`,
    password: `pw-${label}-secret`,
  });
  const device = await createDevice(t.database.db, sys, {
    customerId: customer.id,
    hostname: `core-${label}-01`,
    mgmtIp: label === 'a' ? '10.1.0.1' : '10.2.0.1',
    port: 22,
    vendor: 'cisco',
    platform: 'cisco_ios',
    role: 'core',
    site: `site-${label}`,
    tags: [`tag-${label}`],
    description: '',
    credentialId: cred.id,
    enabled: true,
    legacySsh: false,
  });
  const range = await addIpRange(t.database.db, sys, customer.id, {
    cidr: label === 'a' ? '10.1.0.0/16' : '10.2.0.0/16',
    description: '',
  });
  const key = await t.http.inject({
    method: 'POST',
    url: '/api/v1/api-keys',
    headers: admin.headers,
    payload: { name: `key-${label}` },
  });
  // Two snapshots of the device, as backups would have stored them (its address is not reachable).
  let snapshot = '';
  for (const n of [1, 2]) {
    const stored = await t.database.db.transaction((tx) =>
      storeBackups(tx, [
        {
          device: { id: device.id, customerId: customer.id } as TaskDevice,
          jobId: randomUUID(),
          requestedByName: 'test',
          value: { config: `hostname core-${label}-01\nntp server 10.${n}.0.1\n`, hash: `h${n}-${label}` },
          at: new Date(Date.now() + n),
        },
      ]),
    );
    snapshot = (stored[0]!.output as { snapshotId: string }).snapshotId;
  }
  const job = await t.http.inject({
    method: 'POST',
    url: '/api/v1/jobs',
    headers: admin.headers,
    payload: { type: 'config_backup', targets: { deviceIds: [device.id] } },
  });
  const schedule = await t.http.inject({
    method: 'POST',
    url: '/api/v1/schedules',
    headers: admin.headers,
    payload: {
      name: `nightly-${label}`,
      job: { type: 'config_backup', targets: { deviceIds: [device.id] } },
      kind: 'cron',
      cron: '0 3 * * *',
    },
  });
  return {
    ids: {
      schedule: schedule.json().id,
      snapshot,
      job: job.json().id,
      customer: customer.id,
      user: member.id,
      credential: cred.id,
      device: device.id,
      apiKey: key.json().id,
      range: range.id,
    },
    names: [customer.name, device.hostname, cred.name, member.username, `key-${label}`, `nightly-${label}`],
    headers: admin.headers,
  };
}

/** Which object a path parameter names, by the route it sits in. */
function paramValue(url: string, param: string, ids: Ids): string {
  if (param === 'rangeId') return ids.range;
  const resource = url.split('/')[3];
  const map: Record<string, string> = {
    customers: ids.customer,
    users: ids.user,
    credentials: ids.credential,
    devices: ids.device,
    'api-keys': ids.apiKey,
    jobs: ids.job,
    configs: ids.snapshot,
    schedules: ids.schedule,
  };
  const value = map[resource ?? ''];
  if (!value)
    throw new Error(`no tenancy fixture for :${param} in ${url}; add one to tests/tenancy.db.test.ts`);
  return value;
}

const fill = (url: string, ids: Ids) => url.replace(/:(\w+)/g, (_, p: string) => paramValue(url, p, ids));

/** A valid request for each mutating route, aimed at the given customer's objects. */
function request(
  method: string,
  url: string,
  ids: Ids,
): { payload?: unknown; query?: Record<string, string>; contentType?: string } {
  const key = `${method} ${url}`;
  const fixtures: Record<
    string,
    () => { payload?: unknown; query?: Record<string, string>; contentType?: string }
  > = {
    'POST /api/v1/auth/password': () => ({
      payload: { currentPassword: 'x', newPassword: 'long enough password' },
    }),
    'POST /api/v1/api-keys': () => ({ payload: { name: 'k', customerIds: [ids.customer] } }),
    'DELETE /api/v1/api-keys/:id': () => ({}),
    'POST /api/v1/users': () => ({
      payload: {
        username: `u${randomUUID().slice(0, 8)}`,
        password: 'long enough password',
        customerIds: [ids.customer],
      },
    }),
    'PATCH /api/v1/users/:id': () => ({ payload: { role: 'admin' } }),
    'POST /api/v1/users/:id/password': () => ({ payload: { password: 'long enough password' } }),
    'DELETE /api/v1/users/:id': () => ({}),
    'POST /api/v1/customers': () => ({ payload: { name: `c${randomUUID().slice(0, 8)}` } }),
    'PATCH /api/v1/customers/:id': () => ({ payload: { name: `renamed-${randomUUID().slice(0, 8)}` } }),
    'DELETE /api/v1/customers/:id': () => ({}),
    'POST /api/v1/customers/:id/ip-ranges': () => ({ payload: { cidr: '192.168.77.0/24' } }),
    'DELETE /api/v1/customers/:id/ip-ranges/:rangeId': () => ({}),
    'POST /api/v1/credentials': () => ({
      payload: { customerId: ids.customer, name: 'x', username: 'x', password: 'x' },
    }),
    'PATCH /api/v1/credentials/:id': () => ({ payload: { password: 'stolen' } }),
    'DELETE /api/v1/credentials/:id': () => ({}),
    'POST /api/v1/devices': () => ({
      payload: { customerId: ids.customer, hostname: 'intruder', mgmtIp: '10.9.9.9' },
    }),
    'PATCH /api/v1/devices/:id': () => ({ payload: { hostname: 'hijacked', enabled: false } }),
    'DELETE /api/v1/devices/:id': () => ({}),
    'POST /api/v1/devices/bulk': () => ({ payload: { ids: [ids.device], action: 'delete' } }),
    'POST /api/v1/devices/import': () => ({
      query: { customerId: ids.customer },
      payload: 'hostname,mgmt_ip\nintruder,10.9.9.9\n',
      contentType: 'text/csv',
    }),
    'POST /api/v1/jobs': () => ({
      payload: {
        type: 'run_commands',
        targets: { deviceIds: [ids.device] },
        payload: { commands: ['reload'] },
      },
    }),
    'POST /api/v1/jobs/:id/cancel': () => ({}),
    'POST /api/v1/jobs/:id/retry': () => ({}),
    'POST /api/v1/schedules': () => ({
      payload: {
        name: 'intruder',
        job: {
          type: 'run_commands',
          targets: { deviceIds: [ids.device] },
          payload: { commands: ['reload'] },
        },
        kind: 'interval',
        intervalMinutes: 5,
      },
    }),
    'PATCH /api/v1/schedules/:id': () => ({ payload: { enabled: false, name: 'hijacked' } }),
    'DELETE /api/v1/schedules/:id': () => ({}),
  };
  if (method === 'GET') {
    // Routes that need a query to answer at all.
    const queries: Record<string, Record<string, string>> = {
      '/api/v1/configs/diff': { to: ids.snapshot },
      '/api/v1/configs/search': { q: 'ntp server' },
      // One customer's figures: another customer's id answers as a missing one does.
      '/api/v1/dashboard': { customerId: ids.customer },
      '/api/v1/devices/facets': { customerId: ids.customer },
    };
    return { query: queries[url] };
  }
  const f = fixtures[key];
  if (!f) throw new Error(`no tenancy fixture for ${key}; add one to tests/tenancy.db.test.ts`);
  return f();
}

const randomIds = (): Ids => ({
  customer: randomUUID(),
  user: randomUUID(),
  credential: randomUUID(),
  device: randomUUID(),
  apiKey: randomUUID(),
  range: randomUUID(),
  job: randomUUID(),
  snapshot: randomUUID(),
  schedule: randomUUID(),
});

beforeAll(async () => {
  // No worker: the jobs here only need to exist (their devices are not reachable).
  t = await testApp({}, { worker: false });
  A = await world('a');
  B = await world('b');
});
afterAll(() => t.stop());

describe('tenant isolation over every route', () => {
  it('has routes to walk', () => {
    expect(t.http.routeList.filter((r) => r.url.startsWith('/api/v1/')).length).toBeGreaterThan(20);
  });

  it("B's admin sees its own objects (the control: a 404 below is scoping, not a broken route)", async () => {
    for (const r of t.http.routeList) {
      if (r.method !== 'GET' || !r.url.startsWith('/api/v1/') || r.public) continue;
      const res = await t.http.inject({
        method: 'GET',
        url: fill(r.url, B.ids),
        query: request('GET', r.url, B.ids).query,
        headers: B.headers,
      });
      expect(res.statusCode, `${r.method} ${r.url}`).toBe(200);
    }
  });

  it("answers for A's objects exactly as for ids that do not exist, and lists never show A", async () => {
    const walked: string[] = [];
    // Deletes last, so every other route still finds A's objects in place.
    const routes = [...t.http.routeList].sort(
      (x, y) => Number(x.method === 'DELETE') - Number(y.method === 'DELETE'),
    );
    for (const r of routes) {
      if (!r.url.startsWith('/api/v1/') || r.public) continue;
      const label = `${r.method} ${r.url}`;
      const send = (ids: Ids) => {
        const req = request(r.method, r.url, ids);
        return t.http.inject({
          method: r.method as 'GET',
          url: fill(r.url, ids),
          query: req.query,
          headers: { ...B.headers, ...(req.contentType ? { 'content-type': req.contentType } : {}) },
          ...(req.payload === undefined ? {} : { payload: req.payload as string }),
        });
      };
      const hasParams = r.url.includes(':');
      const mentionsCustomer = JSON.stringify(request(r.method, r.url, A.ids)).includes(A.ids.customer);
      const res = await send(A.ids);
      // Echoing back an id the caller sent reveals nothing; anything else of A's does.
      const sent = `${fill(r.url, A.ids)} ${JSON.stringify(request(r.method, r.url, A.ids))}`;
      for (const name of A.names) expect(res.body, `${label} leaks ${name}`).not.toContain(name);
      for (const id of Object.values(A.ids)) {
        if (!sent.includes(id)) expect(res.body, `${label} leaks ${id}`).not.toContain(id);
      }
      if (hasParams || mentionsCustomer) {
        const control = await send(randomIds());
        expect(res.statusCode, `${label} on A's object`).toBeGreaterThanOrEqual(400);
        expect(res.statusCode, `${label}: A's object answers differently from a missing one`).toBe(
          control.statusCode,
        );
        const uuid = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;
        expect(res.json().error.message.replace(uuid, '<id>'), label).toBe(
          control.json().error.message.replace(uuid, '<id>'),
        );
      }
      walked.push(label);
    }
    expect(walked.length).toBeGreaterThan(20);
  });

  it("left A's data as it was", async () => {
    const device = await getDevice(t.database.db, systemActor(), A.ids.device);
    expect(device).toMatchObject({ hostname: 'core-a-01', enabled: true });
    const cred = await t.http.inject({
      method: 'GET',
      url: `/api/v1/credentials/${A.ids.credential}`,
      headers: A.headers,
    });
    expect(cred.statusCode).toBe(200);
    const user = await t.http.inject({
      method: 'GET',
      url: `/api/v1/users/${A.ids.user}`,
      headers: A.headers,
    });
    expect(user.json().role).toBe('viewer');
    const ranges = await t.http.inject({
      method: 'GET',
      url: `/api/v1/customers/${A.ids.customer}/ip-ranges`,
      headers: A.headers,
    });
    expect(ranges.json()).toHaveLength(1);
    const keys = await t.http.inject({ method: 'GET', url: '/api/v1/api-keys', headers: A.headers });
    expect(keys.json()[0].revokedAt).toBeNull();
    const devices = await t.http.inject({
      method: 'GET',
      url: '/api/v1/devices?q=intruder',
      headers: A.headers,
    });
    expect(devices.json().total).toBe(0);
    const schedule = await t.http.inject({
      method: 'GET',
      url: `/api/v1/schedules/${A.ids.schedule}`,
      headers: A.headers,
    });
    expect(schedule.json()).toMatchObject({ enabled: true, name: 'nightly-a' });
    const jobs = await t.http.inject({ method: 'GET', url: '/api/v1/jobs', headers: A.headers });
    expect(jobs.json().items.map((j: { id: string; status: string }) => [j.id, j.status])).toEqual([
      [A.ids.job, 'queued'],
    ]);
  });
});
