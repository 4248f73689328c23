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
import { sql } from 'drizzle-orm';
import { createUser } from '../src/domains/users/service.ts';
import { openDatabase, queryRows } from '../src/platform/db/client.ts';
import { systemActor } from '../src/platform/tenancy.ts';
import { createScratchPostgres } from '../tests/helpers/db.ts';
import { freePort } from '../tests/helpers/net.ts';
import { type LoadResult, load, type Summary, summarise } from './load.ts';
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

async function seed(databaseUrl: string | undefined, dataDir: string) {
  const database = await openDatabase({ databaseUrl, dataDir });
  try {
    await database.migrate();
    const db = database.db;
    const t0 = performance.now();
    await db.execute(
      sql`insert into customers (name) select 'bench-customer-' || lpad(g::text, 2, '0') from generate_series(1, ${CUSTOMERS}) g`,
    );
    const perCustomer = Math.ceil(DEVICES / CUSTOMERS);
    await db.execute(sql`
      insert into devices (customer_id, hostname, mgmt_ip, vendor, platform, role, site, tags, enabled, reachability)
      select c.id,
             format('%s-%s-%s', (array['core','spine','leaf','access','edge'])[g % 5 + 1], 'site' || (g % 12), g),
             ('10.' || c.idx || '.' || (g / 256) || '.' || (g % 256))::inet,
             (array['cisco','arista','juniper','linux'])[g % 4 + 1],
             (array['cisco_ios','arista_eos','juniper_junos','linux'])[g % 4 + 1],
             (array['core','spine','leaf','access','edge'])[g % 5 + 1],
             'site-' || (g % 12),
             case when g % 3 = 0 then array['prod','bgp'] else array['prod'] end,
             g % 10 <> 0,
             (array['reachable','reachable','unreachable','unknown'])[g % 4 + 1]
      from (select id, row_number() over (order by name) as idx from customers) c,
           generate_series(1, ${perCustomer}) g`);
    // What autovacuum does within a minute of a bulk load: statistics and the visibility map.
    await db.execute(sql`vacuum analyze`);
    const [first] = await queryRows<{ id: string }>(db, sql`select id from customers order by name limit 1`);
    const customerId = first!.id;
    const sys = systemActor('bench');
    const base = { password: PASSWORD, displayName: '', email: null, active: true };
    await createUser(db, sys, {
      ...base,
      username: 'tenant',
      role: 'operator',
      allCustomers: false,
      customerIds: [customerId],
    });
    await createUser(db, sys, {
      ...base,
      username: 'global',
      role: 'admin',
      allCustomers: true,
      customerIds: [],
    });
    return (performance.now() - t0) / 1000;
  } finally {
    await database.close();
  }
}

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
