/**
 * An API key's role, customers and expiry bound everything done with it: the keys it mints, the
 * users and passwords it manages, the device credentials it writes. Each route that creates a
 * credential of any kind is walked with a key narrowed by role and with one narrowed by customer.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_PASSWORD, type TestApp, testApp } from '../../../tests/helpers/app.ts';

let t: TestApp;
let A: { id: string };
let B: { id: string };
let root: { id: string; username: string; headers: { authorization: string } };

type Headers = { authorization: string };

async function mintKey(headers: Headers, body: Record<string, unknown>) {
  return t.http.inject({ method: 'POST', url: '/api/v1/api-keys', headers, payload: body });
}

async function keyHeaders(headers: Headers, body: Record<string, unknown>): Promise<Headers> {
  const res = await mintKey(headers, body);
  expect(res.statusCode, res.body).toBe(201);
  return { authorization: `Bearer ${res.json().key}` };
}

const me = async (headers: Headers) =>
  (await t.http.inject({ method: 'GET', url: '/api/v1/auth/me', headers })).json() as {
    effectiveRole: string;
    effectiveCustomerIds: string[];
  };

beforeAll(async () => {
  t = await testApp({}, { worker: false });
  A = await t.customer();
  B = await t.customer();
  root = await t.user({ role: 'admin', allCustomers: true });
});
afterAll(() => t.stop());

describe('keys minted with a key', () => {
  it('a viewer key mints only viewer keys, and they cannot create customers or admins', async () => {
    const viewer = await keyHeaders(root.headers, { name: 'narrow', role: 'viewer' });
    const minted = await mintKey(viewer, { name: 'minted' });
    expect(minted.statusCode).toBe(201);
    expect(minted.json().role).toBe('viewer');
    const mintedHeaders = { authorization: `Bearer ${minted.json().key}` };
    expect((await me(mintedHeaders)).effectiveRole).toBe('viewer');

    const customer = await t.http.inject({
      method: 'POST',
      url: '/api/v1/customers',
      headers: mintedHeaders,
      payload: { name: 'minted-customer' },
    });
    expect(customer.statusCode).toBe(403);
    const admin = await t.http.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: mintedHeaders,
      payload: {
        username: 'minted-admin',
        password: 'long enough password',
        allCustomers: true,
        role: 'admin',
      },
    });
    expect(admin.statusCode).toBe(403);

    const wider = await mintKey(viewer, { name: 'wider', role: 'admin' });
    expect(wider.statusCode).toBe(400);
    expect(wider.json().error.fields[0].field).toBe('role');
  });

  it('a customer-narrowed key mints keys for those customers only', async () => {
    const narrow = await keyHeaders(root.headers, { name: 'only-a', customerIds: [A.id] });
    const minted = await mintKey(narrow, { name: 'minted-a' });
    expect(minted.statusCode).toBe(201);
    expect(minted.json().customerIds).toEqual([A.id]);
    const mintedHeaders = { authorization: `Bearer ${minted.json().key}` };
    expect(await me(mintedHeaders)).toMatchObject({ effectiveRole: 'admin', effectiveCustomerIds: [A.id] });

    const toB = await mintKey(narrow, { name: 'minted-b', customerIds: [B.id] });
    expect(toB.statusCode).toBe(400);
    expect(toB.json().error.fields[0].field).toBe('customerIds');
    const customer = await t.http.inject({
      method: 'POST',
      url: '/api/v1/customers',
      headers: mintedHeaders,
      payload: { name: 'minted-customer-2' },
    });
    expect(customer.statusCode).toBe(403);
  });

  it('a key that expires mints no key that outlives it', async () => {
    const expiresAt = new Date(Date.now() + 3600_000);
    const short = await keyHeaders(root.headers, { name: 'short', expiresAt: expiresAt.toISOString() });
    const inherited = await mintKey(short, { name: 'inherits' });
    expect(inherited.statusCode).toBe(201);
    expect(new Date(inherited.json().expiresAt).getTime()).toBe(expiresAt.getTime());
    const longer = await mintKey(short, {
      name: 'longer',
      expiresAt: new Date(Date.now() + 7200_000).toISOString(),
    });
    expect(longer.statusCode).toBe(400);
    expect(longer.json().error.fields[0].field).toBe('expiresAt');
  });

  it('a narrow key lists and revokes only keys no wider than itself', async () => {
    const owner = await t.user({ role: 'admin', customerIds: [A.id, B.id] });
    const full = await mintKey(owner.headers, { name: 'full' });
    const viewerKey = await mintKey(owner.headers, { name: 'viewer', role: 'viewer' });
    const viewer = { authorization: `Bearer ${viewerKey.json().key}` };
    const sibling = await mintKey(viewer, { name: 'sibling' });

    const listed = await t.http.inject({ method: 'GET', url: '/api/v1/api-keys', headers: viewer });
    expect(
      listed
        .json()
        .map((k: { name: string }) => k.name)
        .sort(),
    ).toEqual(['sibling', 'viewer']);
    const revokeFull = await t.http.inject({
      method: 'DELETE',
      url: `/api/v1/api-keys/${full.json().id}`,
      headers: viewer,
    });
    expect(revokeFull.statusCode).toBe(404);
    const fullHeaders = { authorization: `Bearer ${full.json().key}` };
    expect((await me(fullHeaders)).effectiveRole).toBe('admin');
    const revokeSibling = await t.http.inject({
      method: 'DELETE',
      url: `/api/v1/api-keys/${sibling.json().id}`,
      headers: viewer,
    });
    expect(revokeSibling.statusCode).toBe(204);
  });

  it('a login session may not ask for a role above its own', async () => {
    const op = await t.user({ role: 'operator', customerIds: [A.id] });
    const res = await mintKey(op.headers, { name: 'up', role: 'admin' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.fields[0].field).toBe('role');
  });
});

describe('every route that creates a credential, through narrowed keys', () => {
  const routes = (target: { customer: string; user: string; credential: string }) => [
    {
      label: 'POST /users',
      method: 'POST' as const,
      url: '/api/v1/users',
      payload: {
        username: `k${Math.random().toString(36).slice(2, 10)}`,
        password: 'long enough password',
        role: 'admin',
        customerIds: [target.customer],
      },
    },
    {
      label: 'PATCH /users/:id',
      method: 'PATCH' as const,
      url: `/api/v1/users/${target.user}`,
      payload: { role: 'admin' },
    },
    {
      label: 'POST /users/:id/password',
      method: 'POST' as const,
      url: `/api/v1/users/${target.user}/password`,
      payload: { password: 'a stolen long password' },
    },
    {
      label: 'POST /credentials',
      method: 'POST' as const,
      url: '/api/v1/credentials',
      payload: { customerId: target.customer, name: `c${Math.random()}`, username: 'x', password: 'x' },
    },
    {
      label: 'PATCH /credentials/:id',
      method: 'PATCH' as const,
      url: `/api/v1/credentials/${target.credential}`,
      payload: { password: 'changed' },
    },
  ];

  async function targetIn(customerId: string) {
    const user = await t.user({ role: 'viewer', customerIds: [customerId] });
    const cred = await t.http.inject({
      method: 'POST',
      url: '/api/v1/credentials',
      headers: root.headers,
      payload: { customerId, name: `cred-${Math.random()}`, username: 'u', password: 'p' },
    });
    return { customer: customerId, user: user.id, credential: cred.json().id as string };
  }

  it('an operator-narrowed admin key is refused on each (403) and changes nothing', async () => {
    const op = await keyHeaders(root.headers, { name: 'op', role: 'operator' });
    const target = await targetIn(A.id);
    for (const r of routes(target)) {
      const res = await t.http.inject({ method: r.method, url: r.url, headers: op, payload: r.payload });
      expect(res.statusCode, `${r.label}: ${res.body}`).toBe(403);
    }
    const user = await t.http.inject({
      method: 'GET',
      url: `/api/v1/users/${target.user}`,
      headers: root.headers,
    });
    expect(user.json().role).toBe('viewer');
    await t.login(user.json().username);
  });

  it("a key narrowed to customer A reaches A's objects and not B's (404 or the field named)", async () => {
    const onlyA = await keyHeaders(root.headers, { name: 'only-a-2', customerIds: [A.id] });
    const inB = await targetIn(B.id);
    for (const r of routes(inB)) {
      const res = await t.http.inject({ method: r.method, url: r.url, headers: onlyA, payload: r.payload });
      expect([400, 404], `${r.label}: ${res.statusCode} ${res.body}`).toContain(res.statusCode);
      if (res.statusCode === 400) expect(res.json().error.fields[0].field).toMatch(/customerId/);
    }
    const inA = await targetIn(A.id);
    for (const r of routes(inA)) {
      const res = await t.http.inject({ method: r.method, url: r.url, headers: onlyA, payload: r.payload });
      expect(res.statusCode, `${r.label}: ${res.body}`).toBeLessThan(300);
    }
    // Never a user of every customer, never a customer of its own.
    const global = await t.http.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: onlyA,
      payload: { username: 'global-by-key', password: 'long enough password', allCustomers: true },
    });
    expect(global.statusCode).toBe(403);
  });
});

describe('password changes', () => {
  it('no API key changes its owner password, however wide', async () => {
    const u = await t.user({ role: 'admin', customerIds: [A.id] });
    for (const body of [{ name: 'viewer', role: 'viewer' }, { name: 'full' }]) {
      const key = await keyHeaders(u.headers, body);
      const res = await t.http.inject({
        method: 'POST',
        url: '/api/v1/auth/password',
        headers: key,
        payload: { currentPassword: TEST_PASSWORD, newPassword: 'taken over password' },
      });
      expect(res.statusCode).toBe(403);
    }
    // The owner's password and sessions are untouched.
    expect(
      (await t.http.inject({ method: 'GET', url: '/api/v1/auth/me', headers: u.headers })).statusCode,
    ).toBe(200);
    await t.login(u.username, TEST_PASSWORD);
  });
});
