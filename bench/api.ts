/**
 * npm run bench:api -- [--devices 100000] [--customers 20] [--requests 3000] [--concurrency 16] [--db postgres,pglite]
 *
 * Seeds N devices over M customers, starts `webnet serve` in its own process, and measures the
 * filtered, paginated device list against GET /api/v1/ping (authenticated, no work) on the same
 * server in the same run, for a one-customer user and for an all-customers admin.
 * Target: device list p95 within 3x of the trivial route.
 */
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createScratchPostgres } from '../tests/helpers/db.ts';
import { freePort } from '../tests/helpers/net.ts';
import { type LoadResult, load, type Summary, summarise } from './load.ts';
import { seedInventory } from './seed.ts';
import { login, serverEnv, startServer, stopServer } from './server-process.ts';

const { values: args } = parseArgs({
  options: {
    devices: { type: 'string', default: '100000' },
    customers: { type: 'string', default: '20' },
    requests: { type: 'string', default: '3000' },
    concurrency: { type: 'string', default: '16' },
    db: { type: 'string', default: 'postgres,pglite' },
  },
});
const DEVICES = Number(args.devices);
const CUSTOMERS = Number(args.customers);
const REQUESTS = Number(args.requests);
const CONCURRENCY = Number(args.concurrency);
const PASSWORD = 'bench password 1234';

const seed = (databaseUrl: string | undefined, dataDir: string) =>
  seedInventory({ databaseUrl, dataDir, devices: DEVICES, customers: CUSTOMERS, password: PASSWORD });

async function token(origin: string, username: string): Promise<string> {
  return login(origin, username, PASSWORD);
}

const pick = <T>(xs: T[]) => xs[Math.floor(Math.random() * xs.length)]!;
const page = () => 1 + Math.floor(Math.random() * 20);
const listPaths = () =>
  pick([
    () => `/api/v1/devices?vendor=cisco&sort=hostname&page=${page()}&pageSize=50`,
    () => `/api/v1/devices?q=leaf&enabled=true&page=${page()}&pageSize=50`,
    () => `/api/v1/devices?role=core,spine&site=site-3&sort=-lastSeenAt&pageSize=50`,
    () => `/api/v1/devices?tag=bgp&reachability=reachable&sort=mgmtIp&page=${page()}&pageSize=50`,
    () => `/api/v1/devices?q=10.1.2&pageSize=50`,
  ])();

type Row = { db: string; scenario: string; s: Summary };

async function benchOne(kind: 'postgres' | 'pglite'): Promise<Row[]> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'webnet-bench-'));
  const scratch = kind === 'postgres' ? await createScratchPostgres() : undefined;
  let server: ChildProcess | undefined;
  try {
    const seconds = await seed(scratch?.url, dataDir);
    console.log(`[${kind}] seeded ${DEVICES} devices over ${CUSTOMERS} customers in ${seconds.toFixed(1)} s`);
    const port = await freePort();
    const secretKey = `b:${randomBytes(32).toString('base64')}`;
    server = await startServer(serverEnv({ port, dataDir, databaseUrl: scratch?.url, secretKey }), [
      '--no-worker',
    ]);
    const origin = `http://127.0.0.1:${port}`;
    const users = { tenant: await token(origin, 'tenant'), global: await token(origin, 'global') };
    const routes = {
      ping: () => '/api/v1/ping',
      list: listPaths,
    };
    const results: Record<string, LoadResult[]> = {};
    const run = (user: 'tenant' | 'global', route: 'ping' | 'list', requests: number) =>
      load({
        origin,
        paths: routes[route],
        headers: { authorization: `Bearer ${users[user]}` },
        concurrency: CONCURRENCY,
        requests,
      });
    // Warm up both routes (JIT, plans, caches), then alternate rounds so drift hits both alike.
    for (const user of ['tenant', 'global'] as const)
      for (const route of ['ping', 'list'] as const) await run(user, route, 300);
    const ROUNDS = 3;
    for (let round = 0; round < ROUNDS; round++) {
      for (const user of ['tenant', 'global'] as const) {
        for (const route of ['ping', 'list'] as const) {
          const key = `${user} ${route}`;
          results[key] ??= [];
          results[key].push(await run(user, route, Math.ceil(REQUESTS / ROUNDS)));
        }
      }
    }
    return Object.entries(results).map(([scenario, r]) => ({ db: kind, scenario, s: summarise(r) }));
  } finally {
    await stopServer(server);
    await scratch?.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

const kinds = args.db.split(',') as ('postgres' | 'pglite')[];
const rows: Row[] = [];
for (const kind of kinds) rows.push(...(await benchOne(kind)));

const f = (n: number) => n.toFixed(2).padStart(8);
console.log(
  `\n${'db'.padEnd(9)}${'scenario'.padEnd(14)}${'requests'.padStart(9)}${'req/s'.padStart(9)}${'p50 ms'.padStart(9)}${'p95 ms'.padStart(9)}${'p99 ms'.padStart(9)} errors`,
);
for (const r of rows) {
  console.log(
    `${r.db.padEnd(9)}${r.scenario.padEnd(14)}${String(r.s.requests).padStart(9)}${r.s.rps.toFixed(0).padStart(9)}${f(r.s.p50)} ${f(r.s.p95)} ${f(r.s.p99)} ${r.s.errors}`,
  );
}
const ratios: string[] = [];
let met = 0;
for (const kind of kinds) {
  for (const user of ['tenant', 'global']) {
    const ping = rows.find((r) => r.db === kind && r.scenario === `${user} ping`)!.s;
    const list = rows.find((r) => r.db === kind && r.scenario === `${user} list`)!.s;
    const ratio = list.p95 / ping.p95;
    if (ratio <= 3) met++;
    ratios.push(`${kind} ${user} ${ratio.toFixed(2)}x${ratio <= 3 ? '' : ' (over)'}`);
  }
}
const errors = rows.reduce((s, r) => s + r.s.errors, 0);
console.log(
  `\napi device list p95 / trivial route p95: ${ratios.join(', ')}; target <= 3x met in ${met} of ${ratios.length} scenarios${errors ? `; ${errors} errors` : ''}`,
);
