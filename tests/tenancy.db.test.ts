/**
 * Walks every registered /api/v1 route as an admin of customer B against customer A's objects.
 * A route added later without a fixture here fails the test, so it cannot skip the question
 * "is this scoped?". The rule: A's object answers exactly as a random id that does not exist
 * (404, or the same 4xx), lists never show A's rows, and A's data is unchanged afterwards.
 */
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { getDevice } from '../src/domains/devices/service.ts';
import { systemActor } from '../src/platform/tenancy.ts';
import { type TestApp, testApp } from './helpers/app.ts';
import { type Ids, randomIds, type World, world } from './helpers/world.ts';

let t: TestApp;
let A: World;
let B: World;

/** Which object a path parameter names, by the route it sits in. */
function paramValue(url: string, param: string, ids: Ids): string {
  if (param === 'rangeId') return ids.range;
  if (param === 'deviceId') return ids.device;
  const parts = url.split('/');
  const resource = parts[1] === 'ws' ? parts[2] : parts[3];
  const map: Record<string, string> = {
    customers: ids.customer,
    users: ids.user,
    credentials: ids.credential,
    devices: ids.device,
    'api-keys': ids.apiKey,
    jobs: ids.job,
    configs: ids.snapshot,
    schedules: ids.schedule,
    changes: ids.change,
    compliance: ids.policy,
    'terminal-sessions': ids.recording,
    'notification-channels': ids.channel,
    'notification-rules': ids.rule,
    'notification-deliveries': ids.delivery,
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
    'POST /api/v1/jobs/targets': () => ({ payload: { targets: { deviceIds: [ids.device] } } }),
    'POST /api/v1/jobs/:id/cancel': () => ({}),
    'POST /api/v1/jobs/:id/devices/:deviceId/skip': () => ({}),
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
    'POST /api/v1/changes': () => ({
      payload: {
        customerId: ids.customer,
        title: 'intruder',
        targets: { deviceIds: [ids.device] },
        template: 'no ntp server 192.0.2.1',
      },
    }),
    'PATCH /api/v1/changes/:id': () => ({ payload: { title: 'hijacked', template: 'no ip routing' } }),
    'DELETE /api/v1/changes/:id': () => ({}),
    'POST /api/v1/changes/:id/preview': () => ({}),
    'POST /api/v1/changes/:id/commit': () => ({}),
    'POST /api/v1/changes/:id/cancel': () => ({}),
    'POST /api/v1/changes/:id/approve': () => ({ payload: { comment: 'fine by me' } }),
    'POST /api/v1/changes/:id/reject': () => ({ payload: { comment: 'no' } }),
    'POST /api/v1/changes/:id/rollback': () => ({}),
    'POST /api/v1/changes/rollback': () => ({ payload: { snapshotId: ids.snapshot } }),
    'POST /api/v1/compliance/policies': () => ({
      payload: {
        customerId: ids.customer,
        source: 'name: intruder\nrules:\n  - name: x\n    must_contain: [x]\n',
      },
    }),
    'PUT /api/v1/compliance/policies/:id': () => ({ payload: { source: 'name: hijacked\n' } }),
    'DELETE /api/v1/compliance/policies/:id': () => ({}),
    'POST /api/v1/compliance/policies/test': () => ({
      payload: { source: 'name: t\n', deviceId: ids.device },
    }),
    'POST /api/v1/compliance/remediate': () => ({
      payload: { customerId: ids.customer, deviceIds: [ids.device] },
    }),
    'POST /api/v1/notification-channels': () => ({
      payload: {
        customerId: ids.customer,
        name: 'intruder',
        kind: 'webhook',
        settings: { url: 'http://127.0.0.1:9/steal' },
        secret: { signingSecret: 'stolen-signing-secret' },
      },
    }),
    'PATCH /api/v1/notification-channels/:id': () => ({
      payload: { name: 'hijacked', enabled: false, settings: { url: 'http://127.0.0.1:9/steal' } },
    }),
    'DELETE /api/v1/notification-channels/:id': () => ({}),
    'POST /api/v1/notification-channels/:id/test': () => ({}),
    'POST /api/v1/notification-rules': () => ({
      payload: { customerId: ids.customer, name: 'intruder', channelId: ids.channel, events: ['job.failed'] },
    }),
    'PATCH /api/v1/notification-rules/:id': () => ({ payload: { enabled: false, name: 'hijacked' } }),
    'DELETE /api/v1/notification-rules/:id': () => ({}),
    'POST /api/v1/notification-deliveries/:id/retry': () => ({}),
    'PUT /api/v1/customers/:id/netbox': () => ({
      payload: { url: 'https://steal.example.net', token: 'stolen-token-0123456789' },
    }),
    'DELETE /api/v1/customers/:id/netbox': () => ({}),
    'POST /api/v1/discovery/add': () => ({ payload: { ids: [ids.discovered] } }),
    // Reads no tenant data: text in, records out.
    'POST /api/v1/parse': () => ({
      payload: { platform: 'cisco_ios', command: 'show clock', text: '*10:00:00.000 UTC Mon Mar 1 2021\n' },
    }),
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

type Headers = { authorization: string };
/** Who walks the routes as customer B: a login, and API keys narrowed by customer and by role. */
const callers: { label: string; admin: boolean; headers: () => Headers }[] = [
  { label: "B's admin, logged in", admin: true, headers: () => B.headers },
  { label: "an all-customers admin's API key narrowed to B", admin: true, headers: () => keys.toB },
  { label: "B's admin's API key narrowed to operator", admin: false, headers: () => keys.operatorB },
];
const keys = { toB: { authorization: '' }, operatorB: { authorization: '' }, viewerB: { authorization: '' } };

async function apiKey(headers: Headers, body: Record<string, unknown>): Promise<Headers> {
  const res = await t.http.inject({ method: 'POST', url: '/api/v1/api-keys', headers, payload: body });
  if (res.statusCode !== 201) throw new Error(`api key: ${res.body}`);
  return { authorization: `Bearer ${res.json().key}` };
}

beforeAll(async () => {
  // No worker: the jobs here only need to exist (their devices are not reachable).
  t = await testApp({}, { worker: false });
  await t.http.listen({ port: 0, host: '127.0.0.1' });
  A = await world(t, 'a');
  B = await world(t, 'b');
  const root = await t.user({ role: 'admin', allCustomers: true });
  keys.toB = await apiKey(root.headers, { name: 'root-to-b', customerIds: [B.ids.customer] });
  keys.operatorB = await apiKey(B.headers, { name: 'b-operator', role: 'operator' });
  keys.viewerB = await apiKey(B.headers, { name: 'b-viewer', role: 'viewer' });
});
afterAll(() => t.stop());

function send(r: { method: string; url: string }, ids: Ids, headers: Headers) {
  const req = request(r.method, r.url, ids);
  return t.http.inject({
    method: r.method as 'GET',
    url: fill(r.url, ids),
    query: req.query,
    headers: { ...headers, ...(req.contentType ? { 'content-type': req.contentType } : {}) },
    ...(req.payload === undefined ? {} : { payload: req.payload as string }),
  });
}

describe('tenant isolation over every route', () => {
  it('has routes to walk', () => {
    expect(t.http.routeList.filter((r) => r.url.startsWith('/api/v1/')).length).toBeGreaterThan(20);
  });

  describe.each(callers.filter((c) => c.admin))('control, as $label', ({ headers }) => {
    it('sees its own objects (the control: a 404 below is scoping, not a broken route)', async () => {
      for (const r of t.http.routeList) {
        if (r.method !== 'GET' || !r.url.startsWith('/api/v1/') || r.public) continue;
        const res = await t.http.inject({
          method: 'GET',
          url: fill(r.url, B.ids),
          query: request('GET', r.url, B.ids).query,
          headers: headers(),
        });
        expect(res.statusCode, `${r.method} ${r.url}`).toBe(200);
      }
    });
  });

  describe.each(callers)('as $label', ({ headers }) => {
    it("answers for A's objects exactly as for ids that do not exist, and lists never show A", async () => {
      const walked: string[] = [];
      // Deletes last, so every other route still finds A's objects in place.
      const routes = [...t.http.routeList].sort(
        (x, y) => Number(x.method === 'DELETE') - Number(y.method === 'DELETE'),
      );
      for (const r of routes) {
        if (!r.url.startsWith('/api/v1/') || r.public) continue;
        const label = `${r.method} ${r.url}`;
        const hasParams = r.url.includes(':');
        const mentionsCustomer = JSON.stringify(request(r.method, r.url, A.ids)).includes(A.ids.customer);
        const res = await send(r, A.ids, headers());
        // Echoing back an id the caller sent reveals nothing; anything else of A's does.
        const sent = `${fill(r.url, A.ids)} ${JSON.stringify(request(r.method, r.url, A.ids))}`;
        for (const name of A.names) expect(res.body, `${label} leaks ${name}`).not.toContain(name);
        for (const id of Object.values(A.ids)) {
          if (!sent.includes(id)) expect(res.body, `${label} leaks ${id}`).not.toContain(id);
        }
        if (hasParams || mentionsCustomer) {
          const control = await send(r, randomIds(), headers());
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
  });

  it("opens no socket on A's objects: each answers as for an id that does not exist", async () => {
    const { port } = t.http.server.address() as AddressInfo;
    /** The HTTP status of the upgrade: 101 when the socket opened (closed again at once). */
    const upgrade = (url: string, headers: Headers) =>
      new Promise<number>((resolve, reject) => {
        const socket = new WebSocket(`ws://127.0.0.1:${port}${url}`, { headers });
        socket.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
        socket.on('open', () => {
          socket.close();
          resolve(101);
        });
        socket.on('error', reject);
      });
    const sockets = t.http.routeList.filter((r) => r.url.startsWith('/ws/'));
    expect(sockets.map((r) => r.url).sort()).toEqual(['/ws/devices/:id/terminal', '/ws/jobs/:id']);
    for (const r of sockets) {
      for (const { label, headers } of callers) {
        const what = `${r.url} as ${label}`;
        // The control: B's own object opens (a 404 below is scoping, not a broken route).
        expect(await upgrade(fill(r.url, B.ids), headers()), what).toBe(101);
        expect(await upgrade(fill(r.url, A.ids), headers()), what).toBe(404);
        expect(await upgrade(fill(r.url, randomIds()), headers()), what).toBe(404);
      }
    }
    // A viewer of B opens no terminal, even on B's own device.
    expect(await upgrade(fill('/ws/devices/:id/terminal', B.ids), keys.viewerB)).toBe(403);
  });

  it("a key narrowed to viewer changes nothing of its own customer's: every unsafe route refuses", async () => {
    // What a viewer key may still do: mint keys no wider than itself, and nothing else.
    const allowed: Record<string, number> = {
      'POST /api/v1/api-keys': 201,
      // Parsing text changes nothing and reads no tenant data.
      'POST /api/v1/parse': 200,
      // B's admin's own key is wider than the viewer key: not the viewer key's to revoke.
      'DELETE /api/v1/api-keys/:id': 404,
    };
    for (const r of t.http.routeList) {
      if (!r.url.startsWith('/api/v1/') || r.public || r.method === 'GET') continue;
      const label = `${r.method} ${r.url}`;
      const res = await send(r, B.ids, keys.viewerB);
      expect(res.statusCode, `${label}: ${res.body.slice(0, 200)}`).toBe(allowed[label] ?? 403);
      if (label === 'POST /api/v1/api-keys') expect(res.json().role).toBe('viewer');
    }
    const device = await getDevice(t.database.db, systemActor(), B.ids.device);
    expect(device).toMatchObject({ hostname: 'core-b-01', enabled: true });
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
    const change = await t.http.inject({
      method: 'GET',
      url: `/api/v1/changes/${A.ids.change}`,
      headers: A.headers,
    });
    expect(change.json()).toMatchObject({ title: 'change-a', status: 'draft', revision: 1 });
    const jobs = await t.http.inject({ method: 'GET', url: '/api/v1/jobs', headers: A.headers });
    type Job = { id: string; status: string; type: string };
    const items: Job[] = jobs.json().items;
    // A's own job, and the evaluation its policy started when it was saved: nothing else.
    expect(items.filter((j) => j.type !== 'compliance_evaluate').map((j) => [j.id, j.status])).toEqual([
      [A.ids.job, 'queued'],
    ]);
    expect(items.filter((j) => j.type === 'compliance_evaluate')).toHaveLength(1);
  });
});
