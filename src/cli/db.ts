import type { Config } from '../platform/config.ts';
import { listSnapshots, restoreDatabase, snapshotDatabase } from '../platform/db/snapshots.ts';

export async function dbCommand(what: 'snapshot' | 'restore' | 'list', name: string, config: Config) {
  const target = { databaseUrl: config.databaseUrl, dataDir: config.dataDir };
  if (what === 'list') {
    const names = await listSnapshots(target);
    process.stdout.write(names.length ? `${names.join('\n')}\n` : 'no snapshots\n');
    return;
  }
  const message =
    what === 'snapshot' ? await snapshotDatabase(target, name) : await restoreDatabase(target, name);
  process.stdout.write(`${message}\n`);
}
