/** `webnet db snapshot` / `restore`: a development database saved and brought back, on PGlite and PostgreSQL. */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCustomer } from '../src/domains/customers/service.ts';
import { customers } from '../src/domains/customers/table.ts';
import { openDatabase } from '../src/platform/db/client.ts';
import { systemActor } from '../src/platform/tenancy.ts';
import { createScratchPostgres, testDbKind } from './helpers/db.ts';

const MAIN = path.resolve(import.meta.dirname, '../src/cli/main.ts');
let dataDir = '';
let scratch: { url: string; drop(): Promise<void> } | undefined;

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'webnet-snap-'));
  if (testDbKind() === 'postgres') scratch = await createScratchPostgres();
});
afterAll(async () => {
  await scratch?.drop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

/** `webnet db …` as a developer types it. */
function webnet(...args: string[]) {
  const env: NodeJS.ProcessEnv = { ...process.env, WEBNET_DATA_DIR: dataDir, WEBNET_LOG_LEVEL: 'silent' };
  if (scratch) env.DATABASE_URL = scratch.url;
  else delete env.DATABASE_URL;
  return spawnSync(process.execPath, [MAIN, 'db', ...args], { env, encoding: 'utf8' });
}

/** Opens the database, does `work`, closes it (a PGlite folder has one user at a time). */
async function withDb<T>(work: (db: Awaited<ReturnType<typeof openDatabase>>['db']) => Promise<T>) {
  const database = await openDatabase({ databaseUrl: scratch?.url, dataDir });
  try {
    await database.migrate();
    return await work(database.db);
  } finally {
    await database.close();
  }
}
const names = () =>
  withDb(async (db) => (await db.select({ name: customers.name }).from(customers)).map((c) => c.name).sort());

describe('webnet db snapshot and restore', () => {
  it('saves the database, and restores it after later changes', async () => {
    await withDb((db) => createCustomer(db, systemActor(), { name: 'before', description: '' }));
    const saved = webnet('snapshot', 'clean');
    expect(saved.status, saved.stderr).toBe(0);
    expect(saved.stdout).toContain('snapshot "clean"');

    await withDb((db) => createCustomer(db, systemActor(), { name: 'after', description: '' }));
    expect(await names()).toEqual(['after', 'before']);

    const restored = webnet('restore', 'clean');
    expect(restored.status, restored.stderr).toBe(0);
    expect(await names()).toEqual(['before']);
    expect(webnet('snapshots').stdout.trim().split('\n')).toEqual(['clean']);
  }, 60_000);

  it('refuses a name it cannot use safely, and a snapshot that does not exist', () => {
    const bad = webnet('snapshot', '../etc');
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/snapshot name/);
    const missing = webnet('restore', 'nothing_here');
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/no snapshot "nothing_here"/);
  });

  it('never copies a database in use: PGlite waits for webnet to stop, PostgreSQL ends its other sessions', async () => {
    const database = await openDatabase({ databaseUrl: scratch?.url, dataDir, poolSize: 1 });
    const pid = async () =>
      (
        (await database.db.execute('select pg_backend_pid() as pid')) as unknown as {
          rows: { pid: number }[];
        }
      ).rows[0]!.pid;
    try {
      const before = scratch ? await pid() : 0;
      const busy = webnet('snapshot', 'busy');
      if (!scratch) {
        expect(busy.status).toBe(1);
        expect(busy.stderr).toMatch(/stop webnet first/);
      } else {
        expect(busy.status, busy.stderr).toBe(0);
        // The session that was open was ended (the copy is consistent); the pool opens another.
        await database.db.execute('select 1').catch(() => undefined);
        expect(await pid()).not.toBe(before);
      }
    } finally {
      await database.close().catch(() => undefined);
    }
  }, 60_000);
});
