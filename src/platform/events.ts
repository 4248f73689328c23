import { type SQL, sql } from 'drizzle-orm';
import pg from 'pg';
import type { Database, Executor } from './db/client.ts';
import type { Logger } from './logger.ts';

/** One PostgreSQL channel carries every event; a topic inside the payload says what it is about. */
const CHANNEL = 'webnet_events';
/** PostgreSQL's NOTIFY payload limit is 8000 bytes; stay clear of it. */
export const MAX_EVENT_BYTES = 7800;

export type Event = { topic: string; [key: string]: unknown };
type Handler = (event: Event) => void;

/**
 * Publishes in a transaction (or on a connection) without the bus at hand: code that runs inside
 * a job's store reaches every subscriber the same way, and only if the transaction commits.
 */
export async function publishIn(exec: Executor, event: Event): Promise<void> {
  await exec.execute(sql`select pg_notify(${CHANNEL}, ${JSON.stringify(event)})`);
}

/**
 * A query publishing these events, in order, for a statement to end with: the writes it makes
 * in its WITH clauses and the events that tell of them go in one round trip, and one statement
 * is a transaction of its own.
 */
export const publishingQuery = (events: Event[]): SQL =>
  // json (not jsonb) keeps each event's text as written; its elements come in order.
  sql`select pg_notify(${CHANNEL}, e::text) from json_array_elements(${JSON.stringify(events)}::json) as x(e)`;

/** Many events in one statement, in order: a batch that moves thousands of devices is one round trip. */
export async function publishAllIn(exec: Executor, events: Event[]): Promise<void> {
  if (events.length === 0) return;
  await exec.execute(publishingQuery(events));
}

/**
 * Live events between processes through LISTEN/NOTIFY: a worker in one process publishes, the web
 * process that holds the browser's WebSocket hears it. On PGlite the same calls stay in-process.
 * Publishing with a transaction delivers the event only if that transaction commits.
 */
export class EventBus {
  private readonly handlers = new Map<string, Set<Handler>>();
  private close: () => Promise<void> = async () => {};

  static async start(database: Database, log: Logger): Promise<EventBus> {
    const bus = new EventBus(database.db);
    const deliver = (payload: string) => bus.deliver(payload, log);
    if (database.pglite) {
      const unlisten = await database.pglite.listen(CHANNEL, deliver);
      bus.close = unlisten;
    } else if (database.url) {
      bus.close = await listenWithReconnect(database.url, deliver, log);
    }
    return bus;
  }

  private readonly db: Executor;

  private constructor(db: Executor) {
    this.db = db;
  }

  async publish(event: Event, exec: Executor = this.db): Promise<void> {
    await publishIn(exec, event);
  }

  /** Calls `handler` for every event of `topic`; returns the unsubscribe. */
  subscribe(topic: string, handler: Handler): () => void {
    const set = this.handlers.get(topic) ?? new Set<Handler>();
    this.handlers.set(topic, set);
    set.add(handler);
    return () => {
      set.delete(handler);
      if (set.size === 0) this.handlers.delete(topic);
    };
  }

  async stop(): Promise<void> {
    this.handlers.clear();
    await this.close();
  }

  private deliver(payload: string, log: Logger): void {
    let event: Event;
    try {
      event = JSON.parse(payload) as Event;
    } catch {
      return;
    }
    for (const handler of this.handlers.get(event.topic) ?? []) {
      try {
        handler(event);
      } catch (err) {
        log.warn({ err, topic: event.topic }, 'event handler failed');
      }
    }
  }
}

/** A dedicated connection (a pooled one would lose its LISTEN when returned) that comes back after a server restart. */
async function listenWithReconnect(
  url: string,
  deliver: (payload: string) => void,
  log: Logger,
): Promise<() => Promise<void>> {
  let client: pg.Client | undefined;
  let stopped = false;
  let retry: NodeJS.Timeout | undefined;
  const connect = async () => {
    const c = new pg.Client({ connectionString: url, application_name: 'webnet-events' });
    c.on('notification', (n) => {
      if (n.channel === CHANNEL && n.payload) deliver(n.payload);
    });
    c.on('error', (err) => {
      log.warn({ err }, 'event listener lost its connection; reconnecting');
      c.end().catch(() => {});
      reconnect();
    });
    await c.connect();
    await c.query(`listen ${CHANNEL}`);
    client = c;
  };
  const reconnect = () => {
    if (stopped) return;
    retry = setTimeout(() => connect().catch(reconnect), 1000);
  };
  await connect();
  return async () => {
    stopped = true;
    clearTimeout(retry);
    await client?.end().catch(() => {});
  };
}
