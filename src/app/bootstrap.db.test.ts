import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { testDatabase } from '../../tests/helpers/db.ts';
import { verifyPassword } from '../domains/auth/passwords.ts';
import { users } from '../domains/users/table.ts';
import type { Database } from '../platform/db/client.ts';
import { ensureFirstAdmin } from './bootstrap.ts';

let database: Database | undefined;
let dir: string | undefined;
afterEach(async () => {
  await database?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe('the first admin', () => {
  it('with a generated password, leaves it in a 0600 file; the next start does nothing', async () => {
    database = await testDatabase();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'webnet-boot-'));
    const first = await ensureFirstAdmin(database.db, dir);
    expect(first).toEqual({ created: true, passwordFile: path.join(dir, 'initial-admin-password') });
    expect(fs.statSync(path.join(dir, 'initial-admin-password')).mode & 0o777).toBe(0o600);
    expect(await ensureFirstAdmin(database.db, dir)).toEqual({ created: false });
  });

  it('with WEBNET_ADMIN_PASSWORD, writes the password nowhere and logs in with it', async () => {
    database = await testDatabase();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'webnet-boot-'));
    const result = await ensureFirstAdmin(database.db, dir, 'the operator chose this one');
    expect(result).toEqual({ created: true, passwordFile: undefined });
    expect(fs.readdirSync(dir)).toEqual([]);
    const [admin] = await database.db.select().from(users);
    expect(await verifyPassword(admin!.passwordHash, 'the operator chose this one')).toBe(true);
  });
});
