/**
 * npm run bench:reload -- [--times 5] [--file src/domains/devices/routes.ts]
 *
 * The development loop's wait: `webnet serve` under `node --watch` (as `npm run dev` runs it, on
 * PGlite in a fresh data directory), then a route file saved (rewritten with its own content, as
 * an editor's save is), and the time until the restarted process answers /healthz with a new
 * start time. The baseline in the same run: the time from spawning the same command to its first
 * answer (a cold start, the most a reload can cost).
 * Last line: `reload: saved <file>, new code answering after <p50> ms (max <max> ms, cold start <c> ms)`.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { freePort } from '../tests/helpers/net.ts';

const { values: args } = parseArgs({
  options: {
    times: { type: 'string', default: '5' },
    file: { type: 'string', default: 'src/domains/devices/routes.ts' },
  },
});
const ROOT = path.resolve(import.meta.dirname, '..');
const FILE = path.join(ROOT, args.file);
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'webnet-bench-reload-'));
const port = await freePort();

async function startedAt(): Promise<string | undefined> {
  try {
    const res = await fetch(`http://127.0.0.1:${port}/healthz`);
    return res.ok ? ((await res.json()) as { startedAt: string }).startedAt : undefined;
  } catch {
    return undefined;
  }
}

async function until(ok: (s: string | undefined) => boolean): Promise<string> {
  for (;;) {
    const s = await startedAt();
    if (ok(s)) return s!;
    await new Promise((r) => setTimeout(r, 10));
  }
}

const spawned = performance.now();
const child = spawn(
  process.execPath,
  ['--watch', '--max-semi-space-size=64', path.join(ROOT, 'src/cli/main.ts'), 'serve'],
  {
    cwd: ROOT,
    stdio: 'ignore',
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      WEBNET_DATA_DIR: dataDir,
      WEBNET_LOG_LEVEL: 'warn',
      WEBNET_SECRET_KEY: Buffer.alloc(32, 3).toString('base64'),
      // As `npm run dev` runs it.
      NODE_COMPILE_CACHE: path.join(ROOT, 'node_modules/.cache/node-compile'),
    },
  },
);
const original = fs.readFileSync(FILE);
try {
  let current = await until((s) => s !== undefined);
  const cold = performance.now() - spawned;
  const times: number[] = [];
  for (let i = 0; i < Number(args.times); i++) {
    const saved = performance.now();
    fs.writeFileSync(FILE, original);
    current = await until((s) => s !== undefined && s !== current);
    times.push(performance.now() - saved);
    // Settle before the next save, as a person reads the answer before editing again.
    await new Promise((r) => setTimeout(r, 500));
  }
  times.sort((a, b) => a - b);
  const p50 = times[Math.floor(times.length / 2)]!;
  console.log(`saves: ${times.map((t) => t.toFixed(0)).join(', ')} ms`);
  console.log(
    `reload: saved ${args.file}, new code answering after ${p50.toFixed(0)} ms (max ${times.at(-1)!.toFixed(0)} ms, cold start ${cold.toFixed(0)} ms)`,
  );
} finally {
  fs.writeFileSync(FILE, original);
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
  fs.rmSync(dataDir, { recursive: true, force: true });
}
