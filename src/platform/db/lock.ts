import fs from 'node:fs';
import path from 'node:path';

/**
 * PGlite is one process's database: two processes writing the same directory corrupt it.
 * A pid file taken with O_EXCL guards the directory; a lock whose process is gone is stale
 * and taken over (a crash must not need manual cleanup). Written by hand because the
 * lock libraries on npm use mtime heartbeats, which misjudge a paused-but-alive process.
 */
export function acquireDirLock(dir: string): () => void {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'webnet.lock');
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      fs.writeFileSync(file, String(process.pid), { flag: 'wx' });
      let released = false;
      return () => {
        if (released) return;
        released = true;
        fs.rmSync(file, { force: true });
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const holder = Number.parseInt(fs.readFileSync(file, 'utf8'), 10);
      if (Number.isInteger(holder) && holder !== process.pid && isAlive(holder)) {
        throw new Error(
          `data directory ${dir} is in use by process ${holder}; stop it first, or set DATABASE_URL to share a PostgreSQL server between processes`,
        );
      }
      fs.rmSync(file, { force: true });
    }
  }
  throw new Error(`could not lock data directory ${dir}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
