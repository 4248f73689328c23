import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, type TestApp, testApp } from '../../../tests/helpers/app.ts';
import { runJob, waitForJob } from '../../../tests/helpers/lab.ts';
import { freePort } from '../../../tests/helpers/net.ts';
import { Lab } from '../../lab/server.ts';
import { generateNetwork } from '../../lab/topology.ts';
import { queryRows } from '../../platform/db/client.ts';
import { systemActor } from '../../platform/tenancy.ts';
import { createCredential } from '../credentials/service.ts';

/**
 * A sweep of a range holding lab devices webnet does not know (one speaking only telnet) and
 * two it does (one by address, one by hostname), with the customer's credentials tried in
 * order; then the new ones added to the inventory in one step and backed up.
 */
let t: TestApp;
let lab: Lab;
let customerId: string;
let operator: { headers: { authorization: string } };
let viewer: { headers: { authorization: string } };
/** The lab's SSH (and telnet) port on each of its addresses: a free one, not to meet a running lab's. */
let port = 0;

type Found = {
  id: string;
  address: string;
  transport: string;
  banner: string;
  platform: string;
  hostname: string;
  serial: string;
  credentialName: string | null;
  status: string;
  match: string | null;
  note: string;
};

const discover = (payload: Record<string, unknown>, headers = operator.headers) =>
  t.http.inject({
    method: 'POST',
    url: '/api/v1/jobs',
    headers,
    payload: { type: 'network_discovery', payload },
  });

beforeAll(async () => {
  t = await testApp();
  const customer = await t.customer();
  customerId = customer.id;
  operator = await t.user({ role: 'operator', customerIds: [customerId] });
  viewer = await t.user({ role: 'viewer', customerIds: [customerId] });
  port = await freePort();
  const network = generateNetwork({ devices: 6, topology: 'flat', firstAddress: '127.61.0.10', port });
  network[5]!.transport = 'telnet';
  lab = await Lab.start(network);
  const system = systemActor('test');
  // A wrong credential first: the right one is reached by the fallback order.
  for (const [name, password, priority] of [
    ['wrong', 'not-it', 1],
    ['lab', 'lab-password', 2],
  ] as const)
    await createCredential(t.database.db, t.secrets, system, {
      customerId,
      name,
      username: 'admin',
      password,
      enableSecret: 'lab-enable',
      priority,
    });
  const add = (hostname: string, mgmtIp: string) =>
    t.http.inject({
      method: 'POST',
      url: '/api/v1/devices',
      headers: operator.headers,
      payload: { customerId, hostname, mgmtIp, port },
    });
  expect((await add('known-by-address', network[0]!.address)).statusCode).toBe(201);
  expect((await add(network[1]!.hostname, '192.0.2.77')).statusCode).toBe(201);
}, 60_000);
afterAll(async () => {
  await t?.stop();
  await lab?.stop();
});

describe('network_discovery', () => {
  let found: Found[] = [];

  it('finds every device of the range, reads the ones a credential opens, and tells new from known', async () => {
    const job = await runJob(t, operator.headers, {
      type: 'network_discovery',
      payload: {
        customerId,
        ranges: ['127.61.0.0/26'],
        sshPort: port,
        telnetPort: port,
        connectTimeoutMs: 1000,
      },
    });
    expect(job).toMatchObject({ status: 'success', total: 1 });
    found = json<{ items: Found[] }>(
      await t.http.inject({
        method: 'GET',
        url: `/api/v1/discovery?jobId=${job.id}`,
        headers: viewer.headers,
      }),
    ).items;
    expect(found.map((f) => f.address).sort()).toEqual(lab.devices.map((d) => d.address).sort());
    for (const d of lab.devices) {
      const f = found.find((x) => x.address === d.address)!;
      expect(f, d.hostname).toMatchObject({
        platform: d.platform,
        hostname: d.hostname,
        // A Linux host's facts carry no serial (NAPALM's Linux facts have none either).
        serial: d.platform === 'linux' ? '' : d.serial,
        credentialName: 'lab',
        transport: d.transport ?? 'ssh',
        note: '',
      });
      if (f.transport === 'ssh') expect(f.banner).toBe('SSH-2.0-webnet_lab');
    }
    const byAddress = (a: string) => found.find((f) => f.address === a)!;
    expect(byAddress(lab.devices[0]!.address)).toMatchObject({ status: 'known', match: 'address' });
    expect(byAddress(lab.devices[1]!.address)).toMatchObject({ status: 'known', match: 'hostname' });
    expect(found.filter((f) => f.status === 'new')).toHaveLength(4);
  });

  it('adds the new ones to the inventory in one step, and they back up at once', async () => {
    const fresh = found.filter((f) => f.status === 'new');
    const res = await t.http.inject({
      method: 'POST',
      url: '/api/v1/discovery/add',
      headers: operator.headers,
      payload: { ids: found.map((f) => f.id), site: 'lab', tags: ['discovered'] },
    });
    expect(res.statusCode).toBe(200);
    const { added, skipped } = json<{
      added: { deviceId: string; hostname: string }[];
      skipped: { reason: string }[];
    }>(res);
    expect(added.map((a) => a.hostname).sort()).toEqual(fresh.map((f) => f.hostname).sort());
    expect(skipped.map((s) => s.reason).sort()).toEqual([
      'already in the inventory (same address)',
      'already in the inventory (same hostname)',
    ]);
    const device = json<{
      platform: string;
      site: string;
      tags: string[];
      transport: string;
      facts: { serial: string };
    }>(
      await t.http.inject({
        method: 'GET',
        url: `/api/v1/devices/${added[0]!.deviceId}`,
        headers: viewer.headers,
      }),
    );
    const source = fresh.find((f) => f.hostname === added[0]!.hostname)!;
    expect(device).toMatchObject({
      platform: source.platform,
      site: 'lab',
      tags: ['discovered'],
      facts: { serial: source.serial },
    });
    const backup = await runJob(t, operator.headers, {
      type: 'config_backup',
      targets: { deviceIds: added.map((a) => a.deviceId) },
    });
    expect(backup).toMatchObject({ status: 'success', succeeded: 4 });
    const again = await t.http.inject({
      method: 'POST',
      url: '/api/v1/discovery/add',
      headers: operator.headers,
      payload: { ids: [fresh[0]!.id] },
    });
    expect(json(again)).toMatchObject({ added: [], skipped: [{ reason: 'added to the inventory before' }] });
  });

  it('refuses bad ranges naming the field, more than a /16, and another customer', async () => {
    const bad = await discover({ customerId, ranges: ['127.61.0.0/26', '10.0.0.300/24'] });
    expect(bad.statusCode).toBe(400);
    expect(json(bad)).toMatchObject({
      error: {
        fields: [{ field: 'payload.ranges.1', message: '"10.0.0.300/24" is not an IPv4 address or CIDR' }],
      },
    });
    const huge = await discover({ customerId, ranges: ['10.0.0.0/15'] });
    expect(huge.statusCode).toBe(400);
    expect(json(huge)).toMatchObject({
      error: {
        fields: [
          {
            field: 'payload.ranges',
            message: '131,072 addresses: one discovery job sweeps at most 65,536 (a /16)',
          },
        ],
      },
    });
    const none = await discover({ customerId });
    expect(json(none)).toMatchObject({
      error: { fields: [{ field: 'payload.ranges', message: 'the customer has no IP ranges: give ranges' }] },
    });
    const other = await t.customer();
    expect((await discover({ customerId: other.id, ranges: ['10.0.0.0/30'] })).statusCode).toBe(404);
    expect((await discover({ customerId, ranges: ['10.0.0.0/30'] }, viewer.headers)).statusCode).toBe(403);
  });

  it("sweeps the customer's own IP ranges when none are given", async () => {
    const range = await t.http.inject({
      method: 'POST',
      url: `/api/v1/customers/${customerId}/ip-ranges`,
      headers: (await t.user({ role: 'admin', customerIds: [customerId] })).headers,
      payload: { cidr: '127.61.0.8/30' },
    });
    expect(range.statusCode).toBe(201);
    const job = await runJob(t, operator.headers, {
      type: 'network_discovery',
      payload: { customerId, sshPort: port, telnetPort: 0, login: false },
    });
    const items = json<{ items: Found[] }>(
      await t.http.inject({
        method: 'GET',
        url: `/api/v1/discovery?jobId=${job.id}`,
        headers: viewer.headers,
      }),
    ).items;
    // 127.61.0.8–11: the lab's first two devices (at .10 and .11), not logged in to.
    expect(items.map((f) => [f.address, f.platform, f.status]).sort()).toEqual([
      [lab.devices[0]!.address, '', 'known'],
      [lab.devices[1]!.address, '', 'new'],
    ]);
  });

  it('retries its failed blocks, and only those, as a sweep of their addresses', async () => {
    // Two blocks, the first holding the lab's devices; it is then taken as failed (a block fails
    // when its task does: a worker lost, a timeout), as the job's record would hold it.
    const job = await runJob(t, operator.headers, {
      type: 'network_discovery',
      payload: {
        customerId,
        ranges: ['127.61.0.0/26', '127.61.0.64/27'],
        sshPort: port,
        telnetPort: port,
        login: false,
      },
    });
    expect(job).toMatchObject({ status: 'success', total: 2 });
    await t.database.db.execute(sql`
      update job_devices set status = 'failed' where job_id = ${job.id} and hostname = '127.61.0.0/26'`);
    await t.database.db.execute(
      sql`update jobs set status = 'partial', succeeded = 1, failed = 1 where id = ${job.id}`,
    );
    const res = await t.http.inject({
      method: 'POST',
      url: `/api/v1/jobs/${job.id}/retry`,
      headers: operator.headers,
    });
    expect(res.statusCode, res.body).toBe(202);
    const retried = await waitForJob(t, operator.headers, json<{ id: string }>(res).id);
    expect(retried).toMatchObject({ status: 'success', total: 1 });
    const [row] = await queryRows<{ payload: { ranges: string[] }; retry_of: string }>(
      t.database.db,
      sql`select payload, retry_of from jobs where id = ${retried.id}`,
    );
    expect(row).toMatchObject({ payload: { ranges: ['127.61.0.0/26'] }, retry_of: job.id });
    const items = await queryRows<{ hostname: string }>(
      t.database.db,
      sql`select hostname from job_devices where job_id = ${retried.id}`,
    );
    expect(items).toEqual([{ hostname: '127.61.0.0/26' }]);
    const found = json<{ items: Found[] }>(
      await t.http.inject({
        method: 'GET',
        url: `/api/v1/discovery?jobId=${retried.id}`,
        headers: viewer.headers,
      }),
    ).items;
    expect(found.map((f) => f.address).sort()).toEqual(lab.devices.map((d) => d.address).sort());
    // A viewer cannot retry it.
    const denied = await t.http.inject({
      method: 'POST',
      url: `/api/v1/jobs/${job.id}/retry`,
      headers: viewer.headers,
    });
    expect(denied.statusCode).toBe(403);
  });
});
