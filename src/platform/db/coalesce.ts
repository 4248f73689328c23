import DataLoader from 'dataloader';

/** How long a call waits for others to join its query: far below a device session's round trips. */
const LINGER_MS = 2;
const MAX_BATCH = 200;

/**
 * One query for the calls that concurrent device tasks make within a few milliseconds of each
 * other, instead of one each. A worker runs a hundred device sessions at once, and a handler that
 * reads its row and records its state per device would otherwise spend more on query round trips
 * (building, sending, parsing, PostgreSQL's per-statement cost) than on the rows themselves:
 * 3,000 single-row statements for a 1,000-device change commit. Each caller still gets its own
 * answer and waits until its own write has landed, so a durable step stays durable before the
 * caller goes on. `batch` answers the keys in order, with an Error for a key it could not serve.
 * Nothing is cached: every call reaches the database.
 */
export function coalesced<K, V>(
  batch: (keys: readonly K[]) => Promise<readonly (V | Error)[]>,
): (key: K) => Promise<V> {
  const loader = new DataLoader<K, V>(batch, {
    cache: false,
    maxBatchSize: MAX_BATCH,
    batchScheduleFn: (run) => setTimeout(run, LINGER_MS),
  });
  return (key) => loader.load(key);
}

/**
 * A coalescer per database handle: the device tasks of one process share it (tests open several
 * databases in one process, and each keeps its own).
 */
export function perDatabase<D extends object, T>(make: (db: D) => T): (db: D) => T {
  const made = new WeakMap<D, T>();
  return (db) => {
    let found = made.get(db);
    if (!found) {
      found = make(db);
      made.set(db, found);
    }
    return found;
  };
}
