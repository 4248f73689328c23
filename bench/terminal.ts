/**
 * npm run bench:terminal -- [--terminals 50] [--keys 60] [--db postgres|pglite]
 *
 * 50 people typing at once in browser terminals: each terminal is a WebSocket to `webnet serve`
 * (its own process, on PostgreSQL by default), which holds an SSH session to a lab device (its own process) and
 * relays every keystroke and its echo, recording both ways. Each keystroke's latency is the time
 * from sending it to reading its echo back. The baseline, in the same run: direct ssh2 shells to
 * the same devices, typing the same keystrokes with the same pauses.
 * Last line: `terminal echo p50 <a> ms p99 <b> ms, direct p50 <c> ms p99 <d> ms, ratio p99 <b/d>`.
 * Target: p99 within 2× direct plus 5 ms.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import ssh2 from 'ssh2';
import WebSocket from 'ws';
import { createScratchPostgres } from '../tests/helpers/db.ts';
import { freePort } from '../tests/helpers/net.ts';
import { LAB_LOGIN, type LabTarget, startLab, stopLab } from './lab-process.ts';
import { api, login, serverEnv, startServer, stopServer } from './server-process.ts';

const { values: args } = parseArgs({
  options: {
    terminals: { type: 'string', default: '50' },
    keys: { type: 'string', default: '60' },
    db: { type: 'string', default: 'postgres' },
  },
});
const TERMINALS = Number(args.terminals);
const KEYS = Number(args.keys);
const PASSWORD = 'bench password 1234';
const WARMUP = 6;
/** A person types a key every 30–90 ms; the same pauses for both paths. */
const pause = (i: number, t: number) => 30 + ((i * 37 + t * 11) % 60);
/** Letters, then as many backspaces, so no command ever runs and the line stays short. */
const keystroke = (i: number) => (i % 20 < 10 ? String.fromCharCode(97 + ((i * 7) % 26)) : '\x7f');

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
};

/** Resolves for everyone once `count` have arrived. */
function barrier(count: number) {
  let arrived = 0;
  let release = () => {};
  const all = new Promise<void>((resolve) => {
    release = resolve;
  });
  return () => {
    if (++arrived === count) release();
    return all;
  };
}

/** Types KEYS keystrokes on a line, each after its pause, and times each echo. */
async function typeOn(
  t: number,
  send: (key: string) => void,
  nextOutput: () => Promise<string>,
  latencies: number[],
): Promise<void> {
  // The first keystrokes warm up both ends (code compiled on first use), as a server that has
  // been up for a while is; they are typed the same way and not counted.
  for (let i = -WARMUP; i < KEYS; i++) {
    await new Promise((r) => setTimeout(r, pause(i + WARMUP, t)));
    const key = i < 0 ? ((i + WARMUP) % 2 === 0 ? 'x' : '\x7f') : keystroke(i);
    const echo = nextOutput();
    const sent = performance.now();
    send(key);
    const out = await echo;
    if (i < 0) continue;
    latencies.push(performance.now() - sent);
    const expected = key === '\x7f' ? '\b \b' : key;
    if (!out.includes(expected))
      throw new Error(`terminal ${t}: sent ${JSON.stringify(key)}, got ${JSON.stringify(out)}`);
  }
}

/** What arrives next, one waiter at a time. */
function outputQueue() {
  let waiting: ((s: string) => void) | null = null;
  let buffered = '';
  return {
    push(chunk: string) {
      if (waiting) {
        const w = waiting;
        waiting = null;
        w(buffered + chunk);
        buffered = '';
      } else buffered += chunk;
    },
    next(): Promise<string> {
      buffered = '';
      return new Promise((resolve) => {
        waiting = resolve;
      });
    },
    take() {
      const b = buffered;
      buffered = '';
      return b;
    },
  };
}

async function direct(
  device: LabTarget,
  t: number,
  latencies: number[],
  ready: () => Promise<void>,
  done: () => Promise<void>,
): Promise<void> {
  const client = new ssh2.Client();
  await new Promise<void>((resolve, reject) => {
    client.on('ready', () => resolve()).on('error', reject);
    client.connect({
      host: device.host,
      port: device.port,
      username: LAB_LOGIN.username,
      password: LAB_LOGIN.password,
    });
  });
  const stream = await new Promise<ssh2.ClientChannel>((resolve, reject) =>
    client.shell({ term: 'xterm-256color', cols: 80, rows: 24 }, (err, s) =>
      err ? reject(err) : resolve(s),
    ),
  );
  const queue = outputQueue();
  let seen = '';
  stream.on('data', (d: Buffer) => {
    seen += d.toString('utf8');
    queue.push(d.toString('utf8'));
  });
  while (!/[>#]\s*$/.test(seen)) await new Promise((r) => setTimeout(r, 20));
  // Let the login's last output go by before the first keystroke.
  await ready();
  await new Promise((r) => setTimeout(r, 500));
  queue.take();
  await typeOn(
    t,
    (k) => stream.write(k),
    () => queue.next(),
    latencies,
  );
  await done();
  client.end();
}

async function throughWebnet(
  origin: string,
  token: string,
  deviceId: string,
  t: number,
  latencies: number[],
  ready: () => Promise<void>,
  done: () => Promise<void>,
) {
  const socket = new WebSocket(
    `${origin.replace('http', 'ws')}/ws/devices/${deviceId}/terminal?cols=80&rows=24`,
    {
      headers: { authorization: `Bearer ${token}` },
    },
  );
  const queue = outputQueue();
  let connected = false;
  let seen = '';
  let closed = '';
  socket.on('message', (raw, isBinary) => {
    if (isBinary) {
      seen += String(raw);
      queue.push(String(raw));
      return;
    }
    const m = JSON.parse(String(raw));
    if (m.state === 'connected') connected = true;
    else if (m.state === 'closed') closed = m.message;
  });
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
  while (!(connected && /[>#]\s*$/.test(seen))) {
    if (closed) throw new Error(`terminal ${t} closed: ${closed}`);
    await new Promise((r) => setTimeout(r, 20));
  }
  await ready();
  await new Promise((r) => setTimeout(r, 500));
  queue.take();
  await typeOn(
    t,
    // As the browser sends keystrokes: binary frames.
    (k) => socket.send(Buffer.from(k)),
    () => queue.next(),
    latencies,
  );
  await done();
  socket.close();
}

const lab = await startLab([
  '--devices',
  String(TERMINALS),
  '--platform',
  'cisco_ios',
  '--topology',
  'flat',
  '--address',
  '127.63.0.1',
]);
// PostgreSQL, as a deployment with many people at terminals has (PGlite writes block the
// process's event loop, every keystroke behind them; --db pglite measures that).
const scratch = args.db === 'postgres' ? await createScratchPostgres() : undefined;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'webnet-bench-terminal-'));
const port = await freePort();
const origin = `http://127.0.0.1:${port}`;
const server = await startServer(
  serverEnv({
    port,
    dataDir,
    databaseUrl: scratch?.url,
    secretKey: Buffer.alloc(32, 7).toString('base64'),
    extra: {
      WEBNET_ADMIN_PASSWORD: PASSWORD,
      WEBNET_TERMINAL_MAX_PER_USER: String(TERMINALS),
      WEBNET_TERMINAL_MAX_PER_CUSTOMER: String(TERMINALS),
    },
  }),
);
try {
  const token = await login(origin, 'admin', PASSWORD);
  const customer = await api(origin, token, 'POST', '/api/v1/customers', { name: 'Bench', description: '' });
  const credential = await api(origin, token, 'POST', '/api/v1/credentials', {
    customerId: customer.id,
    name: 'lab',
    username: LAB_LOGIN.username,
    password: LAB_LOGIN.password,
    enableSecret: LAB_LOGIN.secret,
  });
  const ids: string[] = [];
  for (const d of lab.devices) {
    const created = await api(origin, token, 'POST', '/api/v1/devices', {
      customerId: customer.id,
      hostname: d.hostname,
      mgmtIp: d.host,
      port: d.port,
      platform: d.platform,
      credentialId: credential.id,
    });
    ids.push(String(created.id));
  }

  const directLatencies: number[] = [];
  // Each path's terminals open before any types, and stay open until all have typed: what is
  // measured is typing with every terminal open, not logging in or out.
  const [directReady, directDone] = [barrier(lab.devices.length), barrier(lab.devices.length)];
  await Promise.all(lab.devices.map((d, t) => direct(d, t, directLatencies, directReady, directDone)));
  const webnetLatencies: number[] = [];
  const [webnetReady, webnetDone] = [barrier(ids.length), barrier(ids.length)];
  await Promise.all(
    ids.map((id, t) => throughWebnet(origin, token, id, t, webnetLatencies, webnetReady, webnetDone)),
  );

  const a = percentile(webnetLatencies, 50);
  const b = percentile(webnetLatencies, 99);
  const c = percentile(directLatencies, 50);
  const d = percentile(directLatencies, 99);
  console.log(
    `${TERMINALS} terminals × ${KEYS} keystrokes each, typed at once; lab devices ${lab.devices.length}`,
  );
  for (const [name, list] of [
    ['webnet', webnetLatencies],
    ['direct', directLatencies],
  ] as const)
    console.log(
      `${name}: p90 ${percentile(list, 90).toFixed(1)} ms, p95 ${percentile(list, 95).toFixed(1)} ms, max ${Math.max(...list).toFixed(1)} ms, over 20 ms: ${list.filter((x) => x > 20).length} of ${list.length}`,
    );
  console.log(`target: webnet p99 ≤ 2 × direct p99 + 5 ms = ${(2 * d + 5).toFixed(1)} ms`);
  console.log(
    `terminal echo p50 ${a.toFixed(1)} ms p99 ${b.toFixed(1)} ms, direct p50 ${c.toFixed(1)} ms p99 ${d.toFixed(1)} ms, ratio p99 ${(b / d).toFixed(2)}`,
  );
} finally {
  await stopServer(server);
  await stopLab(lab.child);
  fs.rmSync(dataDir, { recursive: true, force: true });
  await scratch?.drop();
}
