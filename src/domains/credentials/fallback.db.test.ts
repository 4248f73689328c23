import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, type TestApp, testApp } from '../../../tests/helpers/app.ts';
import { type LabInventory, labInventory, runJob } from '../../../tests/helpers/lab.ts';
import { queryRows } from '../../platform/db/client.ts';

/**
 * A device without a credential of its own tries the customer's in order of priority, within
 * their scope, the next only when a login is refused; it remembers the one that worked, the job
 * names it, and once every one is refused they are not tried on it again for a while.
 */
let t: TestApp;
let inv: LabInventory;
let admin: { headers: { authorization: string } };
let customer: { id: string };
let labName = '';

type Result = {
  hostname: string;
  status: string;
  errorCategory: string | null;
  error: string | null;
  credentialName: string | null;
  attempts: number;
};

const results = async (jobId: string) =>
  new Map(
    json<{ items: Result[] }>(
      await t.http.inject({ method: 'GET', url: `/api/v1/jobs/${jobId}/devices`, headers: admin.headers }),
    ).items.map((r) => [r.hostname, r]),
  );

const credential = async (payload: object) => {
  const res = await t.http.inject({
    method: 'POST',
    url: '/api/v1/credentials',
    headers: admin.headers,
    payload: { customerId: customer.id, ...payload },
  });
  expect(res.statusCode, res.body).toBe(201);
  return json<{ id: string; name: string; priority: number; scope: unknown }>(res);
};

beforeAll(async () => {
  t = await testApp({ WEBNET_WORKER_CONCURRENCY: '4' });
  customer = await t.customer();
  admin = await t.user({ role: 'admin', customerIds: [customer.id] });
  inv = await labInventory(t, customer.id, { devices: 3, topology: 'flat', platform: 'cisco_ios' });
  const [lab] = await queryRows<{ name: string }>(
    t.database.db,
    sql`select name from credentials where id = ${inv.credentialId}`,
  );
  labName = lab!.name;
  // The lab's working credential last; a wrong one first; a right one scoped to another site.
  await credential({ name: 'wrong-first', username: 'admin', password: 'not-it', priority: 10 });
  const scoped = await credential({
    name: 'other-site',
    username: 'admin',
    password: 'lab-password',
    enableSecret: 'lab-enable',
    priority: 5,
    scope: { site: ['elsewhere'] },
  });
  expect(scoped).toMatchObject({ priority: 5, scope: { site: ['elsewhere'] } });
  await t.database.db.execute(sql`update devices set site = 'hq' where customer_id = ${customer.id}`);
  // Devices 0 and 2 have no credential of their own; device 1 keeps the lab's.
  await t.database.db.execute(
    sql`update devices set credential_id = null where id in (${inv.devices[0]!.id}, ${inv.devices[2]!.id})`,
  );
}, 60_000);
afterAll(async () => {
  await t?.stop();
  await inv?.lab.stop();
});

describe('credential fallback', () => {
  it('tries the customer’s credentials in order within their scope, names and remembers the one that worked', async () => {
    const job = await runJob(t, admin.headers, { type: 'config_backup', targets: { filter: {} } });
    expect(job).toMatchObject({ status: 'success', succeeded: 3 });
    const r = await results(job.id);
    // "other-site" would log in too, but its scope leaves these devices out; "wrong-first" is refused.
    expect(r.get(inv.devices[0]!.hostname)).toMatchObject({
      status: 'success',
      credentialName: labName,
      attempts: 1,
    });
    expect(r.get(inv.devices[1]!.hostname)).toMatchObject({ status: 'success', credentialName: labName });
    const [learned] = await queryRows<{ learned: string | null }>(
      t.database.db,
      sql`select learned_credential_id as learned from devices where id = ${inv.devices[0]!.id}`,
    );
    expect(learned!.learned).toBe(inv.credentialId);
  });

  it('never falls back for a device with a credential of its own', async () => {
    await inv.lab.setFaults(inv.devices[1]!.hostname, { wrongPassword: true });
    try {
      const job = await runJob(t, admin.headers, {
        type: 'config_backup',
        targets: { deviceIds: [inv.devices[1]!.id] },
        options: { retries: 0 },
      });
      const r = (await results(job.id)).get(inv.devices[1]!.hostname)!;
      expect(r).toMatchObject({ status: 'failed', errorCategory: 'auth' });
      expect(r.error).not.toContain('each credential');
    } finally {
      await inv.lab.setFaults(inv.devices[1]!.hostname, {});
    }
  });

  it('says which were refused when all are, then leaves the device alone for a while', async () => {
    const victim = inv.devices[2]!;
    await inv.lab.setFaults(victim.hostname, { wrongPassword: true });
    try {
      const first = await runJob(t, admin.headers, {
        type: 'config_backup',
        targets: { deviceIds: [victim.id] },
        options: { retries: 0 },
      });
      const r = (await results(first.id)).get(victim.hostname)!;
      expect(r).toMatchObject({ status: 'failed', errorCategory: 'auth' });
      // The one that logged in last time is tried first, then the rest by priority.
      expect(r.error).toBe(
        `authentication failed with each credential this device may try: ${labName}, wrong-first`,
      );
      // The device is fixed, but within the pause nothing is tried on it.
      await inv.lab.setFaults(victim.hostname, {});
      const second = await runJob(t, admin.headers, {
        type: 'config_backup',
        targets: { deviceIds: [victim.id] },
        options: { retries: 0 },
      });
      const again = (await results(second.id)).get(victim.hostname)!;
      expect(again.error).toMatch(
        /^every credential this device may try was refused at .+; they are tried again after /,
      );
      // After the pause (moved back here), the next job logs in and clears it.
      await t.database.db.execute(
        sql`update devices set credentials_failed_at = now() - interval '11 minutes' where id = ${victim.id}`,
      );
      const third = await runJob(t, admin.headers, {
        type: 'config_backup',
        targets: { deviceIds: [victim.id] },
      });
      expect((await results(third.id)).get(victim.hostname)).toMatchObject({
        status: 'success',
        credentialName: labName,
      });
      const [row] = await queryRows<{ failed: string | null }>(
        t.database.db,
        sql`select credentials_failed_at as failed from devices where id = ${victim.id}`,
      );
      expect(row!.failed).toBeNull();
    } finally {
      await inv.lab.setFaults(victim.hostname, {});
    }
  });
});
