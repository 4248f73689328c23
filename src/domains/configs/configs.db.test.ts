import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, type TestApp, testApp } from '../../../tests/helpers/app.ts';
import { testDbKind } from '../../../tests/helpers/db.ts';
import { type LabInventory, labInventory, runJob } from '../../../tests/helpers/lab.ts';
import { inUuids, queryRows } from '../../platform/db/client.ts';
import { indexPending } from './search-index.ts';

let t: TestApp;
/** Quotes, backslashes, a dollar sign and text beyond ASCII: stored as the device printed them. */
const LOCATION = 'snmp-server location "Bâtiment B" \\rack\\3 $1 日本 ✓';
let inv: LabInventory;
let operator: { headers: { authorization: string } };
let viewer: { headers: { authorization: string } };
let ios: { id: string; hostname: string };

const get = async <T>(url: string, headers = viewer.headers) => {
  const res = await t.http.inject({ method: 'GET', url, headers });
  const isJson = String(res.headers['content-type']).startsWith('application/json');
  return { status: res.statusCode, body: (isJson ? json<T>(res) : res.body) as T, res };
};

beforeAll(async () => {
  t = await testApp();
  const customer = await t.customer();
  operator = await t.user({ role: 'operator', customerIds: [customer.id] });
  viewer = await t.user({ role: 'viewer', customerIds: [customer.id] });
  inv = await labInventory(t, customer.id, { devices: 4, topology: 'flat', platform: 'cisco_ios' });
  ios = inv.devices[0]!;
  await runJob(t, operator.headers, { type: 'config_backup', targets: { filter: {} } });
  // A change made through run_commands, then a second backup that records it.
  const change = await runJob(t, operator.headers, {
    type: 'run_commands',
    targets: { deviceIds: [ios.id] },
    payload: { commands: ['configure terminal', 'ntp server 198.51.100.77', LOCATION, 'end'] },
  });
  expect(change.status).toBe('success');
  const second = await runJob(t, operator.headers, { type: 'config_backup', targets: { filter: {} } });
  expect(second.summary).toEqual({ changed: 1, unchanged: 3 });
}, 120_000);
afterAll(async () => {
  await t?.stop();
  await inv?.lab.stop();
});

type Meta = { id: string; deviceId: string; lines: number; bytes: number; hash: string; jobId: string };

describe('config history', () => {
  it('lists a device snapshots newest first, without their text', async () => {
    const { status, body } = await get<{ items: (Meta & { config?: string })[]; total: number }>(
      `/api/v1/devices/${ios.id}/configs`,
    );
    expect(status).toBe(200);
    expect(body.total).toBe(2);
    expect(body.items[0]!.hash).not.toBe(body.items[1]!.hash);
    expect(body.items[0]!.config).toBeUndefined();
    const other = await get<{ total: number }>(`/api/v1/devices/${inv.devices[1]!.id}/configs`);
    expect(other.body.total).toBe(1);
  });

  it('serves one snapshot, and its raw text as a download named after the device', async () => {
    const list = await get<{ items: Meta[] }>(`/api/v1/devices/${ios.id}/configs`);
    const latest = list.body.items[0]!;
    const one = await get<Meta & { config: string; insignificantLines: number[] }>(
      `/api/v1/configs/${latest.id}`,
    );
    expect(one.body.config).toContain('ntp server 198.51.100.77');
    expect(one.body.config.split('\n')).toContain(LOCATION);
    expect(one.body.config.split('\n').length).toBe(latest.lines);
    expect(Buffer.byteLength(one.body.config)).toBe(latest.bytes);
    // The lines a change of which is not a change (IOS's clock comment) are named for the viewer.
    const lines = one.body.config.split('\n');
    expect(one.body.insignificantLines.map((n) => lines[n - 1])).toEqual([
      expect.stringMatching(/^! Last configuration change at /),
    ]);
    const raw = await get<string>(`/api/v1/configs/${latest.id}/raw`);
    expect(raw.res.headers['content-type']).toMatch(/^text\/plain/);
    expect(raw.res.headers['content-disposition']).toContain(`filename="${ios.hostname}_`);
    expect(raw.res.body).toBe(one.body.config);
    // Secrets never reach the stored text.
    expect(one.body.config).not.toContain('lab-enable');
  });

  it('compresses stored configurations with lz4 where PostgreSQL offers it (PGlite keeps pglz)', async () => {
    await indexPending(t.database.db, 100);
    const rows = await queryRows<{ method: string }>(
      t.database.db,
      sql`select pg_column_compression(config) as method from config_snapshots where device_id = ${ios.id}
          union all
          select pg_column_compression(config) from config_search where device_id = ${ios.id}`,
    );
    expect(rows.map((r) => r.method)).toEqual(Array(3).fill(testDbKind() === 'postgres' ? 'lz4' : 'pglz'));
  });

  it('diffs the latest change by default, unified and side by side', async () => {
    const { status, body } = await get<{
      unified: string;
      added: number;
      removed: number;
      hunks: { rows: { kind: string; right: { text: string } | null }[] }[];
    }>(`/api/v1/devices/${ios.id}/configs/diff`);
    expect(status).toBe(200);
    expect(body.unified).toContain('+ntp server 198.51.100.77');
    expect(body.added).toBeGreaterThanOrEqual(1);
    const added = body.hunks.flatMap((h) => h.rows).filter((r) => r.kind === 'added' || r.kind === 'changed');
    expect(added.map((r) => r.right?.text)).toContain('ntp server 198.51.100.77');
  });

  it('diffs any two snapshots, and says why when there is nothing before the first', async () => {
    const list = await get<{ items: Meta[] }>(`/api/v1/devices/${ios.id}/configs`);
    const [newer, older] = list.body.items;
    const reverse = await get<{ unified: string }>(`/api/v1/configs/diff?from=${newer!.id}&to=${older!.id}`);
    expect(reverse.body.unified).toContain('-ntp server 198.51.100.77');
    const first = await get<{ error: { message: string } }>(`/api/v1/configs/diff?to=${older!.id}`);
    expect(first.status).toBe(404);
    expect(first.body.error.message).toMatch(/first snapshot/);
  });

  it('searches every latest config by text and by regex, showing the matching lines', async () => {
    const text = await get<{ total: number; items: { hostname: string; lines: { text: string }[] }[] }>(
      '/api/v1/configs/search?q=198.51.100.77',
    );
    expect(text.body.total).toBe(1);
    expect(text.body.items[0]).toMatchObject({
      hostname: ios.hostname,
      lines: [{ text: 'ntp server 198.51.100.77' }],
    });
    const all = await get<{ total: number; items: { hostname: string }[] }>(
      '/api/v1/configs/search?q=^hostname&regex=true',
    );
    expect(all.body.total).toBe(4);
    // One entry per device, in hostname order.
    const names = all.body.items.map((i) => i.hostname);
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
    expect(new Set(names).size).toBe(4);
    const regex = await get<{ total: number; items: { lines: { text: string }[] }[] }>(
      `/api/v1/configs/search?regex=true&q=${encodeURIComponent('^ntp server 198\\.51\\.100\\.[0-9]+$')}`,
    );
    expect(regex.body.total).toBe(1);
    // The search index catches up in the background; the answer is the same before and after.
    await t.jobs.indexer!.catchUp();
    const again = await get<{ total: number; indexPending: number }>(
      '/api/v1/configs/search?q=198.51.100.77',
    );
    expect(again.body).toMatchObject({ total: 1, indexPending: 0 });
  });

  it('finds every device while the indexer copies their configurations', async () => {
    // The search reads the indexed copies, then the latest snapshots not copied yet: a copy that
    // lands between the two reads must be found in one or the other, never lost between them.
    const ids = inv.devices.map((d) => d.id);
    for (let round = 0; round < 15; round++) {
      await t.database.db.execute(sql`delete from config_search where ${inUuids(sql`device_id`, ids)}`);
      let indexing = true;
      const indexer = (async () => {
        while ((await indexPending(t.database.db, 1)) > 0);
        indexing = false;
      })();
      const totals: number[] = [];
      do {
        totals.push(
          (await get<{ total: number }>('/api/v1/configs/search?q=^hostname&regex=true')).body.total,
        );
      } while (indexing);
      await indexer;
      expect(totals.filter((n) => n !== ids.length)).toEqual([]);
    }
  });

  it('rejects a broken regular expression with a 400 naming the field', async () => {
    const bad = await get<{ error: { fields: { field: string }[] } }>(
      '/api/v1/configs/search?regex=true&q=(unclosed',
    );
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields[0]!.field).toBe('q');
  });
});

describe('git export', () => {
  it('imports into a real git repository: one commit per change, by the requester, with the job id', async () => {
    const { execFileSync } = await import('node:child_process');
    const fs = await import('node:fs');
    const os = await import('node:os');
    const path = await import('node:path');
    const customerId = (await get<{ customerId: string }>(`/api/v1/devices/${ios.id}`)).body.customerId;
    const res = await t.http.inject({
      method: 'GET',
      url: `/api/v1/customers/${customerId}/configs/git`,
      headers: viewer.headers,
    });
    expect(res.statusCode).toBe(200);
    const repo = fs.mkdtempSync(path.join(os.tmpdir(), 'webnet-git-'));
    try {
      const git = (...args: string[]) => execFileSync('git', ['-C', repo, ...args], { encoding: 'utf8' });
      git('init', '-q');
      execFileSync('git', ['-C', repo, 'fast-import', '--quiet', '--done'], { input: res.rawPayload });
      git('checkout', '-q', 'main');
      const log = git('log', '--format=%an|%s').trim().split('\n');
      // Four first backups and one change.
      expect(log).toHaveLength(5);
      const [latest] = log;
      const operatorName = latest!.split('|')[0]!;
      expect(operatorName).toMatch(/^operator-/);
      expect(latest!.split('|')[1]).toMatch(/^[0-9a-f-]{36}$/);
      expect(fs.readFileSync(path.join(repo, `${ios.hostname}.cfg`), 'utf8')).toContain(
        'ntp server 198.51.100.77',
      );
      expect(fs.readdirSync(repo).filter((f) => f.endsWith('.cfg'))).toHaveLength(4);
      expect(git('log', '--format=%s', '-p', '-1')).toContain('+ntp server 198.51.100.77');
    } finally {
      fs.rmSync(repo, { recursive: true, force: true });
    }
  });

  it('answers a customer the caller cannot see with a 404', async () => {
    const other = await t.customer();
    const res = await t.http.inject({
      method: 'GET',
      url: `/api/v1/customers/${other.id}/configs/git`,
      headers: viewer.headers,
    });
    expect(res.statusCode).toBe(404);
  });
});

describe('job retention', () => {
  it('prunes ended jobs past the retention with their results, and keeps every snapshot', async () => {
    const { pruneJobs } = await import('../jobs/service.ts');
    const before = await get<{ total: number; items: { jobId: string }[] }>(
      `/api/v1/devices/${ios.id}/configs`,
    );
    const oldJob = before.body.items.at(-1)!.jobId;
    await t.database.db.execute(
      sql`update jobs set finished_at = now() - interval '100 days' where id = ${oldJob}`,
    );
    // A transcript kept for one of its devices (a failed one's, or every one's when asked).
    await t.database.db.execute(
      sql`insert into job_transcripts (job_id, device_id, started_at, events, size)
          values (${oldJob}, ${ios.id}, now(), '[]'::jsonb, 0)`,
    );
    const left = async () =>
      (
        await queryRows<{ devices: number; logs: number; transcripts: number }>(
          t.database.db,
          sql`select (select count(*)::int from job_devices where job_id = ${oldJob}) as devices,
                     (select count(*)::int from job_logs where job_id = ${oldJob}) as logs,
                     (select count(*)::int from job_transcripts where job_id = ${oldJob}) as transcripts`,
        )
      )[0]!;
    const held = await left();
    expect(held.devices).toBeGreaterThan(0);
    expect(held.logs).toBeGreaterThan(0);
    expect(held.transcripts).toBe(1);
    expect(await pruneJobs(t.database.db, 90)).toBe(1);
    expect((await get(`/api/v1/jobs/${oldJob}`, operator.headers)).status).toBe(404);
    // Its devices' results, its log lines and its transcripts went with it.
    expect(await left()).toEqual({ devices: 0, logs: 0, transcripts: 0 });
    const after = await get<{ total: number }>(`/api/v1/devices/${ios.id}/configs`);
    expect(after.body.total).toBe(before.body.total);
    expect(await pruneJobs(t.database.db, 90)).toBe(0);
  });
});
