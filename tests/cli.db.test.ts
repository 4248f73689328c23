/**
 * The product as a newcomer runs it: `webnet serve` on an empty data dir creates the admin,
 * serves, holds its lock, stops cleanly on SIGTERM; `webnet user …` manages accounts.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScratchPostgres, testDbKind } from './helpers/db.ts';
import { freePort } from './helpers/net.ts';

const MAIN = path.resolve('src/cli/main.ts');
let dataDir: string;
let env: NodeJS.ProcessEnv;
let dropDb: () => Promise<void> = async () => {};

function run(args: string[], input?: string): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [MAIN, ...args], { env });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => {
      out += d;
    });
    child.stderr.on('data', (d) => {
      err += d;
    });
    child.on('close', (code) => resolve({ code, out, err }));
    child.stdin.end(input ?? '');
  });
}

async function serve(
  port: number,
  extra: NodeJS.ProcessEnv = {},
): Promise<{ child: ChildProcess; out: string; all: () => string }> {
  const child = spawn(process.execPath, [MAIN, 'serve'], { env: { ...env, PORT: String(port), ...extra } });
  let out = '';
  child.stdout!.on('data', (d) => {
    out += d;
  });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not start: ${out}`)), 30_000);
    child.stdout!.on('data', () => {
      if (out.includes('API docs')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.on('exit', (code) => reject(new Error(`serve exited ${code}: ${out}`)));
  });
  return { child, out, all: () => out };
}

async function stop(child: ChildProcess): Promise<number | null> {
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  child.kill('SIGTERM');
  return exited;
}

async function login(port: number, username: string, password: string) {
  return fetch(`http://127.0.0.1:${port}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password, session: 'token' }),
  });
}

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'webnet-cli-'));
  env = { ...process.env, WEBNET_DATA_DIR: dataDir, WEBNET_LOG_LEVEL: 'warn', HOST: '127.0.0.1' };
  delete env.DATABASE_URL;
  delete env.WEBNET_SECRET_KEY;
  if (testDbKind() === 'postgres') {
    const scratch = await createScratchPostgres();
    env.DATABASE_URL = scratch.url;
    dropDb = scratch.drop;
  }
});
afterAll(async () => {
  await dropDb();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('webnet CLI', () => {
  it('first start creates the admin, prints how to log in, and serves', async () => {
    const port = await freePort();
    // At the default level: the banner, then quiet (requests are logged at debug).
    const { child, out, all } = await serve(port, { WEBNET_LOG_LEVEL: 'info' });
    try {
      const file = path.join(dataDir, 'initial-admin-password');
      expect(out).toContain(`http://127.0.0.1:${port}`);
      expect(out).toContain(file);
      expect(fs.statSync(file).mode & 0o777).toBe(0o600);
      expect(fs.statSync(path.join(dataDir, 'secret.key')).mode & 0o777).toBe(0o600);
      const password = fs.readFileSync(file, 'utf8').trim();
      expect(out).not.toContain(password);
      expect((await login(port, 'admin', password)).status).toBe(200);
      expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
      const ready = await (await fetch(`http://127.0.0.1:${port}/readyz`)).json();
      expect(ready).toEqual({
        status: 'ready',
        database: testDbKind(),
        checks: { database: 'ok', migrations: 'ok', queue: 'ok' },
      });
      const spec = (await (await fetch(`http://127.0.0.1:${port}/api/openapi.json`)).json()) as {
        paths: object;
      };
      for (const p of ['/api/v1/devices', '/api/v1/jobs', '/api/v1/configs/search', '/api/v1/schedules/{id}'])
        expect(Object.keys(spec.paths)).toContain(p);
      expect((await fetch(`http://127.0.0.1:${port}/api/docs`)).status).toBe(200);
      expect(all()).not.toMatch(/"msg":"(?:incoming request|request completed|request)"/);

      if (testDbKind() === 'pglite') {
        const second = await run(['serve']);
        expect(second.code).toBe(1);
        expect(second.err).toMatch(/in use by process \d+/);
      }
    } finally {
      expect(await stop(child)).toBe(0);
    }
    if (testDbKind() === 'pglite') expect(fs.existsSync(path.join(dataDir, 'webnet.lock'))).toBe(false);
  });

  it('creates users and resets passwords from the shell; a restart keeps everything', async () => {
    const created = await run(
      ['user', 'create', 'alice', '--role', 'operator', '--password-stdin'],
      'alice has a long password\n',
    );
    expect(created.err).toBe('');
    expect(created.out).toContain('created operator "alice"');
    const reset = await run(['user', 'reset-password', 'admin']);
    const newPassword = /new password: (\S+)/.exec(reset.out)?.[1];
    expect(newPassword).toBeDefined();
    const missing = await run(['user', 'reset-password', 'nobody']);
    expect(missing.code).toBe(1);
    expect(missing.err).toContain('no user "nobody"');
    const weak = await run(['user', 'create', 'bob', '--password-stdin'], 'short\n');
    expect(weak.code).toBe(1);

    const port = await freePort();
    const { child, out } = await serve(port);
    try {
      expect(out).not.toContain('First start');
      expect((await login(port, 'alice', 'alice has a long password')).status).toBe(200);
      expect((await login(port, 'admin', newPassword!)).status).toBe(200);
    } finally {
      await stop(child);
    }
    // Five CLI processes and a server, each opening the database: slow on a busy machine.
  }, 90_000);

  it('migrate applies migrations; a bad setting stops with a message naming it', async () => {
    const migrated = await run(['migrate']);
    expect(migrated.out).toContain('migrations applied');
    const bad = await new Promise<{ code: number | null; err: string }>((resolve) => {
      const child = spawn(process.execPath, [MAIN, 'serve'], { env: { ...env, PORT: 'http' } });
      let err = '';
      child.stderr.on('data', (d) => {
        err += d;
      });
      child.on('close', (code) => resolve({ code, err }));
    });
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('PORT');
  });
});
