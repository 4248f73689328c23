/** What a job would reach, shown before it runs: the same devices POST /jobs would take, per customer. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, type TestApp, testApp } from '../../../tests/helpers/app.ts';

let t: TestApp;
let a: { id: string; name: string };
let b: { id: string; name: string };
let admin: { headers: { authorization: string } };
let operatorA: { headers: { authorization: string } };
const ids: Record<string, string> = {};

type Summary = {
  total: number;
  customers: { id: string; name: string; devices: number }[];
  hostnames: string[];
};

async function summary(headers: Record<string, string>, targets: unknown) {
  const res = await t.http.inject({
    method: 'POST',
    url: '/api/v1/jobs/targets',
    headers,
    payload: { targets },
  });
  return { status: res.statusCode, body: json<Summary>(res) };
}

beforeAll(async () => {
  t = await testApp();
  a = await t.customer('Acme');
  b = await t.customer('Globex');
  admin = await t.user({ role: 'admin', allCustomers: true });
  operatorA = await t.user({ role: 'operator', customerIds: [a.id] });
  const add = async (customerId: string, hostname: string, mgmtIp: string, enabled = true) => {
    const res = await t.http.inject({
      method: 'POST',
      url: '/api/v1/devices',
      headers: admin.headers,
      payload: { customerId, hostname, mgmtIp, platform: 'cisco_ios', enabled, role: hostname.split('-')[1] },
    });
    expect(res.statusCode, res.body).toBe(201);
    ids[hostname] = json<{ id: string }>(res).id;
  };
  await add(a.id, 'a-core-1', '192.0.2.1');
  await add(a.id, 'a-edge-1', '192.0.2.2');
  await add(a.id, 'a-edge-2', '192.0.2.3', false);
  await add(b.id, 'b-core-1', '198.51.100.1');
});
afterAll(() => t.stop());

describe('POST /jobs/targets', () => {
  it('counts the enabled devices a filter reaches, per customer, with the first hostnames', async () => {
    const all = await summary(admin.headers, { filter: {} });
    expect(all.status).toBe(200);
    expect(all.body).toEqual({
      total: 3,
      customers: [
        { id: a.id, name: 'Acme', devices: 2 },
        { id: b.id, name: 'Globex', devices: 1 },
      ],
      hostnames: ['a-core-1', 'a-edge-1', 'b-core-1'],
    });
    expect((await summary(admin.headers, { filter: { role: ['core'] } })).body.total).toBe(2);
    expect(
      (await summary(admin.headers, { deviceIds: [ids['a-edge-1']!, ids['a-edge-2']!] })).body,
    ).toMatchObject({
      total: 1,
      hostnames: ['a-edge-1'],
    });
  });

  it("never counts another customer's devices, asked by filter or by id", async () => {
    expect((await summary(operatorA.headers, { filter: {} })).body).toMatchObject({
      total: 2,
      customers: [{ id: a.id, name: 'Acme', devices: 2 }],
    });
    expect((await summary(operatorA.headers, { deviceIds: [ids['b-core-1']!] })).body).toEqual({
      total: 0,
      customers: [],
      hostnames: [],
    });
  });

  it('is for those who may start a job: a viewer is refused', async () => {
    const viewer = await t.user({ role: 'viewer', customerIds: [a.id] });
    expect((await summary(viewer.headers, { filter: {} })).status).toBe(403);
  });

  it('names the field at fault', async () => {
    const res = await t.http.inject({
      method: 'POST',
      url: '/api/v1/jobs/targets',
      headers: admin.headers,
      payload: { targets: { deviceIds: ['not-a-uuid'] } },
    });
    expect(res.statusCode).toBe(400);
    expect(res.body).toMatch(/deviceIds/);
  });
});
