import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, testApp } from '../../../tests/helpers/app.ts';
import { queryRows } from '../../platform/db/client.ts';
import { systemActor } from '../../platform/tenancy.ts';
import { openCredential } from './service.ts';

let t: TestApp;
let customer: { id: string };
let admin: { headers: { authorization: string } };

const PASSWORD = 'Pl41n-Text-P4ssword!';
const ENABLE = 'en4ble-s3cret-value';

beforeAll(async () => {
  t = await testApp();
  customer = await t.customer();
  admin = await t.user({ role: 'admin', customerIds: [customer.id] });
});
afterAll(() => t.stop());

describe('credentials', () => {
  it('never answers with a secret, and the table holds no plaintext', async () => {
    const res = await t.http.inject({
      method: 'POST',
      url: '/api/v1/credentials',
      headers: admin.headers,
      payload: {
        customerId: customer.id,
        name: 'core-rw',
        username: 'netadmin',
        password: PASSWORD,
        enableSecret: ENABLE,
      },
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      name: 'core-rw',
      username: 'netadmin',
      hasPassword: true,
      hasEnableSecret: true,
      hasPrivateKey: false,
    });
    expect(res.body).not.toContain(PASSWORD);
    const list = await t.http.inject({ method: 'GET', url: '/api/v1/credentials', headers: admin.headers });
    expect(list.body).not.toContain(PASSWORD);
    expect(list.body).not.toContain('wn1.');

    const dump = JSON.stringify(await queryRows(t.database.db, sql`select * from credentials`));
    expect(dump).not.toContain(PASSWORD);
    expect(dump).not.toContain(ENABLE);
    expect(dump).toContain('wn1.t1.');
    const audit = await queryRows(t.database.db, sql`select * from audit_events`);
    expect(JSON.stringify(audit)).not.toContain(PASSWORD);

    const opened = await openCredential(t.database.db, t.secrets, systemActor(), res.json().id);
    expect(opened).toEqual({
      username: 'netadmin',
      password: PASSWORD,
      enableSecret: ENABLE,
      privateKey: undefined,
    });
  });

  it('keeps a secret left out of a patch, clears it with null', async () => {
    const created = await t.http.inject({
      method: 'POST',
      url: '/api/v1/credentials',
      headers: admin.headers,
      payload: { customerId: customer.id, name: 'edge', username: 'u', password: 'p1', enableSecret: 'e1' },
    });
    const id = created.json().id;
    const patched = await t.http.inject({
      method: 'PATCH',
      url: `/api/v1/credentials/${id}`,
      headers: admin.headers,
      payload: { username: 'u2', enableSecret: null },
    });
    expect(patched.json()).toMatchObject({ username: 'u2', hasPassword: true, hasEnableSecret: false });
    expect(await openCredential(t.database.db, t.secrets, systemActor(), id)).toMatchObject({
      password: 'p1',
      enableSecret: undefined,
    });
  });

  it('tells an empty enable secret from none: "" is kept (answered with Enter), null clears', async () => {
    const created = await t.http.inject({
      method: 'POST',
      url: '/api/v1/credentials',
      headers: admin.headers,
      payload: {
        customerId: customer.id,
        name: 'empty-enable',
        username: 'u',
        password: 'p1',
        enableSecret: '',
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({ hasPassword: true, hasEnableSecret: true });
    const id = created.json().id;
    expect(await openCredential(t.database.db, t.secrets, systemActor(), id)).toMatchObject({
      password: 'p1',
      enableSecret: '',
    });
    const cleared = await t.http.inject({
      method: 'PATCH',
      url: `/api/v1/credentials/${id}`,
      headers: admin.headers,
      payload: { enableSecret: null },
    });
    expect(cleared.json()).toMatchObject({ hasEnableSecret: false });
    expect((await openCredential(t.database.db, t.secrets, systemActor(), id)).enableSecret).toBeUndefined();
  });

  it('a ciphertext moved to another row does not decrypt', async () => {
    const a = await t.http.inject({
      method: 'POST',
      url: '/api/v1/credentials',
      headers: admin.headers,
      payload: { customerId: customer.id, name: 'a', username: 'a', password: 'aaa' },
    });
    const b = await t.http.inject({
      method: 'POST',
      url: '/api/v1/credentials',
      headers: admin.headers,
      payload: { customerId: customer.id, name: 'b', username: 'b', password: 'bbb' },
    });
    await t.database.db.execute(
      sql`update credentials set password_enc = (select password_enc from credentials where id = ${a.json().id}) where id = ${b.json().id}`,
    );
    await expect(openCredential(t.database.db, t.secrets, systemActor(), b.json().id)).rejects.toThrow();
  });

  it('only admins manage credentials; names are unique per customer', async () => {
    const op = await t.user({ role: 'operator', customerIds: [customer.id] });
    const denied = await t.http.inject({
      method: 'POST',
      url: '/api/v1/credentials',
      headers: op.headers,
      payload: { customerId: customer.id, name: 'x', username: 'x' },
    });
    expect(denied.statusCode).toBe(403);
    const dup = await t.http.inject({
      method: 'POST',
      url: '/api/v1/credentials',
      headers: admin.headers,
      payload: { customerId: customer.id, name: 'CORE-RW', username: 'x' },
    });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error.fields[0].field).toBe('name');
    const badKey = await t.http.inject({
      method: 'POST',
      url: '/api/v1/credentials',
      headers: admin.headers,
      payload: { customerId: customer.id, name: 'k', username: 'x', privateKey: 'not a key' },
    });
    expect(badKey.statusCode).toBe(400);
    expect(badKey.json().error.fields[0].field).toBe('privateKey');
  });
});
