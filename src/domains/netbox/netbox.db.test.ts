import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, type TestApp, testApp } from '../../../tests/helpers/app.ts';
import {
  type NetboxDevice,
  recordedDevices,
  startFakeNetbox,
  statusOf,
} from '../../../tests/helpers/fake-netbox.ts';
import { runJob, waitForJob } from '../../../tests/helpers/lab.ts';
import { queryRows } from '../../platform/db/client.ts';

const TOKEN = '0123456789abcdef0123456789abcdef01234567';

let t: TestApp;
let nb: Awaited<ReturnType<typeof startFakeNetbox>>;
let customer: { id: string };
let admin: { headers: { authorization: string } };
let operator: { headers: { authorization: string } };
let viewer: { headers: { authorization: string } };

/** pynetbox's recorded devices, with what a sync reads filled in where the recording had none. */
function netbox(): NetboxDevice[] {
  const list = recordedDevices();
  const by = (name: string) => list.find((d) => d.name === name)!;
  by('test1-leaf1').primary_ip4 = { id: 40, family: 4, address: '10.0.253.1/31' };
  by('test1-edge1').tags = [{ id: 1, name: 'Internet', slug: 'internet', color: 'ff0000' }];
  by('test1-core2').custom_fields = { ssh_port: 2222 };
  by('test1-spine1').status = statusOf('planned');
  by('test1-spine1').primary_ip4 = { id: 41, family: 4, address: '10.0.252.1/32' };
  return list;
}

type Plan = {
  fetched: number;
  applied: boolean;
  create: { netboxId: number; hostname: string; fields: Record<string, unknown> }[];
  update: { hostname: string; changes: Record<string, { from: unknown; to: unknown }> }[];
  disable: { hostname: string }[];
  skipped: { name: string; reason: string }[];
  unchanged: number;
};

async function sync(apply: boolean) {
  const job = await runJob(t, operator.headers, {
    type: 'netbox_sync',
    payload: { customerId: customer.id, apply },
  });
  const devices = await t.http.inject({
    method: 'GET',
    url: `/api/v1/jobs/${job.id}/devices?output=true`,
    headers: admin.headers,
  });
  const row = json<{ items: { output: Plan | null; error: string | null; errorCategory: string | null }[] }>(
    devices,
  ).items[0]!;
  if (job.status === 'success' && !row.output) throw new Error(`no output: ${devices.body}`);
  return { job, plan: row.output, error: row.error, category: row.errorCategory };
}

const inventory = () =>
  queryRows<{
    hostname: string;
    mgmt_ip: string;
    platform: string;
    role: string;
    site: string;
    tags: string[];
    port: number;
    enabled: boolean;
    netbox_id: number | null;
    credential_id: string | null;
  }>(
    t.database.db,
    sql`select hostname, host(mgmt_ip) as mgmt_ip, platform, role, site, tags, port, enabled, netbox_id, credential_id
        from devices where customer_id = ${customer.id} order by hostname`,
  );

async function source(body: Record<string, unknown>, headers = admin.headers) {
  return t.http.inject({
    method: 'PUT',
    url: `/api/v1/customers/${customer.id}/netbox`,
    headers,
    payload: body,
  });
}

beforeAll(async () => {
  t = await testApp();
  customer = await t.customer();
  admin = await t.user({ role: 'admin', customerIds: [customer.id] });
  operator = await t.user({ role: 'operator', customerIds: [customer.id] });
  viewer = await t.user({ role: 'viewer', customerIds: [customer.id] });
  // Four devices a page: the sync must follow `next` through every page.
  nb = await startFakeNetbox(TOKEN, netbox(), 4);
});
afterAll(async () => {
  await t?.stop();
  await nb?.close();
});

describe('NetBox as the inventory source', () => {
  it('keeps the token write-only and sealed; admins set the source, others read it', async () => {
    const first = await source({ url: nb.url });
    expect(first.statusCode).toBe(400);
    expect(json<{ error: { fields: { field: string }[] } }>(first).error.fields[0]!.field).toBe('token');
    const bad = await source({ url: 'netbox.example.net', token: TOKEN });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('url');
    expect((await source({ url: nb.url, token: TOKEN }, operator.headers)).statusCode).toBe(403);

    const res = await source({
      url: nb.url,
      token: TOKEN,
      customFields: { ssh_port: 'port' },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(json(res)).toMatchObject({
      hasToken: true,
      filters: { status: ['active'] },
      disableMissing: true,
    });
    expect(res.body).not.toContain(TOKEN);
    const read = await t.http.inject({
      method: 'GET',
      url: `/api/v1/customers/${customer.id}/netbox`,
      headers: viewer.headers,
    });
    expect(read.statusCode).toBe(200);
    expect(read.body).not.toContain(TOKEN);
    const dump = JSON.stringify(await queryRows(t.database.db, sql`select * from netbox_sources`));
    expect(dump).not.toContain(TOKEN);
    const audit = JSON.stringify(await queryRows(t.database.db, sql`select details from audit_events`));
    expect(audit).not.toContain(TOKEN);
    const other = await t.customer();
    const stranger = await t.user({ role: 'admin', customerIds: [other.id] });
    const theirs = await t.http.inject({
      method: 'GET',
      url: `/api/v1/customers/${customer.id}/netbox`,
      headers: stranger.headers,
    });
    expect(theirs.statusCode).toBe(404);
  });

  it('a dry run shows what would be created and skipped, through every page, and changes nothing', async () => {
    nb.requests.length = 0;
    const { job, plan } = await sync(false);
    expect(job.status).toBe('success');
    expect(plan!.applied).toBe(false);
    // 11 devices, one of them planned (the default filter takes active ones).
    expect(plan!.fetched).toBe(10);
    expect(plan!.create.map((c) => c.hostname).sort()).toEqual([
      'test1-core1',
      'test1-core2',
      'test1-edge1',
      'test1-edge2',
      'test1-leaf1',
    ]);
    expect(plan!.skipped).toContainEqual({
      netboxId: 9,
      name: 'test1-oob1',
      reason: 'it has no primary IP in NetBox',
    });
    expect(plan!.skipped).toHaveLength(5);
    // Three pages of four, each with the token and the filter.
    expect(nb.requests.map((r) => new URL(r.url, nb.url).searchParams.get('offset'))).toEqual([
      '0',
      '4',
      '8',
    ]);
    expect(nb.requests.every((r) => r.authorization === `Token ${TOKEN}`)).toBe(true);
    expect(nb.requests.every((r) => r.url.includes('status=active'))).toBe(true);
    expect(await inventory()).toEqual([]);
  });

  it('apply creates the devices with NetBox’s fields and its id', async () => {
    const { plan } = await sync(true);
    expect(plan!.applied).toBe(true);
    const devices = await inventory();
    expect(devices.map((d) => d.hostname)).toEqual([
      'test1-core1',
      'test1-core2',
      'test1-edge1',
      'test1-edge2',
      'test1-leaf1',
    ]);
    expect(devices.find((d) => d.hostname === 'test1-core1')).toMatchObject({
      mgmt_ip: '10.0.254.1',
      platform: 'juniper_junos',
      role: 'core-switch',
      site: 'test1',
      port: 22,
      netbox_id: 2,
      enabled: true,
    });
    expect(devices.find((d) => d.hostname === 'test1-core2')!.port).toBe(2222);
    expect(devices.find((d) => d.hostname === 'test1-edge1')!.tags).toEqual(['internet']);
    // A second run finds nothing to do.
    const again = await sync(false);
    expect(again.plan).toMatchObject({ create: [], update: [], disable: [], unchanged: 5 });
  });

  it('follows NetBox: an update names each field, a device gone is disabled (never deleted), and back again', async () => {
    const edge1 = nb.devices.find((d) => d.name === 'test1-edge1')!;
    edge1.role = { id: 9, slug: 'border-router', name: 'Border router' };
    const gone = nb.devices.findIndex((d) => d.name === 'test1-edge2');
    const [edge2] = nb.devices.splice(gone, 1);
    const dry = await sync(false);
    expect(dry.plan!.update).toEqual([
      expect.objectContaining({
        hostname: 'test1-edge1',
        changes: { role: { from: 'router', to: 'border-router' } },
      }),
    ]);
    expect(dry.plan!.disable.map((d) => d.hostname)).toEqual(['test1-edge2']);
    await sync(true);
    let devices = await inventory();
    expect(devices.find((d) => d.hostname === 'test1-edge1')!.role).toBe('border-router');
    expect(devices.find((d) => d.hostname === 'test1-edge2')).toMatchObject({ enabled: false, netbox_id: 7 });
    const audit = await queryRows<{ details: { disabled: string[] } }>(
      t.database.db,
      sql`select details from audit_events where action = 'netbox.sync' order by at desc limit 1`,
    );
    expect(audit[0]!.details.disabled).toEqual(['test1-edge2']);

    nb.devices.push(edge2!);
    const back = await sync(true);
    expect(back.plan!.update).toEqual([
      expect.objectContaining({ hostname: 'test1-edge2', changes: { enabled: { from: false, to: true } } }),
    ]);
    devices = await inventory();
    expect(devices.find((d) => d.hostname === 'test1-edge2')!.enabled).toBe(true);
  });

  it('adopts a device that was there first by its name, keeping what is webnet’s own', async () => {
    const cred = await t.http.inject({
      method: 'POST',
      url: '/api/v1/credentials',
      headers: admin.headers,
      payload: { customerId: customer.id, name: 'spine', username: 'netops', password: 'x' },
    });
    const made = await t.http.inject({
      method: 'POST',
      url: '/api/v1/devices',
      headers: admin.headers,
      payload: {
        customerId: customer.id,
        hostname: 'test1-spine1',
        mgmtIp: '10.0.252.1',
        credentialId: json<{ id: string }>(cred).id,
      },
    });
    expect(made.statusCode, made.body).toBe(201);
    const spine = nb.devices.find((d) => d.name === 'test1-spine1')!;
    spine.status = statusOf('active');
    const { plan } = await sync(true);
    expect(plan!.update).toEqual([
      expect.objectContaining({
        hostname: 'test1-spine1',
        changes: {
          platform: { from: '', to: 'juniper_junos' },
          role: { from: '', to: 'spine-switch' },
          site: { from: '', to: 'test1' },
          vendor: { from: '', to: 'juniper' },
          netboxId: { from: null, to: 3 },
        },
      }),
    ]);
    const row = (await inventory()).find((d) => d.hostname === 'test1-spine1')!;
    expect(row).toMatchObject({ netbox_id: 3, credential_id: json<{ id: string }>(cred).id });
  });

  it('asks NetBox with the source’s filters, and says what NetBox refused', async () => {
    expect(
      (await source({ url: nb.url, filters: { site: ['test1'], role: ['router', 'border-router'] } }))
        .statusCode,
    ).toBe(200);
    nb.requests.length = 0;
    const { plan } = await sync(false);
    expect(nb.requests[0]!.url).toContain('site=test1&role=router&role=border-router');
    expect(plan!.fetched).toBe(2);
    // Everything else it synced before is not listed now: disabled by an apply, shown by the dry run.
    expect(plan!.disable.length).toBeGreaterThan(0);

    await source({ url: nb.url, filters: { site: ['nowhere'] } });
    const refused = await sync(false);
    expect(refused.job.status).toBe('failed');
    expect(refused.error).toBe(
      'NetBox answered 400: site: Select a valid choice. nowhere is not one of the available choices.',
    );
  });

  it('a refused token fails as auth; an outage is retried, then fails', async () => {
    await source({ url: nb.url, token: 'ffffffffffffffffffffffffffffffffffffffff', filters: {} });
    const denied = await sync(false);
    expect(denied.job.status).toBe('failed');
    expect(denied.category).toBe('auth');
    expect(denied.error).toBe('NetBox refused the token (403: Invalid token)');

    await source({ url: nb.url, token: TOKEN, filters: {} });
    nb.failNext(502, 503);
    const recovered = await sync(false);
    expect(recovered.job.status).toBe('success');
    expect(recovered.plan!.fetched).toBe(11);

    nb.failNext(503, 503, 503, 503, 503, 503, 503, 503, 503, 503, 503, 503);
    const res = await t.http.inject({
      method: 'POST',
      url: '/api/v1/jobs',
      headers: operator.headers,
      payload: { type: 'netbox_sync', payload: { customerId: customer.id }, options: { retries: 0 } },
    });
    const down = await waitForJob(t, operator.headers, json<{ id: string }>(res).id);
    expect(down.status).toBe('failed');
    nb.failNext();

    // A customer's admin cannot aim the sync at the cloud's instance metadata.
    await source({ url: 'http://169.254.169.254/', filters: {} });
    const metadata = await sync(false);
    expect(metadata.job.status).toBe('failed');
    expect(metadata.error).toMatch(/169\.254\.169\.254 is a link-local/);
  });

  it('can be scheduled like any job, and needs a source to start', async () => {
    const schedule = await t.http.inject({
      method: 'POST',
      url: '/api/v1/schedules',
      headers: operator.headers,
      payload: {
        name: 'netbox nightly',
        job: { type: 'netbox_sync', payload: { customerId: customer.id, apply: true } },
        kind: 'interval',
        intervalMinutes: 60,
      },
    });
    expect(schedule.statusCode, schedule.body).toBe(201);
    const other = await t.customer();
    const otherAdmin = await t.user({ role: 'admin', customerIds: [other.id] });
    const none = await t.http.inject({
      method: 'POST',
      url: '/api/v1/jobs',
      headers: otherAdmin.headers,
      payload: { type: 'netbox_sync', payload: { customerId: other.id } },
    });
    expect(none.statusCode).toBe(400);
    expect(none.body).toContain('payload.customerId');
  });
});
