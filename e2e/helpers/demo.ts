import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export type Demo = {
  url: string;
  password: string;
  dataDir: string;
  output: () => string;
  stop(): Promise<void>;
};

/** `webnet demo` as a first-time visitor starts it: its own process, a fresh data directory, any free port. */
export async function startDemo(opts: { devices?: number; address: string }): Promise<Demo> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'webnet-e2e-'));
  const password = `e2e-${Math.random().toString(36).slice(2)}-pass`;
  const child: ChildProcess = spawn(
    process.execPath,
    [
      '--max-semi-space-size=64',
      path.join(ROOT, 'src/cli/main.ts'),
      'demo',
      '--devices',
      String(opts.devices ?? 8),
      '--address',
      opts.address,
      '--password',
      password,
    ],
    {
      cwd: ROOT,
      env: { ...process.env, WEBNET_DATA_DIR: dataDir, PORT: '0', WEBNET_LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout?.on('data', (b) => {
    output += b;
  });
  child.stderr?.on('data', (b) => {
    output += b;
  });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`webnet demo did not start:\n${output}`)), 90_000);
    const check = () => {
      const m = /webnet demo: (http:\/\/\S+)[\s\S]*demo ready/.exec(output);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    };
    child.stdout?.on('data', check);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`webnet demo exited (${code}):\n${output}`));
    });
  });
  return {
    url,
    password,
    dataDir,
    output: () => output,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
