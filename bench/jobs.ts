/**
 * npm run bench:jobs -- [--devices 100000] [--db postgres,pglite] [--samples 30]
 *
 * What grows with a job's size, seen from the API: seeds N devices, starts `webnet serve` without
 * a worker (the job stays queued, so nothing else loads the machine), then times starting one job
 * on every device, and while it exists: the job (GET /jobs/:id), the first and a deep page of
 * its devices, the jobs list, the live stream's snapshot, and finally cancelling it; each against
 * GET /api/v1/ping on the same server in the same run. Target: each read within 3x of ping's
 * p95 however large the job, the job started and cancelled in seconds.
 */
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import WebSocket from 'ws';
import { createScratchPostgres } from '../tests/helpers/db.ts';
import { freePort } from '../tests/helpers/net.ts';
import { percentile } from './load.ts';
import { seedInventory } from './seed.ts';
import { login, serverEnv, startServer, stopServer } from './server-process.ts';

const { values: args } = parseArgs({
  options: {
    devices: { type: 'string', default: '100000' },
    db: { type: 'string', default: 'postgres,pglite' },
    samples: { type: 'string', default: '30' },
  },
});
const DEVICES = Number(args.devices);
const SAMPLES = Number(args.samples);
const PASSWORD = 'bench password 1234';

type Timed = { p50: number; p95: number };

async function timed(fn: () => Promise<void>): Promise<Timed> {
  const ms: number[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    const t0 = performance.now();
    await fn();
    ms.push(performance.now() - t0);
  }
  ms.sort((a, b) => a - b);
  return { p50: percentile(ms, 50), p95: percentile(ms, 95) };
}

async function benchOne(kind: 'postgres' | 'pglite') {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'webnet-bench-'));
  const scratch = kind === 'postgres' ? await createScratchPostgres() : undefined;
  let server: ChildProcess | undefined;
  try {
    const seeded = await seedInventory({
      databaseUrl: scratch?.url,
      dataDir,
      devices: DEVICES,
      // The seed's addresses hold 65,536 devices per customer.
      customers: Math.ceil(DEVICES / 50_000),
      password: PASSWORD,
    });
    console.log(`[${kind}] seeded ${DEVICES} devices in ${seeded.toFixed(1)} s`);
    const port = await freePort();
    const secretKey = `b:${randomBytes(32).toString('base64')}`;
    server = await startServer(serverEnv({ port, dataDir, databaseUrl: scratch?.url, secretKey }), [
      '--no-worker',
    ]);
    const origin = `http://127.0.0.1:${port}`;
    const token = await login(origin, 'global', PASSWORD);
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const get = async (url: string) => {
      const res = await fetch(`${origin}${url}`, { headers });
      if (!res.ok) throw new Error(`${url}: ${res.status} ${await res.text()}`);
      await res.arrayBuffer();
    };

    let t0 = performance.now();
    const res = await fetch(`${origin}/api/v1/jobs`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ type: 'config_backup', targets: { filter: {} } }),
    });
    if (res.status !== 202) throw new Error(`job not started: ${res.status} ${await res.text()}`);
    const job = (await res.json()) as { id: string; total: number };
    const created = (performance.now() - t0) / 1000;

    const deepPage = Math.max(1, Math.floor(job.total / 50 / 2));
    await timed(() => get('/api/v1/ping')); // warm-up
    const reads = {
      ping: await timed(() => get('/api/v1/ping')),
      job: await timed(() => get(`/api/v1/jobs/${job.id}`)),
      'devices page 1': await timed(() => get(`/api/v1/jobs/${job.id}/devices?pageSize=50`)),
      [`devices page ${deepPage}`]: await timed(() =>
        get(`/api/v1/jobs/${job.id}/devices?pageSize=50&page=${deepPage}`),
      ),
      'jobs list': await timed(() => get('/api/v1/jobs?pageSize=20')),
      'stream snapshot': await timed(
        () =>
          new Promise<void>((resolve, reject) => {
            const ws = new WebSocket(`ws://127.0.0.1:${port}/ws/jobs/${job.id}`, { headers });
            ws.once('message', () => {
              ws.close();
              resolve();
            });
            ws.once('error', reject);
          }),
      ),
    };
    t0 = performance.now();
    const cancel = await fetch(`${origin}/api/v1/jobs/${job.id}/cancel`, {
      method: 'POST',
      headers: { authorization: headers.authorization },
    });
    if (!cancel.ok) throw new Error(`cancel: ${cancel.status} ${await cancel.text()}`);
    const cancelled = (performance.now() - t0) / 1000;

    for (const [name, t] of Object.entries(reads))
      console.log(
        `[${kind}] ${name.padEnd(18)} p50 ${t.p50.toFixed(1).padStart(7)} ms  p95 ${t.p95.toFixed(1).padStart(7)} ms`,
      );
    const worst = Object.entries(reads)
      .filter(([name]) => name !== 'ping')
      .map(([name, t]) => ({ name, ratio: t.p95 / reads.ping.p95 }))
      .sort((a, b) => b.ratio - a.ratio)[0]!;
    return { kind, total: job.total, created, cancelled, worst };
  } finally {
    await stopServer(server);
    await scratch?.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

for (const kind of args.db.split(',') as ('postgres' | 'pglite')[]) {
  const r = await benchOne(kind);
  console.log(
    `job of ${r.total} devices on ${r.kind}: started in ${r.created.toFixed(1)} s, cancelled in ${r.cancelled.toFixed(1)} s, slowest read ${r.worst.name} at ${r.worst.ratio.toFixed(1)}x ping p95`,
  );
}
