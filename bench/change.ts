/**
 * npm run bench:change -- [--devices 1000] [--db postgres] [--config-bytes 8000]
 *
 * The lab (IOS devices) in one process, `webnet serve` in another, on PostgreSQL. First a
 * config_backup of every device (the baseline: one session per device); then a 20-line merge as a
 * change through the API: preview on every device, commit (canary, then one batch) with a
 * rollback point, a new session to verify, confirm and a snapshot after, timed from the preview
 * request to the change's end. A change does about three sessions' work per device, so the
 * target is a ratio of 3 or less to the backup.
 */
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { createScratchPostgres } from '../tests/helpers/db.ts';
import { freePort } from '../tests/helpers/net.ts';
import { startLab, stopLab } from './lab-process.ts';
import { seedLabInventory } from './seed.ts';
import {
  cpuSecondsOf,
  cpuSecondsOfPid,
  login,
  peakRssMb,
  serverEnv,
  startServer,
  stopServer,
} from './server-process.ts';

const { values: args } = parseArgs({
  options: {
    devices: { type: 'string', default: '1000' },
    'config-bytes': { type: 'string', default: '8000' },
  },
});
const DEVICES = Number(args.devices);
const PASSWORD = 'bench password 1234';
/** Twenty lines: an ACL, a loopback and NTP, as a typical standard-config push. */
const TEMPLATE = [
  'ip access-list extended WEBNET-BENCH',
  ...Array.from({ length: 12 }, (_, i) => ` ${(i + 1) * 10} permit tcp any host 192.0.2.${i + 1} eq 443`),
  'interface Loopback250',
  ' description managed by webnet {{ device.hostname }}',
  ' ip address 198.51.100.250 255.255.255.255',
  'ntp server 192.0.2.123',
  'ntp server 192.0.2.124',
  'snmp-server location {{ site }}',
].join('\n');

type Api = (method: string, url: string, body?: unknown) => Promise<Record<string, unknown>>;

/** Polls every 50 ms: the end of each phase is seen within that, for the backup and the change alike. */
async function waitFor(api: Api, url: string, done: (x: Record<string, unknown>) => boolean) {
  let last = 0;
  const t0 = performance.now();
  for (;;) {
    const x = await api('GET', url);
    if (done(x)) return x;
    if (performance.now() - last > 5000) {
      last = performance.now();
      console.log(`  ${url}: ${x.status} after ${((last - t0) / 1000).toFixed(0)} s`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

const lab = await startLab([
  '--devices',
  String(DEVICES),
  '--platform',
  'cisco_ios',
  '--config-bytes',
  args['config-bytes'],
  '--topology',
  'flat',
  '--address',
  '127.52.0.1',
  '--port',
  '2222',
  '--shared-listener',
]);
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'webnet-bench-'));
const scratch = await createScratchPostgres();
let server: ChildProcess | undefined;
try {
  const secretKey = `b:${randomBytes(32).toString('base64')}`;
  await seedLabInventory({
    databaseUrl: scratch.url,
    dataDir,
    secretKey,
    devices: lab.devices,
    password: PASSWORD,
  });
  const port = await freePort();
  server = await startServer(serverEnv({ port, dataDir, databaseUrl: scratch.url, secretKey }));
  const origin = `http://127.0.0.1:${port}`;
  const authorization = `Bearer ${await login(origin, 'bench', PASSWORD)}`;
  const api: Api = async (method, url, body) => {
    const res = await fetch(`${origin}${url}`, {
      method,
      headers: body ? { authorization, 'content-type': 'application/json' } : { authorization },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    const json = (await res.json()) as Record<string, unknown>;
    if (res.status >= 400) throw new Error(`${method} ${url}: ${res.status} ${JSON.stringify(json)}`);
    return json;
  };
  console.log(`lab: ${DEVICES} cisco_ios devices, ~${Number(args['config-bytes']) / 1000} KB configs`);

  // Where the CPU goes, per phase: webnet, PostgreSQL and the lab share the machine's cores.
  const cpuNow = () => ({
    webnet: cpuSecondsOfPid(server!.pid!),
    pg: cpuSecondsOf('postgres'),
    lab: lab.cpuMs() / 1000,
  });
  let cpu = cpuNow();
  const cpuSince = (phase: string) => {
    const now = cpuNow();
    const per = (k: keyof typeof now) => (((now[k] - cpu[k]) * 1000) / DEVICES).toFixed(1);
    console.log(
      `  [${phase}] CPU ms per device: webnet ${per('webnet')}, postgres ${per('pg')}, lab ${per('lab')}`,
    );
    cpu = now;
  };
  let t0 = performance.now();
  const job = await api('POST', '/api/v1/jobs', {
    type: 'config_backup',
    targets: { filter: {} },
    options: { concurrency: 100, timeoutSeconds: 120, retries: 2 },
  });
  const backup = await waitFor(api, `/api/v1/jobs/${job.id}`, (j) =>
    ['success', 'partial', 'failed', 'cancelled'].includes(String(j.status)),
  );
  const backupSeconds = (performance.now() - t0) / 1000;
  console.log(`backup: ${backup.status}, ${backup.succeeded} devices in ${backupSeconds.toFixed(1)} s`);
  // The backup's new configurations are indexed for search after it ends: that work belongs to
  // the backup, so the change starts once it is done (and the change's own is not waited for).
  const t1 = performance.now();
  const db = new pg.Client({ connectionString: scratch.url });
  await db.connect();
  for (;;) {
    const { rows } = await db.query<{ n: number }>(
      `select count(*)::int as n from config_latest l left join config_search cs on cs.device_id = l.device_id
       where cs.snapshot_id is distinct from l.snapshot_id`,
    );
    if (rows[0]!.n === 0) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  await db.end();
  console.log(`  search index caught up ${((performance.now() - t1) / 1000).toFixed(1)} s after the backup`);
  cpuSince('backup');

  const [customer] = ((await api('GET', '/api/v1/customers')) as { items: { id: string }[] }).items;
  const change = await api('POST', '/api/v1/changes', {
    customerId: customer!.id,
    title: 'bench: 20-line standard config',
    targets: { filter: {} },
    template: TEMPLATE,
    variables: { site: 'bench-dc' },
    rollout: { canary: 1, batchSize: DEVICES },
    confirmMinutes: 5,
  });
  t0 = performance.now();
  const wall0 = Date.now();
  await api('POST', `/api/v1/changes/${change.id}/preview`);
  await waitFor(api, `/api/v1/changes/${change.id}`, (c) => c.status === 'previewed');
  const previewSeconds = (performance.now() - t0) / 1000;
  cpuSince('preview');
  await api('POST', `/api/v1/changes/${change.id}/commit`);
  const done = await waitFor(api, `/api/v1/changes/${change.id}`, (c) => c.status !== 'running');
  const changeSeconds = (performance.now() - t0) / 1000;
  cpuSince('commit');
  const states = new Map<string, number>();
  const reasons = new Map<string, number>();
  for (let page = 1; ; page++) {
    const { items } = (await api(
      'GET',
      `/api/v1/changes/${change.id}/devices?pageSize=500&page=${page}`,
    )) as {
      items: { state: string; reason: string | null }[];
    };
    for (const d of items) {
      states.set(d.state, (states.get(d.state) ?? 0) + 1);
      if (d.state === 'failed' || d.state === 'reverted')
        reasons.set(d.reason ?? '', (reasons.get(d.reason ?? '') ?? 0) + 1);
    }
    if (items.length < 500) break;
  }
  // The change's jobs on one time line from the preview request (to its end at the last line's S):
  // the gaps are waiting, not work.
  const timeline = new pg.Client({ connectionString: scratch.url });
  await timeline.connect();
  const { rows: jobs } = await timeline.query<{
    type: string;
    devices: number;
    c: number;
    s: number;
    f: number;
  }>(
    `select type, total as devices,
            extract(epoch from created_at) * 1000 as c, extract(epoch from started_at) * 1000 as s,
            extract(epoch from finished_at) * 1000 as f
     from jobs where type like 'change_%' order by created_at`,
  );
  await timeline.end();
  const at = (ms: number) => ((ms - wall0) / 1000).toFixed(2);
  for (const j of jobs)
    console.log(
      `  ${j.type} (${j.devices}): created ${at(j.c)} s, started ${at(j.s)} s, finished ${at(j.f)} s`,
    );
  const confirmed = states.get('confirmed') ?? 0;
  for (const [reason, n] of reasons) console.log(`  ${n} devices: ${reason}`);
  console.log(
    `change: ${done.status}; ${[...states].map(([s, n]) => `${n} ${s}`).join(', ')}; preview ${previewSeconds.toFixed(1)} s, commit ${(changeSeconds - previewSeconds).toFixed(1)} s; peak RSS ${peakRssMb(server.pid!).toFixed(0)} MB`,
  );
  if (done.status !== 'succeeded' || confirmed !== DEVICES || backup.succeeded !== DEVICES)
    process.exitCode = 1;
  console.log(
    `change ${confirmed} devices in ${changeSeconds.toFixed(1)} s, backup ${backupSeconds.toFixed(1)} s, ratio ${(changeSeconds / backupSeconds).toFixed(2)}`,
  );
} finally {
  await stopServer(server);
  await scratch.drop();
  fs.rmSync(dataDir, { recursive: true, force: true });
  await stopLab(lab.child);
}
