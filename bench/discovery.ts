/**
 * npm run bench:discovery -- [--devices 200] [--prefix 22]
 *
 * A /22 of lab addresses (1,024; 200 answer as lab devices, the rest refuse), swept by a
 * network_discovery job of `webnet serve` (its own process, PGlite, its worker in-process): each
 * answering address's SSH banner, a login with the customer's credential, platform detection and
 * the facts. The baseline, in this process in the same run: a bare sweep of the same addresses
 * (TCP connect and SSH banner, 64 at a time, no login).
 * Last line: `discovery <n> addresses, <d> devices found in <S> s, <r> addresses/s, bare banner
 * sweep <B> s`. Target: ≤ 30 s.
 */
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { freePort } from '../tests/helpers/net.ts';
import { LAB_LOGIN, startLab, stopLab } from './lab-process.ts';
import { api, login, serverEnv, startServer, stopServer } from './server-process.ts';

const { values: args } = parseArgs({
  options: { devices: { type: 'string', default: '200' }, prefix: { type: 'string', default: '22' } },
});
const DEVICES = Number(args.devices);
const PREFIX = Number(args.prefix);
const NETWORK = '127.62.0.0';
const PORT = 2222;
const PASSWORD = 'bench password 1234';

function addressesOf(first: string, count: number): string[] {
  const base = first.split('.').reduce((n, o) => n * 256 + Number(o), 0);
  return Array.from({ length: count }, (_, i) =>
    [24, 16, 8, 0].map((s) => Math.floor((base + i) / 2 ** s) % 256).join('.'),
  );
}

/** The floor: connect and read the SSH identification line, nothing more. */
function banner(host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port: PORT });
    const done = (ok: boolean) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(ok);
    };
    const timer = setTimeout(() => done(false), 2000);
    socket.once('data', (d) => done(d.toString().startsWith('SSH-')));
    socket.once('error', () => done(false));
  });
}

async function bareSweep(addresses: string[]): Promise<{ seconds: number; found: number }> {
  const started = performance.now();
  let next = 0;
  let found = 0;
  await Promise.all(
    Array.from({ length: 64 }, async () => {
      while (next < addresses.length) if (await banner(addresses[next++]!)) found++;
    }),
  );
  return { seconds: (performance.now() - started) / 1000, found };
}

const lab = await startLab(['--devices', String(DEVICES), '--address', '127.62.0.1', '--port', String(PORT)]);
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'webnet-bench-discovery-'));
const port = await freePort();
const origin = `http://127.0.0.1:${port}`;
const server = await startServer(
  serverEnv({
    port,
    dataDir,
    databaseUrl: undefined,
    secretKey: Buffer.alloc(32, 9).toString('base64'),
    extra: { WEBNET_ADMIN_PASSWORD: PASSWORD },
  }),
);
try {
  const count = 2 ** (32 - PREFIX);
  const addresses = addressesOf(NETWORK, count);
  const bare = await bareSweep(addresses);
  const token = await login(origin, 'admin', PASSWORD);
  const customer = await api(origin, token, 'POST', '/api/v1/customers', { name: 'Bench', description: '' });
  await api(origin, token, 'POST', '/api/v1/credentials', {
    customerId: customer.id,
    name: 'lab',
    username: LAB_LOGIN.username,
    password: LAB_LOGIN.password,
    enableSecret: LAB_LOGIN.secret,
  });
  const started = performance.now();
  const job = await api(origin, token, 'POST', '/api/v1/jobs', {
    type: 'network_discovery',
    payload: {
      customerId: customer.id,
      ranges: [`${NETWORK}/${PREFIX}`],
      sshPort: PORT,
      connectTimeoutMs: 2000,
    },
  });
  let status = '';
  while (!['success', 'partial', 'failed', 'cancelled'].includes(status)) {
    await new Promise((r) => setTimeout(r, 100));
    status = String((await api(origin, token, 'GET', `/api/v1/jobs/${job.id}`)).status);
  }
  const seconds = (performance.now() - started) / 1000;
  const found = await api(origin, token, 'GET', `/api/v1/discovery?jobId=${job.id}&pageSize=500`);
  const items = found.items as { platform: string }[];
  const read = items.filter((i) => i.platform).length;
  console.log(
    `lab devices: ${lab.devices.length}; job ${status}; ${found.total} found, ${read} logged in and read`,
  );
  console.log(`bare banner sweep: ${bare.found} answering in ${bare.seconds.toFixed(2)} s`);
  console.log(
    `discovery ${count} addresses, ${found.total} devices found in ${seconds.toFixed(1)} s, ${(count / seconds).toFixed(0)} addresses/s, bare banner sweep ${bare.seconds.toFixed(2)} s`,
  );
} finally {
  await stopServer(server);
  await stopLab(lab.child);
  fs.rmSync(dataDir, { recursive: true, force: true });
}
