import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, TEST_PASSWORD, type TestApp, testApp } from '../../../tests/helpers/app.ts';
import { queryRows } from '../../platform/db/client.ts';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(() => t.stop());

function cookiesOf(res: { cookies: { name: string; value: string }[] }) {
  return Object.fromEntries(res.cookies.map((c) => [c.name, c.value]));
}

describe('login', () => {
  it('answers the same for an unknown user and a wrong password, and records both', async () => {
    const u = await t.user({ role: 'viewer' });
    const wrong = await t.http.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: u.username, password: 'not-the-password' },
    });
    const unknown = await t.http.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'nobody-here', password: 'not-the-password' },
    });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json()).toEqual(unknown.json());
    expect(wrong.json().error.message).toBe('invalid username or password');
  });

  it('is case-insensitive on the username and refuses a deactivated account', async () => {
    const admin = await t.user({ role: 'admin', allCustomers: true });
    const u = await t.user({ role: 'viewer' });
    await t.login(u.username.toUpperCase());
    const off = await t.http.inject({
      method: 'PATCH',
      url: `/api/v1/users/${u.id}`,
      headers: admin.headers,
      payload: { active: false },
    });
    expect(off.statusCode).toBe(200);
    await expect(t.login(u.username)).rejects.toThrow(/401/);
    // The session it already had stops working too.
    const me = await t.http.inject({ method: 'GET', url: '/api/v1/auth/me', headers: u.headers });
    expect(me.statusCode).toBe(401);
  });

  it('rate-limits repeated attempts on one account from one address', async () => {
    const limited = await testApp({ WEBNET_LOGIN_RATE_LIMIT: '3' });
    try {
      const codes: number[] = [];
      for (let i = 0; i < 5; i++) {
        const res = await limited.http.inject({
          method: 'POST',
          url: '/api/v1/auth/login',
          payload: { username: 'admin-x', password: 'wrong-password' },
        });
        codes.push(res.statusCode);
        if (res.statusCode === 429) {
          expect(res.json().error.code).toBe('rate_limited');
          expect(res.headers['retry-after']).toBeDefined();
        }
      }
      expect(codes).toEqual([401, 401, 401, 429, 429]);
    } finally {
      await limited.stop();
    }
  });
});

describe('cookie sessions', () => {
  it('sets httpOnly session cookies and demands the CSRF header on unsafe methods', async () => {
    const admin = await t.user({ role: 'admin', allCustomers: true });
    const res = await t.http.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: admin.username, password: TEST_PASSWORD },
    });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.accessToken).toBeUndefined();
    expect(body.refreshToken).toBeUndefined();
    const session = res.cookies.find((c) => c.name === 'webnet_session')!;
    expect(session.httpOnly).toBe(true);
    expect(session.sameSite).toBe('Strict');
    expect(res.cookies.find((c) => c.name === 'webnet_refresh')!.httpOnly).toBe(true);
    const cookies = cookiesOf(res);

    const read = await t.http.inject({ method: 'GET', url: '/api/v1/auth/me', cookies });
    expect(read.statusCode).toBe(200);

    const payload = { name: 'csrf-check-customer' };
    const noHeader = await t.http.inject({ method: 'POST', url: '/api/v1/customers', cookies, payload });
    expect(noHeader.statusCode).toBe(403);
    expect(noHeader.json().error.code).toBe('csrf_failed');
    const wrongHeader = await t.http.inject({
      method: 'POST',
      url: '/api/v1/customers',
      cookies,
      payload,
      headers: { 'x-csrf-token': 'forged' },
    });
    expect(wrongHeader.statusCode).toBe(403);
    const ok = await t.http.inject({
      method: 'POST',
      url: '/api/v1/customers',
      cookies,
      payload,
      headers: { 'x-csrf-token': body.csrfToken },
    });
    expect(ok.statusCode).toBe(201);
  });

  it('rotates the refresh token, and a reused one ends the whole session family', async () => {
    const u = await t.user({ role: 'viewer' });
    const login = await t.http.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: u.username, password: TEST_PASSWORD, session: 'token' },
    });
    const first = login.json().refreshToken as string;
    const r1 = await t.http.inject({
      method: 'POST',
      url: '/api/v1/auth/refresh',
      payload: { refreshToken: first },
    });
    expect(r1.statusCode).toBe(200);
    const second = r1.json().refreshToken as string;
    expect(second).not.toBe(first);
    const access = r1.json().accessToken as string;
    expect(
      (
        await t.http.inject({
          method: 'GET',
          url: '/api/v1/auth/me',
          headers: { authorization: `Bearer ${access}` },
        })
      ).statusCode,
    ).toBe(200);

    // The first token again: someone copied it. Both tokens and the access token die.
    const replay = await t.http.inject({
      method: 'POST',
      url: '/api/v1/auth/refresh',
      payload: { refreshToken: first },
    });
    expect(replay.statusCode).toBe(401);
    expect(replay.json().error.message).toMatch(/reused/);
    const afterReplay = await t.http.inject({
      method: 'POST',
      url: '/api/v1/auth/refresh',
      payload: { refreshToken: second },
    });
    expect(afterReplay.statusCode).toBe(401);
    const me = await t.http.inject({
      method: 'GET',
      url: '/api/v1/auth/me',
      headers: { authorization: `Bearer ${access}` },
    });
    expect(me.statusCode).toBe(401);
  });

  it('logout revokes the session at once', async () => {
    const u = await t.user({ role: 'viewer' });
    const login = await t.http.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: u.username, password: TEST_PASSWORD, session: 'token' },
    });
    const { accessToken, refreshToken } = login.json();
    const out = await t.http.inject({
      method: 'POST',
      url: '/api/v1/auth/logout',
      payload: { refreshToken },
    });
    expect(out.statusCode).toBe(204);
    const me = await t.http.inject({
      method: 'GET',
      url: '/api/v1/auth/me',
      headers: { authorization: `Bearer ${accessToken}` },
    });
    expect(me.statusCode).toBe(401);
  });

  it('a password change ends every session and the new password works', async () => {
    const u = await t.user({ role: 'operator' });
    const bad = await t.http.inject({
      method: 'POST',
      url: '/api/v1/auth/password',
      headers: u.headers,
      payload: { currentPassword: 'wrong', newPassword: 'another long password' },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields[0].field).toBe('currentPassword');
    const ok = await t.http.inject({
      method: 'POST',
      url: '/api/v1/auth/password',
      headers: u.headers,
      payload: { currentPassword: TEST_PASSWORD, newPassword: 'another long password' },
    });
    expect(ok.statusCode).toBe(204);
    expect(
      (await t.http.inject({ method: 'GET', url: '/api/v1/auth/me', headers: u.headers })).statusCode,
    ).toBe(401);
    await t.login(u.username, 'another long password');
  });
});

describe('api keys', () => {
  it('is shown once, stored hashed, acts as its owner narrowed by role and customers, and can be revoked', async () => {
    const a = await t.customer();
    const b = await t.customer();
    const op = await t.user({ role: 'operator', customerIds: [a.id, b.id] });
    const created = await t.http.inject({
      method: 'POST',
      url: '/api/v1/api-keys',
      headers: op.headers,
      payload: { name: 'ci', role: 'viewer', customerIds: [a.id] },
    });
    expect(created.statusCode).toBe(201);
    const key = created.json().key as string;
    // The secret is base64url and may itself contain '_', so cut by position, not by split.
    const secret = /^wnk_[A-Za-z0-9]{12}_([A-Za-z0-9_-]{43})$/.exec(key)?.[1] as string;
    expect(secret).toHaveLength(43);

    const list = json<{ name: string; key?: string }[]>(
      await t.http.inject({ method: 'GET', url: '/api/v1/api-keys', headers: op.headers }),
    );
    expect(list.find((k) => k.name === 'ci')).toBeDefined();
    expect(JSON.stringify(list)).not.toContain(secret);
    const raw = await queryRows(t.database.db, sql`select secret_hash from api_keys`);
    expect(JSON.stringify(raw)).not.toContain(secret);

    const headers = { authorization: `Bearer ${key}` };
    const me = json<{ effectiveRole: string; effectiveCustomerIds: string[]; via: string }>(
      await t.http.inject({ method: 'GET', url: '/api/v1/auth/me', headers }),
    );
    expect(me).toMatchObject({ effectiveRole: 'viewer', via: 'api_key', effectiveCustomerIds: [a.id] });
    const customers = json<{ items: { id: string }[] }>(
      await t.http.inject({ method: 'GET', url: '/api/v1/customers', headers }),
    );
    expect(customers.items.map((c) => c.id)).toEqual([a.id]);
    // Narrowed to viewer: cannot add devices even though the owner can.
    const write = await t.http.inject({
      method: 'POST',
      url: '/api/v1/devices',
      headers,
      payload: { customerId: a.id, hostname: 'r1', mgmtIp: '10.0.0.1' },
    });
    expect(write.statusCode).toBe(403);

    const revoke = await t.http.inject({
      method: 'DELETE',
      url: `/api/v1/api-keys/${created.json().id}`,
      headers: op.headers,
    });
    expect(revoke.statusCode).toBe(204);
    expect((await t.http.inject({ method: 'GET', url: '/api/v1/auth/me', headers })).statusCode).toBe(401);
  });

  it('rejects an expiry in the past and stops working once expired', async () => {
    const u = await t.user({ role: 'viewer' });
    const past = await t.http.inject({
      method: 'POST',
      url: '/api/v1/api-keys',
      headers: u.headers,
      payload: { name: 'old', expiresAt: '2001-01-01T00:00:00Z' },
    });
    expect(past.statusCode).toBe(400);
    expect(past.json().error.fields[0].field).toBe('expiresAt');
    const soon = await t.http.inject({
      method: 'POST',
      url: '/api/v1/api-keys',
      headers: u.headers,
      payload: { name: 'soon', expiresAt: new Date(Date.now() + 1500).toISOString() },
    });
    const headers = { authorization: `Bearer ${soon.json().key}` };
    expect((await t.http.inject({ method: 'GET', url: '/api/v1/auth/me', headers })).statusCode).toBe(200);
    await new Promise((r) => setTimeout(r, 1600));
    expect((await t.http.inject({ method: 'GET', url: '/api/v1/auth/me', headers })).statusCode).toBe(401);
  });

  it('a forged key with a real prefix is refused', async () => {
    const u = await t.user({ role: 'viewer' });
    const created = await t.http.inject({
      method: 'POST',
      url: '/api/v1/api-keys',
      headers: u.headers,
      payload: { name: 'k' },
    });
    const key = created.json().key as string;
    const forged = `${key.slice(0, 17)}${'A'.repeat(43)}`;
    const res = await t.http.inject({
      method: 'GET',
      url: '/api/v1/auth/me',
      headers: { authorization: `Bearer ${forged}` },
    });
    expect(res.statusCode).toBe(401);
  });
});

describe('throttling', () => {
  it('stops a password spray over many usernames from one address', async () => {
    const limited = await testApp({
      WEBNET_LOGIN_RATE_LIMIT: '10',
      WEBNET_LOGIN_RATE_LIMIT_PER_ADDRESS: '30',
    });
    try {
      const codes: number[] = [];
      for (let i = 0; i < 40; i++) {
        const res = await limited.http.inject({
          method: 'POST',
          url: '/api/v1/auth/login',
          payload: { username: `sprayed-${i}`, password: 'Summer2026!' },
        });
        codes.push(res.statusCode);
      }
      expect(codes.slice(0, 30).every((c) => c === 401)).toBe(true);
      expect(codes.slice(30).every((c) => c === 429)).toBe(true);
      // Another address is not held back by this one.
      const other = await limited.http.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        remoteAddress: '127.0.0.2',
        payload: { username: 'sprayed-0', password: 'Summer2026!' },
      });
      expect(other.statusCode).toBe(401);
    } finally {
      await limited.stop();
    }
  });

  it('throttles guesses of the current password in a password change', async () => {
    const limited = await testApp({ WEBNET_LOGIN_RATE_LIMIT: '5' });
    try {
      const u = await limited.user({ role: 'viewer' });
      const codes: number[] = [];
      for (let i = 0; i < 15; i++) {
        const res = await limited.http.inject({
          method: 'POST',
          url: '/api/v1/auth/password',
          headers: u.headers,
          payload: { currentPassword: `guess-${i}`, newPassword: 'another long password' },
        });
        codes.push(res.statusCode);
      }
      expect(codes.slice(0, 5)).toEqual([400, 400, 400, 400, 400]);
      expect(codes.slice(5).every((c) => c === 429)).toBe(true);
    } finally {
      await limited.stop();
    }
  });
});

describe('CSRF on the public session routes', () => {
  async function cookieLogin() {
    const u = await t.user({ role: 'viewer' });
    const res = await t.http.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: u.username, password: TEST_PASSWORD },
    });
    return { cookies: cookiesOf(res), csrf: res.json().csrfToken as string };
  }

  it('logout with the session cookie needs the CSRF header', async () => {
    const { cookies, csrf } = await cookieLogin();
    const forged = await t.http.inject({ method: 'POST', url: '/api/v1/auth/logout', cookies, payload: {} });
    expect(forged.statusCode).toBe(403);
    expect(forged.json().error.code).toBe('csrf_failed');
    // The session survived the forged request.
    expect((await t.http.inject({ method: 'GET', url: '/api/v1/auth/me', cookies })).statusCode).toBe(200);
    const real = await t.http.inject({
      method: 'POST',
      url: '/api/v1/auth/logout',
      cookies,
      payload: {},
      headers: { 'x-csrf-token': csrf },
    });
    expect(real.statusCode).toBe(204);
    const refreshed = await t.http.inject({
      method: 'POST',
      url: '/api/v1/auth/refresh',
      cookies,
      payload: {},
      headers: { 'x-csrf-token': csrf },
    });
    expect(refreshed.statusCode).toBe(401);
  });

  it('refresh with the refresh cookie needs the CSRF header', async () => {
    const { cookies, csrf } = await cookieLogin();
    const forged = await t.http.inject({ method: 'POST', url: '/api/v1/auth/refresh', cookies, payload: {} });
    expect(forged.statusCode).toBe(403);
    const real = await t.http.inject({
      method: 'POST',
      url: '/api/v1/auth/refresh',
      cookies,
      payload: {},
      headers: { 'x-csrf-token': csrf },
    });
    expect(real.statusCode).toBe(200);
  });
});
