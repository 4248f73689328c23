/**
 * Property: whatever a client sends to any route, the answer is a 2xx or a 4xx in the one
 * error shape, never a 500, and seeded data survives. Runs as a global admin so requests
 * reach as deep into the services as any client could.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, testApp } from './helpers/app.ts';

let t: TestApp;
let headers: { authorization: string };
let deviceId: string;

const hostile = fc.constantFrom(
  "' OR 1=1 --",
  "'; drop table devices; --",
  '<script>alert(1)</script>',
  '../../etc/passwd',
  '\u0000',
  '%00',
  '\uD800',
  '𝕏'.repeat(300),
  'a'.repeat(100_000),
  '10.0.0.0/33',
  '999.999.999.999',
  '-1',
  '1e309',
  'NaN',
  '{}',
  '__proto__',
  'constructor',
);
const value: fc.Arbitrary<unknown> = fc.oneof(
  hostile,
  fc.string(),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.oneof(hostile, fc.string(), fc.integer()), { maxLength: 3 }),
  fc.dictionary(fc.string(), fc.oneof(fc.string(), fc.integer()), { maxKeys: 3 }),
);
const fieldNames = fc.constantFrom(
  'name',
  'hostname',
  'mgmtIp',
  'customerId',
  'customerIds',
  'ids',
  'action',
  'username',
  'password',
  'role',
  'port',
  'tags',
  'enabled',
  'cidr',
  'credentialId',
  'expiresAt',
  'refreshToken',
  'session',
  'allCustomers',
  'currentPassword',
  'newPassword',
  '__proto__',
  'constructor',
  'extra',
);
const body = fc.oneof(
  fc.dictionary(fieldNames, value, { maxKeys: 6 }),
  value,
  fc.string().map((s) => `hostname,mgmt_ip\n${s}`),
);
const query = fc.dictionary(
  fc.constantFrom(
    'page',
    'pageSize',
    'sort',
    'q',
    'customerId',
    'vendor',
    'tag',
    'enabled',
    'reachability',
    'dryRun',
    'since',
    'role',
  ),
  fc.oneof(hostile, fc.string(), fc.integer().map(String)),
  { maxKeys: 4 },
);
const param = fc.oneof(fc.uuid(), hostile, fc.string({ minLength: 1 }));

/** A lone surrogate cannot be URI-encoded; send it as the invalid UTF-8 a hostile client would. */
function encodePath(s: string): string {
  try {
    return encodeURIComponent(s);
  } catch {
    return '%ED%A0%80';
  }
}

beforeAll(async () => {
  t = await testApp();
  const admin = await t.user({ role: 'admin', allCustomers: true });
  headers = admin.headers;
  const c = await t.customer('fuzz-customer');
  const d = await t.http.inject({
    method: 'POST',
    url: '/api/v1/devices',
    headers,
    payload: { customerId: c.id, hostname: 'survivor', mgmtIp: '10.0.0.1' },
  });
  deviceId = d.json().id;
});
afterAll(() => t.stop());

describe('hostile input on every route', () => {
  it('never answers 5xx, and every 4xx has the error shape', async () => {
    const routes = t.http.routeList.filter((r) => r.url.startsWith('/api/v1/'));
    for (const route of routes) {
      await fc.assert(
        fc.asyncProperty(body, query, param, fc.boolean(), async (payload, q, p, asJson) => {
          const url = route.url.replace(/:\w+/g, encodePath(String(p)));
          const send =
            route.method === 'GET' || route.method === 'DELETE'
              ? {}
              : {
                  payload:
                    asJson || typeof payload !== 'string' ? (JSON.stringify(payload) ?? 'null') : payload,
                };
          const res = await t.http.inject({
            method: route.method as 'POST',
            url,
            query: q as Record<string, string>,
            headers: { ...headers, 'content-type': asJson ? 'application/json' : 'text/csv' },
            ...send,
          });
          expect(res.statusCode, `${route.method} ${url} -> ${res.body.slice(0, 300)}`).toBeLessThan(500);
          if (res.statusCode >= 400) {
            const label = `${route.method} ${route.url} ${res.statusCode} ${res.body.slice(0, 200)}`;
            expect(res.json(), label).toHaveProperty('error.code');
            expect(res.json(), label).toHaveProperty('error.message');
          }
        }),
        { numRuns: 25, seed: 42 },
      );
    }
    const survivor = await t.http.inject({ method: 'GET', url: `/api/v1/devices/${deviceId}`, headers });
    expect(survivor.json().hostname).toBe('survivor');
  });

  it('refuses a body over the limit with 413 and a malformed JSON with 400', async () => {
    const big = await t.http.inject({
      method: 'POST',
      url: '/api/v1/customers',
      headers: { ...headers, 'content-type': 'application/json' },
      payload: JSON.stringify({ name: 'x', description: 'y'.repeat(11 * 1024 * 1024) }),
    });
    expect(big.statusCode).toBe(413);
    expect(big.json().error.code).toBeDefined();
    const broken = await t.http.inject({
      method: 'POST',
      url: '/api/v1/customers',
      headers: { ...headers, 'content-type': 'application/json' },
      payload: '{"name": ',
    });
    expect(broken.statusCode).toBe(400);
  });

  it('stores SQL and HTML in free text as text', async () => {
    const c = await t.http.inject({
      method: 'POST',
      url: '/api/v1/customers',
      headers,
      payload: { name: "Robert'); DROP TABLE customers;--", description: '<img src=x onerror=alert(1)>' },
    });
    expect(c.statusCode).toBe(201);
    const back = await t.http.inject({ method: 'GET', url: `/api/v1/customers/${c.json().id}`, headers });
    expect(back.json()).toMatchObject({
      name: "Robert'); DROP TABLE customers;--",
      description: '<img src=x onerror=alert(1)>',
    });
    expect(back.headers['content-type']).toMatch(/application\/json/);
  });
});
