import type { Db } from '../../platform/db/client.ts';
import type { Logger } from '../../platform/logger.ts';
import { type LoadedTask, markRunning } from './task-loader.ts';

/** Sessions started within this many milliseconds are marked running in one statement. */
const LINGER_MS = 5;

/**
 * Marks devices running as their sessions start (not while they wait for a slot, so a device
 * shows running only once it is being contacted), the ones started together in one statement.
 */
export class StartMarker {
  private pending: { batch: LoadedTask[]; done: Promise<void> } | undefined;
  private readonly deps: { db: Db; log: Logger };

  constructor(deps: { db: Db; log: Logger }) {
    this.deps = deps;
  }

  /** Resolves once the device is marked (or the mark failed, which is logged). */
  mark(l: LoadedTask): Promise<void> {
    if (!this.pending) {
      const batch: LoadedTask[] = [];
      const done = new Promise((r) => setTimeout(r, LINGER_MS))
        .then(() => {
          this.pending = undefined;
          return markRunning(this.deps.db, batch);
        })
        // The results still land: a device is claimed while queued as well as running.
        .catch((err) => this.deps.log.warn({ err }, 'could not mark devices running'));
      this.pending = { batch, done };
    }
    this.pending.batch.push(l);
    return this.pending.done;
  }
}
