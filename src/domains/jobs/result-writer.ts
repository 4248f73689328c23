import type { Db } from '../../platform/db/client.ts';
import type { EventBus } from '../../platform/events.ts';
import type { Logger } from '../../platform/logger.ts';
import type { Queue } from '../../platform/queue.ts';
import type { SecretBox } from '../../platform/secrets.ts';
import type { JobRegistry } from './contract.ts';
import { recordResults, type TaskResult } from './results.ts';

/**
 * Results per write. Each write is a transaction of some fifteen statements whatever its size, and
 * each statement's round trip costs the worker's thread about 0.5 ms in the socket write alone
 * on a VM like ours: 100 where 50 made a 10,000-device backup 703, 713 and 723 devices/s against
 * 691, 695 and 703 (the machine 2.3-2.4 CPU ms per device against 2.4), run alternately. A write
 * still goes as soon as half a concurrency's worth of results wait (see the worker).
 */
const BATCH = 100;

type WriterDeps = {
  db: Db;
  queue: Queue;
  events: EventBus;
  log: Logger;
  registry: JobRegistry;
  secrets: SecretBox;
};
/** How long a result waits for others when no more are on their way. */
const LINGER_MS = 50;
/**
 * How long the first result of a batch waits for the batch to fill while sessions are running.
 * Each write is a transaction of some ten statements whatever its size. A worker with time to
 * spare wrote every 50 ms, 11 devices at a time: in a 10,000-device backup with the sessions on
 * a thread of their own (an experiment that left the worker's thread time to spare), 871 writes
 * where a busy worker makes 200, and PostgreSQL's CPU per device 2.5 ms against 1.5; waiting
 * 250 ms, 225 writes and 1.7 ms. Four writes a second keep the job's page live.
 */
const GATHER_MS = 250;

/**
 * Device results are written in batches: one transaction stores up to 100 devices' outcomes,
 * snapshots, counts and log lines, where one per device would make the database the bottleneck of a
 * 10,000-device backup. A failed write is tried again; the tasks stay unacknowledged until it lands.
 */
export class ResultWriter {
  readonly redactionKey: Uint8Array;
  private pending: TaskResult[] = [];
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> = Promise.resolve();
  private closed = false;

  private readonly deps: WriterDeps;
  private readonly settled: (results: TaskResult[]) => Promise<void>;
  private readonly abandoned: (results: TaskResult[]) => Promise<void>;
  private readonly moreComing: () => boolean;
  /** When the timer set fires (ms since the epoch). */
  private due = 0;

  /**
   * `settled` runs once a batch is stored; `abandoned` when it could not be: those tasks are let go
   * unacknowledged, and the queue runs them again elsewhere. `moreComing` says whether sessions
   * are running whose results a batch may wait for.
   */
  constructor(
    deps: WriterDeps,
    settled: (results: TaskResult[]) => Promise<void>,
    abandoned: (results: TaskResult[]) => Promise<void>,
    moreComing: () => boolean = () => false,
  ) {
    this.deps = deps;
    this.settled = settled;
    this.abandoned = abandoned;
    this.moreComing = moreComing;
    this.redactionKey = deps.secrets.deriveKey('config-redaction');
  }

  /**
   * `now`: written without waiting for others, for a result that is a large piece of work of its
   * own (a work item grouping devices): the next of its job starts only once it is acknowledged.
   */
  add(result: TaskResult, now = false): void {
    this.pending.push(result);
    if (now || this.pending.length >= BATCH) this.flushSoon(0);
    else this.flushSoon(this.moreComing() ? GATHER_MS : LINGER_MS);
  }

  /** Resolves when everything added so far is stored and settled. */
  async drain(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.writing = this.writing.then(() => this.flush(true));
    await this.writing;
  }

  async close(): Promise<void> {
    await this.drain();
    this.closed = true;
    clearTimeout(this.timer);
  }

  /** Sets the write for `delay` from now, unless one is due sooner. */
  private flushSoon(delay: number): void {
    if (this.timer && Date.now() + delay >= this.due) return;
    clearTimeout(this.timer);
    this.due = Date.now() + delay;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.writing = this.writing.then(() => this.flush());
    }, delay);
  }

  /**
   * Stores results now, in one transaction, trying a few times (the database may be restarting);
   * false when they could not be stored. A batch of devices from one queue task comes this way.
   */
  async record(batch: TaskResult[]): Promise<boolean> {
    for (let attempt = 1; attempt <= 5; attempt++) {
      try {
        const afterCommit: (() => void)[] = [];
        await this.deps.db.transaction((tx) => recordResults(tx, this.deps, batch, afterCommit));
        // Counted once stored: a batch tried again is not counted twice.
        for (const apply of afterCommit) apply();
        return true;
      } catch (err) {
        this.deps.log.error({ err, attempt }, 'storing device results failed');
        await new Promise((r) => setTimeout(r, 200 * 2 ** attempt));
      }
    }
    return false;
  }

  /**
   * Writes what waits: everything when `all`, else a batch and then only full ones, a few results
   * that came in meanwhile waiting for more as any new ones do.
   */
  private async flush(all = false): Promise<void> {
    for (let first = true; this.pending.length > 0 && !this.closed; first = false) {
      if (!all && !first && this.pending.length < BATCH) {
        this.flushSoon(this.moreComing() ? GATHER_MS : LINGER_MS);
        return;
      }
      const batch = this.pending.splice(0, BATCH);
      if (await this.record(batch)) await this.settled(batch);
      else await this.abandoned(batch);
    }
  }
}
