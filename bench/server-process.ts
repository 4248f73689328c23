/** Starts `webnet serve` in its own process, as an operator would, and waits for it to listen. */
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const MAIN = path.resolve(import.meta.dirname, '../src/cli/main.ts');

/** `WEBNET_BENCH_CPU_PROF=dir` profiles the server (`--cpu-prof`): see bench/profile-summary.ts. */
const PROFILE = process.env.WEBNET_BENCH_CPU_PROF;
/**
 * `WEBNET_BENCH_NODE_FLAGS="--trace-gc"` (or `--heapsnapshot-signal=SIGUSR2`, `--import x.mjs`, …)
 * adds node flags to the server; its standard output (where V8's traces go) is then appended to
 * `WEBNET_BENCH_SERVER_OUT`, /tmp/webnet-bench-server.out by default.
 */
const NODE_FLAGS = process.env.WEBNET_BENCH_NODE_FLAGS?.split(/\s+/).filter(Boolean) ?? [];
const SERVER_OUT = process.env.WEBNET_BENCH_SERVER_OUT ?? path.join(os.tmpdir(), 'webnet-bench-server.out');

export async function startServer(env: NodeJS.ProcessEnv, args: string[] = []): Promise<ChildProcess> {
  const profile = PROFILE ? ['--cpu-prof', '--cpu-prof-dir', PROFILE] : [];
  const child = spawn(
    process.execPath,
    ['--max-semi-space-size=64', ...profile, ...NODE_FLAGS, MAIN, 'serve', ...args],
    {
      env,
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  let out = '';
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (d) => {
      out += d;
      if (NODE_FLAGS.length) fs.appendFileSync(SERVER_OUT, d);
      if (out.includes('API docs')) resolve();
    });
    child.on('exit', (code) => reject(new Error(`server exited ${code}: ${out}`)));
  });
  return child;
}

/** The environment of a benchmark's `webnet serve`: its own port, data dir and database, quiet logs. */
export function serverEnv(opts: {
  port: number;
  dataDir: string;
  databaseUrl: string | undefined;
  secretKey: string;
  extra?: Record<string, string>;
}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(opts.port),
    HOST: '127.0.0.1',
    WEBNET_DATA_DIR: opts.dataDir,
    WEBNET_LOG_LEVEL: 'warn',
    WEBNET_SECRET_KEY: opts.secretKey,
    ...opts.extra,
  };
  if (opts.databaseUrl) env.DATABASE_URL = opts.databaseUrl;
  else delete env.DATABASE_URL;
  return env;
}

export async function stopServer(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null) return;
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
}

/** The most memory the process has held so far (its high-water resident set), in MB. */
export function peakRssMb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return kb / 1024;
}

/** CPU seconds (user + system) used so far by every process whose command is `name`, children included. */
export function cpuSecondsOf(name: string): number {
  let ticks = 0;
  for (const pid of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      if (!stat.includes(`(${name})`)) continue;
      const f = stat.split(') ')[1]!.split(' ');
      ticks += Number(f[11]) + Number(f[12]);
    } catch {
      // The process ended while we looked.
    }
  }
  return ticks / 100;
}

/** CPU seconds (user + system) of one process. */
export function cpuSecondsOfPid(pid: number): number {
  const f = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(f[11]) + Number(f[12])) / 100;
}

/**
 * CPU seconds of each thread of a process so far, by the thread's name ("main" for the main one;
 * a name several threads share, such as V8's garbage collection helpers, summed): which thread a
 * run's time went to, e.g. compliance's evaluator thread ("WorkerThread") against the server's.
 */
export function threadCpuSeconds(pid: number): Map<string, number> {
  const out = new Map<string, number>();
  for (const tid of fs.readdirSync(`/proc/${pid}/task`)) {
    try {
      const stat = fs.readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      const name = tid === String(pid) ? 'main' : stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out.set(name, (out.get(name) ?? 0) + (Number(f[11]) + Number(f[12])) / 100);
    } catch {
      // The thread ended while we looked.
    }
  }
  return out;
}

/** What each thread spent between two readings of threadCpuSeconds, as "main 1.2, WorkerThread 1.4 CPU s". */
export function threadCpuSince(before: Map<string, number>, after: Map<string, number>): string {
  return `${[...after]
    .map(([name, s]) => [name, s - (before.get(name) ?? 0)] as const)
    .filter(([, s]) => s >= 0.01)
    .sort((a, b) => b[1] - a[1])
    .map(([name, s]) => `${name} ${s.toFixed(2)}`)
    .join(', ')} CPU s`;
}

/**
 * CPU seconds the whole machine has spent so far, every process and the kernel (user, nice,
 * system, irq, softirq from /proc/stat): what a process's own figure misses, such as the loopback
 * TCP that carries the lab's SSH and PostgreSQL's traffic. With `elapsedSeconds`, the share of
 * all cores that was busy tells whether a run was bound by CPU or by waiting.
 */
export function machineCpuSeconds(): number {
  const f = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  return ((f[0] ?? 0) + (f[1] ?? 0) + (f[2] ?? 0) + (f[5] ?? 0) + (f[6] ?? 0)) / 100;
}

const cores = os.availableParallelism();

/** The share of all the machine's cores busy over a run (see machineCpuSeconds). */
export const busyShare = (cpuSeconds: number, seconds: number) =>
  `${((100 * cpuSeconds) / (seconds * cores)).toFixed(0)} % of ${cores} cores busy`;

export async function login(origin: string, username: string, password: string): Promise<string> {
  const res = await fetch(`${origin}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password, session: 'token' }),
  });
  if (!res.ok) throw new Error(`login ${username}: ${res.status}`);
  return ((await res.json()) as { accessToken: string }).accessToken;
}

/** One call of webnet's API with a bearer token; a failure names the call and the answer. */
export async function api(origin: string, token: string, method: string, url: string, body?: unknown) {
  const res = await fetch(`${origin}${url}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  if (!res.ok) throw new Error(`${method} ${url}: ${res.status} ${await res.text()}`);
  return res.json() as Promise<Record<string, unknown>>;
}
