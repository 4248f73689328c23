/**
 * `webnet db snapshot NAME` / `webnet db restore NAME`: save a development database and go back
 * to it (before trying a migration, between two manual test runs). On PGlite the database is a
 * folder, copied while no webnet holds it; on PostgreSQL a snapshot is a database of its own made
 * from the current one as a template (the server copies files; no dump, no client tools).
 */
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { acquireDirLock } from './lock.ts';

const NAME = /^[a-z0-9][a-z0-9_]{0,39}$/;

export type SnapshotTarget = { databaseUrl?: string | undefined; dataDir: string };

function checkName(name: string): void {
  if (!NAME.test(name))
    throw new Error(
      `a snapshot name is 1 to 40 of a-z, 0-9 and _, starting with a letter or digit; not "${name}"`,
    );
}

/** PGlite: the data directory's database folder and where its snapshots go. */
function pgliteDirs(dataDir: string, name: string) {
  return { live: path.join(dataDir, 'pglite'), saved: path.join(dataDir, 'snapshots', name) };
}

/** The same folder copied, with nobody using it (the data directory's lock says so). */
function withDataDir<T>(dataDir: string, work: () => T): T {
  let release: () => void;
  try {
    release = acquireDirLock(dataDir);
  } catch (err) {
    throw new Error(`stop webnet first: ${(err as Error).message}`);
  }
  try {
    return work();
  } finally {
    release();
  }
}

/** PostgreSQL: the server with the database named in the URL, reached through its `postgres` database. */
async function onServer<T>(databaseUrl: string, work: (c: pg.Client, db: string) => Promise<T>): Promise<T> {
  const url = new URL(databaseUrl);
  const db = decodeURIComponent(url.pathname.slice(1));
  url.pathname = '/postgres';
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  try {
    return await work(client, db);
  } finally {
    await client.end();
  }
}

function snapshotDb(db: string, name: string): string {
  const copy = `${db}__snapshot__${name}`;
  // PostgreSQL cuts names at 63 bytes: a longer one would silently name another database.
  if (Buffer.byteLength(copy) > 63) throw new Error(`snapshot name "${name}" is too long for database ${db}`);
  return copy;
}
const quote = (id: string) => `"${id.replace(/"/g, '""')}"`;

/** Other sessions on a database keep it from being a template or being dropped: they are ended. */
async function endSessions(c: pg.Client, db: string): Promise<void> {
  await c.query(
    'select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()',
    [db],
  );
}

async function exists(c: pg.Client, db: string): Promise<boolean> {
  return (await c.query('select 1 from pg_database where datname = $1', [db])).rowCount === 1;
}

export async function snapshotDatabase(target: SnapshotTarget, name: string): Promise<string> {
  checkName(name);
  if (!target.databaseUrl) {
    const { live, saved } = pgliteDirs(target.dataDir, name);
    if (!fs.existsSync(live)) throw new Error(`no database in ${target.dataDir} yet`);
    withDataDir(target.dataDir, () => {
      fs.rmSync(saved, { recursive: true, force: true });
      fs.cpSync(live, saved, { recursive: true });
    });
    return `saved ${live} as snapshot "${name}" (${saved})`;
  }
  return onServer(target.databaseUrl, async (c, db) => {
    const copy = snapshotDb(db, name);
    if (await exists(c, copy)) await c.query(`drop database ${quote(copy)} with (force)`);
    await endSessions(c, db);
    await c.query(`create database ${quote(copy)} template ${quote(db)}`);
    return `saved database ${db} as snapshot "${name}" (database ${copy})`;
  });
}

export async function restoreDatabase(target: SnapshotTarget, name: string): Promise<string> {
  checkName(name);
  if (!target.databaseUrl) {
    const { live, saved } = pgliteDirs(target.dataDir, name);
    if (!fs.existsSync(saved)) throw new Error(`no snapshot "${name}" in ${target.dataDir}/snapshots`);
    withDataDir(target.dataDir, () => {
      fs.rmSync(live, { recursive: true, force: true });
      fs.cpSync(saved, live, { recursive: true });
    });
    return `restored snapshot "${name}" into ${live}`;
  }
  return onServer(target.databaseUrl, async (c, db) => {
    const copy = snapshotDb(db, name);
    if (!(await exists(c, copy))) throw new Error(`no snapshot "${name}" of database ${db}`);
    await c.query(`drop database if exists ${quote(db)} with (force)`);
    await endSessions(c, copy);
    await c.query(`create database ${quote(db)} template ${quote(copy)}`);
    return `restored snapshot "${name}" into database ${db}`;
  });
}

export async function listSnapshots(target: SnapshotTarget): Promise<string[]> {
  if (!target.databaseUrl) {
    const dir = path.join(target.dataDir, 'snapshots');
    return fs.existsSync(dir) ? fs.readdirSync(dir).sort() : [];
  }
  return onServer(target.databaseUrl, async (c, db) => {
    const prefix = `${db}__snapshot__`;
    const rows = await c.query<{ datname: string }>(
      'select datname from pg_database where starts_with(datname, $1) order by datname',
      [prefix],
    );
    return rows.rows.map((r) => r.datname.slice(prefix.length));
  });
}
