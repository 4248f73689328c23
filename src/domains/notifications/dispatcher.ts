import { and, eq, sql } from 'drizzle-orm';
import type { Db, Executor } from '../../platform/db/client.ts';
import { queryRows } from '../../platform/db/client.ts';
import type { EventBus } from '../../platform/events.ts';
import type { Logger } from '../../platform/logger.ts';
import type { SecretBox } from '../../platform/secrets.ts';
import { systemActor } from '../../platform/tenancy.ts';
import { Waker } from '../../platform/waker.ts';
import { recordAudit } from '../audit/service.ts';
import { type DeviceFilter, deviceFilterSql } from '../devices/filter.ts';
import { devices } from '../devices/table.ts';
import { openChannel } from './channels.ts';
import { DEVICE_EVENTS, renderMessage, renderSummary } from './messages.ts';
import { deliveryAttempts } from './metrics.ts';
import { NOTIFY_TOPIC } from './outbox.ts';
import type { Message } from './schemas.ts';
import { type Envelope, type SendResult, send } from './senders.ts';
import { type NotificationEventType, notificationChannels, notificationDeliveries } from './table.ts';

/** webnet's address as people reach it, read when a message is rendered (known once the server listens). */
export type PublicLinks = { base: string };

export type DispatcherDeps = {
  db: Db;
  events: EventBus;
  secrets: SecretBox;
  log: Logger;
  links: PublicLinks;
};

export type DispatcherOptions = {
  /** Idle poll: retries coming due, deliveries of a process that died. */
  pollMs?: number;
  /** The first retry waits this long; each next one twice as long, up to retryMaxMs. */
  retryBaseMs?: number;
  retryMaxMs?: number;
  /** Attempts per delivery before it is marked failed. */
  maxAttempts?: number;
  /** Failed attempts in a row after which webnet turns the channel off. */
  disableAfter?: number;
};

const DEFAULTS: Required<DispatcherOptions> = {
  pollMs: 5000,
  retryBaseMs: 30_000,
  retryMaxMs: 3600_000,
  maxAttempts: 8,
  disableAfter: 10,
};

/** Events routed, and deliveries attempted, per pass. */
const ROUTE_BATCH = 100;
/** More device events than this of one type for one channel in a pass become one summary. */
const COLLAPSE_AT = 5;
const SEND_BATCH = 20;

export const backoffMs = (attempt: number, base: number, max: number) =>
  Math.min(max, base * 2 ** Math.max(0, attempt - 1));

type EventRow = {
  id: string;
  customer_id: string;
  type: NotificationEventType;
  device_id: string | null;
  payload: Record<string, unknown>;
};
type RuleRow = {
  id: string;
  customer_id: string;
  channel_id: string;
  events: string[];
  filter: DeviceFilter;
};
type Claimed = {
  id: string;
  customer_id: string;
  channel_id: string;
  type: string;
  message: Message;
  attempts: number;
  created_at: string;
};

/** A uuid[] literal as one parameter (drizzle spreads a JS array into a list of parameters). */
const uuidArray = (ids: string[]) => `{${ids.join(',')}}`;

const hasFilter = (f: DeviceFilter) => Object.values(f).some((v) => v !== undefined && v !== null);

/**
 * Does the rule's filter hold for the event? A device event asks of its device; a job's, of its
 * failed devices (any of them); a change's is not narrowed (it names no one device).
 */
async function filterHolds(exec: Executor, event: EventRow, filter: DeviceFilter): Promise<boolean> {
  if (!hasFilter(filter)) return true;
  const where = deviceFilterSql(systemActor(), { ...filter, customerId: [event.customer_id] });
  if (event.device_id) {
    const rows = await exec
      .select({ id: devices.id })
      .from(devices)
      .where(and(eq(devices.id, event.device_id), where));
    return rows.length > 0;
  }
  if (typeof event.payload.jobId === 'string') {
    const rows = await exec
      .select({ id: devices.id })
      .from(devices)
      .where(
        and(
          where,
          sql`${devices.id} in (select device_id from job_devices
                where job_id = ${event.payload.jobId} and customer_id = ${event.customer_id} and status = 'failed')`,
        ),
      )
      .limit(1);
    return rows.length > 0;
  }
  return true;
}

/**
 * Delivers notifications from their own queue (the notification_deliveries table), in processes
 * that run a worker: routes new events to the channels their rules name, then sends what is due,
 * retrying with backoff. A delivery is claimed for two minutes before it is sent, outside any
 * transaction (a slow receiver holds no connection); a process that dies mid-send leaves the claim
 * to expire, and the delivery is tried again.
 */
export class NotificationDispatcher {
  private readonly deps: DispatcherDeps;
  private readonly opts: Required<DispatcherOptions>;
  private stopping = false;
  private loop: Promise<void> | undefined;
  /** Its pause between passes, ended by news of an event (kept when a pass is under way). */
  private readonly waker = new Waker();
  private unsubscribe: (() => void) | undefined;

  constructor(deps: DispatcherDeps, opts: DispatcherOptions = {}) {
    this.deps = deps;
    this.opts = { ...DEFAULTS, ...opts };
  }

  start(): void {
    this.unsubscribe = this.deps.events.subscribe(NOTIFY_TOPIC, () => this.waker.wake());
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.unsubscribe?.();
    this.waker.wake();
    await this.loop;
  }

  private async run(): Promise<void> {
    while (!this.stopping) {
      let worked = 0;
      try {
        worked = await this.runOnce();
      } catch (err) {
        this.deps.log.warn({ err }, 'notification dispatch failed');
      }
      if (worked === 0 && !this.stopping) await this.waker.pause(this.opts.pollMs);
    }
  }

  /** One pass: route a batch of events, send a batch of due deliveries. Returns how much it did. */
  async runOnce(): Promise<number> {
    const routed = await this.route();
    const sent = await this.sendDue();
    return routed + sent;
  }

  /** New events become one delivery per channel that a matching rule names (two rules, one delivery). */
  async route(): Promise<number> {
    const { db, links } = this.deps;
    return db.transaction(async (tx) => {
      const events = await queryRows<EventRow>(
        tx,
        sql`select id, customer_id, type, device_id, payload from notification_events
            where routed_at is null order by created_at limit ${ROUTE_BATCH} for update skip locked`,
      );
      if (events.length === 0) return 0;
      const customerIds = [...new Set(events.map((e) => e.customer_id))];
      const rules = await queryRows<RuleRow>(
        tx,
        sql`select r.id, r.customer_id, r.channel_id, r.events, r.filter
            from notification_rules r join notification_channels c on c.id = r.channel_id
            where r.enabled and c.enabled and r.customer_id = any(${uuidArray(customerIds)}::uuid[])
            order by r.created_at`,
      );
      // Per channel and event type, the events routed to it (and the rule that chose it).
      const groups = new Map<string, { channelId: string; ruleId: string; events: EventRow[] }>();
      for (const event of events) {
        const chosen = new Set<string>();
        for (const rule of rules) {
          if (rule.customer_id !== event.customer_id || !rule.events.includes(event.type)) continue;
          if (chosen.has(rule.channel_id)) continue;
          if (!(await filterHolds(tx, event, rule.filter))) continue;
          chosen.add(rule.channel_id);
          const key = `${rule.channel_id}|${event.type}`;
          const group = groups.get(key) ?? { channelId: rule.channel_id, ruleId: rule.id, events: [] };
          group.events.push(event);
          groups.set(key, group);
        }
      }
      const rows: Record<string, unknown>[] = [];
      const rendered = new Map<string, Message>();
      for (const { channelId, ruleId, events: mine } of groups.values()) {
        const first = mine[0]!;
        const row = (message: Message, eventId: string | null) => ({
          customer_id: first.customer_id,
          channel_id: channelId,
          event_id: eventId,
          rule_id: ruleId,
          type: first.type,
          summary: message.title,
          message,
        });
        // A thousand devices changing at once is one message per channel, not a thousand.
        if (mine.length > COLLAPSE_AT && DEVICE_EVENTS.has(first.type)) {
          rows.push(row(await renderSummary(tx, first.type, first.customer_id, mine, links.base), null));
          continue;
        }
        for (const event of mine) {
          let message = rendered.get(event.id);
          if (!message) {
            message = await renderMessage(tx, { ...event, customerId: event.customer_id }, links.base);
            rendered.set(event.id, message);
          }
          rows.push(row(message, event.id));
        }
      }
      if (rows.length)
        await tx.execute(sql`
          insert into notification_deliveries (customer_id, channel_id, event_id, rule_id, type, summary, message)
          select customer_id, channel_id, event_id, rule_id, type, summary, message
          from json_to_recordset(${JSON.stringify(rows)}::json)
            as x(customer_id uuid, channel_id uuid, event_id uuid, rule_id uuid, type text, summary text, message jsonb)`);
      await tx.execute(
        sql`update notification_events set routed_at = now() where id = any(${uuidArray(events.map((e) => e.id))}::uuid[])`,
      );
      return events.length;
    });
  }

  /** Claims the deliveries that are due (and those whose sender died), sends them at once, records each. */
  async sendDue(): Promise<number> {
    const { db } = this.deps;
    const claimed = await queryRows<Claimed>(
      db,
      sql`update notification_deliveries d
          set status = 'sending', attempts = d.attempts + 1, claimed_until = now() + interval '2 minutes'
          where d.id in (select id from notification_deliveries
                         where (status = 'pending' and next_attempt_at <= now())
                            or (status = 'sending' and claimed_until < now())
                         order by next_attempt_at limit ${SEND_BATCH} for update skip locked)
          returning d.id, d.customer_id, d.channel_id, d.type, d.message, d.attempts, d.created_at`,
    );
    if (claimed.length === 0) return 0;
    await Promise.all(claimed.map((d) => this.deliver(d)));
    return claimed.length;
  }

  private async deliver(d: Claimed): Promise<void> {
    const { db, secrets, log } = this.deps;
    const opened = await openChannel(db, secrets, d.channel_id).catch((err) => {
      log.warn({ err, channelId: d.channel_id }, 'notification channel secret does not open');
      return undefined;
    });
    if (!opened?.row.enabled) {
      await this.finish(
        d,
        { ok: false, statusCode: null, error: 'the channel is disabled', retry: false },
        0,
      );
      return;
    }
    const started = performance.now();
    const result = await send(opened.channel, await envelope(db, d));
    const ms = Math.round(performance.now() - started);
    const status = await this.finish(d, result, ms);
    deliveryAttempts.inc({ kind: opened.channel.kind, outcome: status === 'pending' ? 'retry' : status });
    await this.countOnChannel(d, result);
  }

  /** Records the attempt; returns what the delivery is now. */
  private async finish(
    d: Claimed,
    result: SendResult,
    ms: number,
  ): Promise<'delivered' | 'pending' | 'failed'> {
    const { retryBaseMs, retryMaxMs, maxAttempts } = this.opts;
    const again = !result.ok && result.retry && d.attempts < maxAttempts;
    const status = result.ok ? 'delivered' : again ? 'pending' : 'failed';
    const attempt = { at: new Date().toISOString(), statusCode: result.statusCode, error: result.error, ms };
    await this.deps.db.execute(sql`
      update notification_deliveries set status = ${status},
        next_attempt_at = now() + make_interval(secs => ${again ? backoffMs(d.attempts, retryBaseMs, retryMaxMs) / 1000 : 0}),
        claimed_until = null, last_status_code = ${result.statusCode}, last_error = ${result.error},
        delivered_at = ${result.ok ? sql`now()` : null},
        log = log || ${JSON.stringify([attempt])}::jsonb
      where id = ${d.id}`);
    return status;
  }

  /** A success clears the channel's failures; enough failures in a row turn it off, and its queue with it. */
  private async countOnChannel(d: Claimed, result: SendResult): Promise<void> {
    const { db, log } = this.deps;
    if (result.ok) {
      await db
        .update(notificationChannels)
        .set({ failuresInRow: 0 })
        .where(
          and(eq(notificationChannels.id, d.channel_id), sql`${notificationChannels.failuresInRow} <> 0`),
        );
      return;
    }
    const limit = this.opts.disableAfter;
    const reason = `turned off after ${limit} failed attempts in a row; the last: ${result.error ?? 'failed'}`;
    await db.transaction(async (tx) => {
      const [row] = await tx
        .select({
          name: notificationChannels.name,
          enabled: notificationChannels.enabled,
          failures: notificationChannels.failuresInRow,
        })
        .from(notificationChannels)
        .where(eq(notificationChannels.id, d.channel_id))
        .for('update');
      if (!row) return;
      const failures = row.failures + 1;
      const turnOff = row.enabled && failures >= limit;
      await tx
        .update(notificationChannels)
        .set({
          failuresInRow: failures,
          ...(turnOff ? { enabled: false, disabledReason: reason, updatedAt: new Date() } : {}),
        })
        .where(eq(notificationChannels.id, d.channel_id));
      if (!turnOff) return;
      await tx
        .update(notificationDeliveries)
        .set({
          status: 'failed',
          lastError: 'the channel was turned off after repeated failures',
          claimedUntil: null,
        })
        .where(
          and(
            eq(notificationDeliveries.channelId, d.channel_id),
            eq(notificationDeliveries.status, 'pending'),
          ),
        );
      await recordAudit(tx, systemActor('notifications'), {
        action: 'notification_channel.disable',
        customerId: d.customer_id,
        targetType: 'notification_channel',
        targetId: d.channel_id,
        targetName: row.name,
        details: { reason },
      });
      log.warn({ channelId: d.channel_id }, 'notification channel turned off after repeated failures');
    });
  }
}

/** What a channel sends: the delivery's message with its customer and time. */
export async function envelope(
  exec: Executor,
  d: { id: string; customer_id: string; type: string; message: Message; created_at: string | Date },
): Promise<Envelope> {
  const [customer] = await queryRows<{ name: string }>(
    exec,
    sql`select name from customers where id = ${d.customer_id}`,
  );
  return {
    deliveryId: d.id,
    type: d.type,
    occurredAt: new Date(d.created_at).toISOString(),
    customer: { id: d.customer_id, name: customer?.name ?? '' },
    message: d.message,
  };
}
