/**
 * The release layout the Docker image uses (`npm run release`): built here, then started as the
 * image starts it, on its embedded PGlite and on PostgreSQL with a separate worker. (Container
 * images cannot be pulled on these machines; the folder is what the image copies.)
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScratchPostgres } from './helpers/db.ts';
import { freePort } from './helpers/net.ts';
import { stopProcess } from './helpers/worker-process.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'webnet-release-'));
const release = path.join(work, 'release');
const children: ChildProcess[] = [];
let scratch: Awaited<ReturnType<typeof createScratchPostgres>> | undefined;

/** Node 24 first on the PATH, as in the image (this machine's default Node is older). */
const env = (extra: Record<string, string>) => ({
  ...process.env,
  PATH: `${path.dirname(process.execPath)}:${process.env.PATH}`,
  WEBNET_LOG_LEVEL: 'warn',
  ...extra,
});

async function start(args: string[], extra: Record<string, string>, ready: RegExp): Promise<ChildProcess> {
  const child = spawn(path.join(release, 'bin/webnet'), args, {
    env: env(extra),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let out = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`did not start: ${out}`)), 60_000);
    const seen = (d: Buffer) => {
      out += d;
      if (ready.test(out)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', seen);
    child.stderr!.on('data', seen);
    child.once('exit', (code) => reject(new Error(`exited ${code}: ${out}`)));
  });
  return child;
}

async function readyz(port: number) {
  const res = await fetch(`http://127.0.0.1:${port}/readyz`);
  return { status: res.status, body: await res.json() };
}

beforeAll(() => {
  execFileSync(process.execPath, [path.join(ROOT, 'scripts/release.ts'), release], {
    cwd: ROOT,
    stdio: 'pipe',
    env: env({}),
  });
}, 300_000);
afterAll(async () => {
  for (const c of children) await stopProcess(c);
  await scratch?.drop();
  fs.rmSync(work, { recursive: true, force: true });
});

describe('the release folder', () => {
  it('holds production dependencies only, and no tests or development tools', () => {
    const modules = fs.readdirSync(path.join(release, 'node_modules'));
    expect(modules).toContain('pg');
    expect(modules).toContain('ssh2');
    for (const dev of ['vite', 'vitest', 'typescript', '@biomejs', 'playwright-core', 'node', 'smtp-server'])
      expect(modules, dev).not.toContain(dev);
    const files = execFileSync('find', [path.join(release, 'src'), '-name', '*.test.ts'])
      .toString()
      .trim();
    expect(files).toBe('');
    expect(fs.existsSync(path.join(release, 'web/dist/index.html'))).toBe(true);
    expect(fs.statSync(path.join(release, 'bin/webnet')).mode & 0o111).not.toBe(0);
  });

  it('starts on its embedded database and answers /readyz and the web UI', async () => {
    const port = await freePort();
    const dataDir = path.join(work, 'data');
    await start(['serve'], { PORT: String(port), WEBNET_DATA_DIR: dataDir }, /web UI: http/);
    expect(await readyz(port)).toEqual({
      status: 200,
      body: {
        status: 'ready',
        database: 'pglite',
        checks: { database: 'ok', migrations: 'ok', queue: 'ok' },
      },
    });
    const page = await fetch(`http://127.0.0.1:${port}/`);
    expect(await page.text()).toContain('<div id="root">');
    expect(fs.existsSync(path.join(dataDir, 'initial-admin-password'))).toBe(true);
  }, 90_000);

  it('runs as the image does in production: a web process and a worker on PostgreSQL', async () => {
    scratch = await createScratchPostgres();
    const port = await freePort();
    const metrics = await freePort();
    const shared = {
      DATABASE_URL: scratch.url,
      WEBNET_SECRET_KEY: `k1:${Buffer.alloc(32, 7).toString('base64')}`,
    };
    await start(['serve', '--no-worker'], { ...shared, PORT: String(port) }, /web UI: http/);
    await start(['worker'], { ...shared, WEBNET_WORKER_METRICS_PORT: String(metrics) }, /webnet worker:/);
    expect((await readyz(port)).body).toMatchObject({ status: 'ready', database: 'postgres' });
    // The worker's own probe, as a Kubernetes readiness check reads it.
    expect(await readyz(metrics)).toMatchObject({ status: 200, body: { status: 'ready' } });
    expect((await fetch(`http://127.0.0.1:${metrics}/healthz`)).status).toBe(200);
    const scraped = await (await fetch(`http://127.0.0.1:${metrics}/metrics`)).text();
    expect(scraped).toMatch(/^webnet_worker_slots\{state="capacity"\} \d+/m);
  }, 90_000);
});
