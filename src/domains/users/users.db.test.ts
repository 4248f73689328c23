import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, type TestApp, testApp } from '../../../tests/helpers/app.ts';

let t: TestApp;
let a: { id: string };
let b: { id: string };
let globalAdmin: { id: string; headers: { authorization: string } };
let adminA: { id: string; headers: { authorization: string } };

beforeAll(async () => {
  t = await testApp();
  a = await t.customer();
  b = await t.customer();
  globalAdmin = await t.user({ role: 'admin', allCustomers: true });
  adminA = await t.user({ role: 'admin', customerIds: [a.id] });
});
afterAll(() => t.stop());

describe('users and memberships', () => {
  it('a customer admin creates users only inside their customers', async () => {
    const ok = await t.http.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: adminA.headers,
      payload: { username: 'noc-a', password: 'long enough password', role: 'operator', customerIds: [a.id] },
    });
    expect(ok.statusCode).toBe(201);
    expect(ok.json()).toMatchObject({
      username: 'noc-a',
      role: 'operator',
      customerIds: [a.id],
      allCustomers: false,
    });
    expect(ok.body).not.toContain('password');

    const outside = await t.http.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: adminA.headers,
      payload: { username: 'noc-b', password: 'long enough password', customerIds: [b.id] },
    });
    expect(outside.statusCode).toBe(400);
    expect(outside.json().error.fields[0].field).toBe('customerIds');

    const global = await t.http.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: adminA.headers,
      payload: { username: 'noc-g', password: 'long enough password', allCustomers: true },
    });
    expect(global.statusCode).toBe(403);
  });

  it('a customer admin sees only users wholly inside their customers', async () => {
    const shared = await t.user({ role: 'viewer', customerIds: [a.id, b.id] });
    const onlyA = await t.user({ role: 'viewer', customerIds: [a.id] });
    const list = json<{ items: { id: string }[] }>(
      await t.http.inject({ method: 'GET', url: '/api/v1/users?pageSize=500', headers: adminA.headers }),
    );
    const ids = list.items.map((u) => u.id);
    expect(ids).toContain(onlyA.id);
    expect(ids).not.toContain(shared.id);
    expect(ids).not.toContain(globalAdmin.id);
    const get = await t.http.inject({
      method: 'GET',
      url: `/api/v1/users/${shared.id}`,
      headers: adminA.headers,
    });
    expect(get.statusCode).toBe(404);
    const all = json<{ items: { id: string }[] }>(
      await t.http.inject({ method: 'GET', url: '/api/v1/users?pageSize=500', headers: globalAdmin.headers }),
    );
    expect(all.items.map((u) => u.id)).toEqual(expect.arrayContaining([shared.id, onlyA.id, adminA.id]));
  });

  it('membership changes take effect on the next request', async () => {
    const u = await t.user({ role: 'viewer', customerIds: [a.id] });
    const before = json<{ items: { id: string }[] }>(
      await t.http.inject({ method: 'GET', url: '/api/v1/customers', headers: u.headers }),
    );
    expect(before.items.map((c) => c.id)).toEqual([a.id]);
    const patch = await t.http.inject({
      method: 'PATCH',
      url: `/api/v1/users/${u.id}`,
      headers: globalAdmin.headers,
      payload: { customerIds: [b.id] },
    });
    expect(patch.statusCode).toBe(200);
    const after = json<{ items: { id: string }[] }>(
      await t.http.inject({ method: 'GET', url: '/api/v1/customers', headers: u.headers }),
    );
    expect(after.items.map((c) => c.id)).toEqual([b.id]);
  });

  it('roles gate user management and nobody locks themselves out', async () => {
    const op = await t.user({ role: 'operator', customerIds: [a.id] });
    expect(
      (await t.http.inject({ method: 'GET', url: '/api/v1/users', headers: op.headers })).statusCode,
    ).toBe(403);
    const me = await t.http.inject({ method: 'GET', url: `/api/v1/users/${op.id}`, headers: op.headers });
    expect(me.statusCode).toBe(200);
    const demote = await t.http.inject({
      method: 'PATCH',
      url: `/api/v1/users/${adminA.id}`,
      headers: adminA.headers,
      payload: { role: 'viewer' },
    });
    expect(demote.statusCode).toBe(400);
    const del = await t.http.inject({
      method: 'DELETE',
      url: `/api/v1/users/${adminA.id}`,
      headers: adminA.headers,
    });
    expect(del.statusCode).toBe(400);
    const grantSelf = await t.http.inject({
      method: 'PATCH',
      url: `/api/v1/users/${adminA.id}`,
      headers: adminA.headers,
      payload: { allCustomers: true },
    });
    expect(grantSelf.statusCode).toBe(403);
  });

  it('an admin password reset ends the user sessions; usernames are unique regardless of case', async () => {
    const u = await t.user({ role: 'viewer', customerIds: [a.id] });
    const reset = await t.http.inject({
      method: 'POST',
      url: `/api/v1/users/${u.id}/password`,
      headers: adminA.headers,
      payload: { password: 'brand new password' },
    });
    expect(reset.statusCode).toBe(204);
    expect(
      (await t.http.inject({ method: 'GET', url: '/api/v1/auth/me', headers: u.headers })).statusCode,
    ).toBe(401);
    await t.login(u.username, 'brand new password');
    const dup = await t.http.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: globalAdmin.headers,
      payload: { username: u.username.toUpperCase(), password: 'long enough password' },
    });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error.fields[0].field).toBe('username');
  });
});

describe('customers and IP ranges', () => {
  it('only global admins create and delete customers; names are unique', async () => {
    expect(
      (
        await t.http.inject({
          method: 'POST',
          url: '/api/v1/customers',
          headers: adminA.headers,
          payload: { name: 'Nope' },
        })
      ).statusCode,
    ).toBe(403);
    const c = await t.http.inject({
      method: 'POST',
      url: '/api/v1/customers',
      headers: globalAdmin.headers,
      payload: { name: 'Globex', description: 'EU region' },
    });
    expect(c.statusCode).toBe(201);
    const dup = await t.http.inject({
      method: 'POST',
      url: '/api/v1/customers',
      headers: globalAdmin.headers,
      payload: { name: 'globex' },
    });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error.fields[0].field).toBe('name');
    const rename = await t.http.inject({
      method: 'PATCH',
      url: `/api/v1/customers/${a.id}`,
      headers: adminA.headers,
      payload: { description: 'renamed by its admin' },
    });
    expect(rename.json().description).toBe('renamed by its admin');
    expect(
      (await t.http.inject({ method: 'DELETE', url: `/api/v1/customers/${a.id}`, headers: adminA.headers }))
        .statusCode,
    ).toBe(403);
    expect(
      (
        await t.http.inject({
          method: 'DELETE',
          url: `/api/v1/customers/${c.json().id}`,
          headers: globalAdmin.headers,
        })
      ).statusCode,
    ).toBe(204);
    expect(
      (
        await t.http.inject({
          method: 'GET',
          url: `/api/v1/customers/${c.json().id}`,
          headers: globalAdmin.headers,
        })
      ).statusCode,
    ).toBe(404);
  });

  it('keeps IP ranges as networks and refuses host bits and duplicates', async () => {
    const add = (cidr: string) =>
      t.http.inject({
        method: 'POST',
        url: `/api/v1/customers/${a.id}/ip-ranges`,
        headers: adminA.headers,
        payload: { cidr },
      });
    expect((await add('10.50.0.0/16')).statusCode).toBe(201);
    expect((await add('2001:db8:50::/48')).statusCode).toBe(201);
    const host = await add('10.60.1.1/16');
    expect(host.statusCode).toBe(400);
    expect(host.json().error.fields[0].field).toBe('cidr');
    expect((await add('10.50.0.0/16')).statusCode).toBe(409);
    const list = json<{ id: string; cidr: string }[]>(
      await t.http.inject({
        method: 'GET',
        url: `/api/v1/customers/${a.id}/ip-ranges`,
        headers: adminA.headers,
      }),
    );
    expect(list.map((r) => r.cidr)).toEqual(['10.50.0.0/16', '2001:db8:50::/48']);
    const del = await t.http.inject({
      method: 'DELETE',
      url: `/api/v1/customers/${a.id}/ip-ranges/${list[0]!.id}`,
      headers: adminA.headers,
    });
    expect(del.statusCode).toBe(204);
  });
});
