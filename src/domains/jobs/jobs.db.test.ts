import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, type TestApp, testApp } from '../../../tests/helpers/app.ts';
import { type LabInventory, labInventory, runJob } from '../../../tests/helpers/lab.ts';
import { queryRows } from '../../platform/db/client.ts';
import { refreshQueueStatistics } from '../../platform/queue.ts';

let t: TestApp;
let inv: LabInventory;
let operator: { headers: { authorization: string } };
let customer: { id: string };

beforeAll(async () => {
  t = await testApp({ WEBNET_WORKER_CONCURRENCY: '20' });
  customer = await t.customer();
  operator = await t.user({ role: 'operator', customerIds: [customer.id] });
  inv = await labInventory(t, customer.id, { devices: 6, topology: 'leaf-spine' });
}, 60_000);
afterAll(async () => {
  await t?.stop();
  await inv?.lab.stop();
});

describe('config_backup', () => {
  it('backs up every device, then finds them unchanged', async () => {
    const first = await runJob(t, operator.headers, { type: 'config_backup', targets: { filter: {} } });
    expect(first).toMatchObject({ status: 'success', total: 6, done: 6, succeeded: 6, failed: 0 });
    expect(first.summary).toEqual({ changed: 6 });
    const second = await runJob(t, operator.headers, { type: 'config_backup', targets: { filter: {} } });
    expect(second).toMatchObject({ status: 'success', succeeded: 6 });
    expect(second.summary).toEqual({ unchanged: 6 });
    const devices = await t.http.inject({
      method: 'GET',
      url: `/api/v1/jobs/${second.id}/devices?output=true`,
      headers: operator.headers,
    });
    expect(devices.statusCode, devices.body).toBe(200);
    const items = json<{ items: { summary: string; status: string; attempts: number }[] }>(devices).items;
    expect(items.map((i) => i.summary)).toEqual(Array(6).fill('unchanged'));
    expect(items.every((i) => i.attempts === 1)).toBe(true);
  });
});

describe('run_commands', () => {
  it("stores command output with the platform's secrets redacted, as a backup would", async () => {
    const viewer = await t.user({ role: 'viewer', customerIds: [customer.id] });
    const cisco = ['cisco_ios', 'cisco_nxos', 'arista_eos'];
    const job = await runJob(t, operator.headers, {
      type: 'run_commands',
      targets: { filter: { platform: cisco } },
      payload: { commands: ['show running-config'] },
    });
    expect(job.status).toBe('success');
    expect(job.total).toBe(inv.devices.filter((d) => cisco.includes(d.platform)).length);
    const res = await t.http.inject({
      method: 'GET',
      url: `/api/v1/jobs/${job.id}/devices?output=true`,
      headers: viewer.headers,
    });
    const items = json<{ items: { output: { command: string; output: string }[] }[] }>(res).items;
    expect(items.length).toBe(job.total);
    for (const item of items) {
      const text = item.output[0]!.output;
      expect(text).toMatch(/^hostname /m);
      expect(text).toMatch(/snmp-server community <redacted:[0-9a-f]{8}>/);
    }
    // Neither the API nor the database holds the lab's secrets.
    for (const secret of ['lab-snmp-secret', 'ZmFrZWhhc2hmYWtlaGFzaGZha2U', '$9$labLABlab']) {
      expect(res.body).not.toContain(secret);
      const [stored] = await queryRows<{ n: number }>(
        t.database.db,
        sql`select count(*)::int as n from job_devices where job_id = ${job.id} and output::text like ${`%${secret}%`}`,
      );
      expect(stored!.n, secret).toBe(0);
    }
  });
});

type Device = {
  id: string;
  hostname: string;
  platform: string;
  reachability: string;
  lastSeenAt: string | null;
  sshHostKeyFingerprint: string | null;
  facts: Record<string, unknown>;
};
const device = async (id: string) =>
  json<Device>(
    await t.http.inject({ method: 'GET', url: `/api/v1/devices/${id}`, headers: operator.headers }),
  );

describe('reachability', () => {
  it('marks devices reachable with the SSH banner, and unreachable when they refuse', async () => {
    const down = inv.devices[0]!;
    await inv.lab.setFaults(down.hostname, { refuseConnections: true });
    try {
      const job = await runJob(t, operator.headers, {
        type: 'reachability',
        targets: { filter: {} },
        options: { retries: 0 },
      });
      expect(job).toMatchObject({ status: 'partial', succeeded: 5, failed: 1 });
      expect((await device(down.id)).reachability).toBe('unreachable');
      const up = await device(inv.devices[1]!.id);
      expect(up.reachability).toBe('reachable');
      expect(Date.now() - Date.parse(up.lastSeenAt!)).toBeLessThan(60_000);
      const res = await t.http.inject({
        method: 'GET',
        url: `/api/v1/jobs/${job.id}/devices?status=success&output=true`,
        headers: operator.headers,
      });
      const first = json<{ items: { summary: string; output: { banner: string } }[] }>(res).items[0]!;
      expect(first.output.banner).toMatch(/^SSH-2\.0-/);
    } finally {
      await inv.lab.setFaults(down.hostname, {});
    }
  });

  it('pins each device SSH host key on first contact', async () => {
    for (const d of inv.devices) expect((await device(d.id)).sshHostKeyFingerprint).toMatch(/^SHA256:/);
  });
});

describe('refresh_facts', () => {
  it('stores model, serial and version, and detects a missing platform', async () => {
    const target = inv.devices.find((d) => d.platform === 'cisco_ios')!;
    await t.http.inject({
      method: 'PATCH',
      url: `/api/v1/devices/${target.id}`,
      headers: operator.headers,
      payload: { platform: '' },
    });
    const job = await runJob(t, operator.headers, { type: 'refresh_facts', targets: { filter: {} } });
    expect(job).toMatchObject({ status: 'success', succeeded: 6 });
    expect(job.summary).toEqual({ refreshed: 5, detected: 1 });
    const lab = inv.lab.device(target.hostname);
    const after = await device(target.id);
    expect(after.platform).toBe('cisco_ios');
    expect(after.facts).toMatchObject({ model: lab.model, serial: lab.serial });
    expect(String(after.facts.osVersion)).toContain(lab.version);
  });
});

describe('topology_discovery', () => {
  type Link = {
    localDeviceId: string;
    remoteDeviceId: string | null;
    remoteName: string;
    stale: boolean;
    protocol: string;
  };
  const links = async () =>
    json<{ items: Link[] }>(
      await t.http.inject({ method: 'GET', url: '/api/v1/topology/links', headers: operator.headers }),
    ).items;

  it('stores every LLDP link with both ends in the inventory, and marks a vanished one stale', async () => {
    const job = await runJob(t, operator.headers, {
      type: 'topology_discovery',
      targets: { filter: {} },
      payload: { protocols: ['lldp'] },
    });
    expect(job.status).toBe('success');
    const found = await links();
    const expected = inv.lab.devices.reduce((n, d) => n + d.neighbors.length, 0);
    expect(found.filter((l) => l.protocol === 'lldp')).toHaveLength(expected);
    expect(found.every((l) => l.remoteDeviceId !== null && !l.stale)).toBe(true);

    const leaf = inv.lab.devices.find((d) => d.neighbors.length > 0)!;
    const gone = leaf.neighbors.pop()!;
    await runJob(t, operator.headers, {
      type: 'topology_discovery',
      targets: { deviceIds: [inv.devices.find((d) => d.hostname === leaf.hostname)!.id] },
      payload: { protocols: ['lldp'] },
    });
    const after = await links();
    const stale = after.filter((l) => l.stale);
    expect(stale).toHaveLength(1);
    expect(stale[0]!.remoteName).toBe(gone.remoteHostname);
    expect(after).toHaveLength(found.length);
  });
});

describe('the job type contract', () => {
  it('serves every device output of every job type run above, typed by its jobType', async () => {
    const jobs = json<{ items: { id: string; type: string }[] }>(
      await t.http.inject({ method: 'GET', url: '/api/v1/jobs?pageSize=100', headers: operator.headers }),
    ).items;
    const types = new Set(jobs.map((j) => j.type));
    expect([...types].sort()).toEqual(
      ['config_backup', 'reachability', 'refresh_facts', 'run_commands', 'topology_discovery'].sort(),
    );
    for (const job of jobs) {
      const res = await t.http.inject({
        method: 'GET',
        url: `/api/v1/jobs/${job.id}/devices?output=true&status=success`,
        headers: operator.headers,
      });
      expect(res.statusCode, res.body).toBe(200);
      const [stored] = await queryRows<{ outputs: unknown[] }>(
        t.database.db,
        sql`select coalesce(json_agg(output order by hostname, device_id), '[]') as outputs
            from job_devices where job_id = ${job.id} and status = 'success'`,
      );
      const page = json<{ items: { jobType: string; output: unknown }[]; total: number }>(res);
      const items = page.items;
      expect(page.total, 'filtered total').toBe(stored!.outputs.length);
      const all = json<{ total: number; items: unknown[] }>(
        await t.http.inject({
          method: 'GET',
          url: `/api/v1/jobs/${job.id}/devices?pageSize=1`,
          headers: operator.headers,
        }),
      );
      const [counted] = await queryRows<{ n: number }>(
        t.database.db,
        sql`select count(*)::int as n from job_devices where job_id = ${job.id}`,
      );
      expect(all.total, 'unfiltered total').toBe(counted!.n);
      expect(all.items).toHaveLength(1);
      expect(items.every((i) => i.jobType === job.type)).toBe(true);
      // The API's schema keeps every field the handler stored: nothing is dropped on the way out.
      expect(
        items.map((i) => i.output),
        job.type,
      ).toEqual(stored!.outputs);
    }
  });
});

describe('a large enqueue', () => {
  it("brings the planner's row count of the task table up to date, so fetching stays an index walk", async () => {
    // Neither PGlite nor a server without autovacuum would count the new rows by itself.
    const { queue } = t.jobs;
    await queue.createQueue('stats-probe');
    await queue.insert(
      'stats-probe',
      Array.from({ length: 400 }, (_, i) => ({ data: { i }, startAfter: new Date(Date.now() + 3_600_000) })),
    );
    const estimate = async () => {
      const [row] = await queryRows<{ reltuples: number }>(
        t.database.db,
        sql`select c.reltuples::float8 as reltuples from pg_class c
            join pg_namespace n on n.oid = c.relnamespace
            join pgboss.queue q on q.table_name = c.relname and n.nspname = 'pgboss'
            where q.name = 'stats-probe'`,
      );
      return Number(row!.reltuples);
    };
    expect(await estimate()).toBeLessThan(400);
    await refreshQueueStatistics(t.database.db, 'stats-probe');
    expect(await estimate()).toBeGreaterThanOrEqual(400);
  });
});
