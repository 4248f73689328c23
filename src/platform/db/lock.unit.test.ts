import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { acquireDirLock } from './lock.ts';

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'webnet-lock-'));

describe('data directory lock', () => {
  it('refuses a directory another live process holds', async () => {
    const dir = tmp();
    const holder = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)']);
    await new Promise((r) => holder.once('spawn', r));
    fs.writeFileSync(path.join(dir, 'webnet.lock'), String(holder.pid));
    try {
      expect(() => acquireDirLock(dir)).toThrow(new RegExp(`in use by process ${holder.pid}`));
    } finally {
      holder.kill();
    }
  });

  it('takes over a lock whose process is gone, and releases it', () => {
    const dir = tmp();
    fs.writeFileSync(path.join(dir, 'webnet.lock'), '999999999');
    const release = acquireDirLock(dir);
    expect(fs.readFileSync(path.join(dir, 'webnet.lock'), 'utf8')).toBe(String(process.pid));
    release();
    expect(fs.existsSync(path.join(dir, 'webnet.lock'))).toBe(false);
  });
});
