/** Starts `webnet lab` in its own process and reads back the inventory it wrote. */
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';

const MAIN = path.resolve(import.meta.dirname, '../src/cli/main.ts');

export type LabTarget = { hostname: string; host: string; port: number; platform: string };
export const LAB_LOGIN = { username: 'admin', password: 'lab-password', secret: 'lab-enable' };

export async function startLab(
  args: string[],
): Promise<{ child: ChildProcess; devices: LabTarget[]; cpuMs: () => number }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'webnet-lab-'));
  const inventory = path.join(dir, 'inventory.csv');
  // A larger young generation: the lab allocates a config's worth of strings and buffers per
  // session, and the default 16 MB semi-space makes the collector run several times a second.
  const child = spawn(
    process.execPath,
    ['--max-semi-space-size=64', MAIN, 'lab', ...args, '--inventory', inventory],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  let out = '';
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (d) => {
      out += d;
      if (out.includes('lab ready')) resolve();
    });
    child.on('exit', (code) => reject(new Error(`lab exited ${code}: ${out}`)));
  });
  const rows = parse(fs.readFileSync(inventory, 'utf8'), { columns: true }) as Record<string, string>[];
  fs.rmSync(dir, { recursive: true, force: true });
  const devices = rows.map((r) => ({
    hostname: r.hostname!,
    host: r.mgmt_ip!,
    port: Number(r.port),
    platform: r.platform!,
  }));
  // The lab's own CPU time (user + system), from /proc: what serving the devices cost it.
  const tick = 1000 / 100;
  const cpuMs = () => {
    const fields = fs.readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) * tick;
  };
  return { child, devices, cpuMs };
}

export async function stopLab(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
}
