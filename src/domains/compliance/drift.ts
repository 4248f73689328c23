/**
 * Compliance drift on the event bus: devices that started or stopped complying with a policy, as
 * one store of verdicts found them. Pure (no database): the events are built here and published
 * in the store's transaction (results.ts).
 */
import { MAX_EVENT_BYTES } from '../../platform/events.ts';

/** The topic of devices that started or stopped complying with a policy. */
export const DRIFT_TOPIC = 'compliance.drift';

/** A device that started or stopped complying with a policy. */
export type Drift = {
  deviceId: string;
  policyId: string;
  complies: boolean;
  /** The rules it fails now (the first ones, as many as an event holds). */
  failing: string[];
};

/**
 * Drifts of one customer, as many as one NOTIFY carries. A fleet's first evaluation of a policy
 * moves thousands of devices at once; an event each was 7,715 NOTIFYs for 10,000 devices, each
 * sent to and parsed by every listening server (measured: 0.13 CPU s of the server's thread and
 * 0.2 of PostgreSQL's), where a few hundred events say the same.
 */
export type DriftEvent = { topic: typeof DRIFT_TOPIC; customerId: string; drifts: Drift[] };

/** A drift's failing rules cut to this many bytes of JSON, so that one drift always fits an event. */
const DRIFT_BYTES = 2000;
const RULES_KEPT = 50;

/** The drift as it goes in an event: its failing rules, the first of them, within DRIFT_BYTES. */
function bounded(drift: Drift): { drift: Drift; bytes: number } {
  const failing: string[] = [];
  let bytes = Buffer.byteLength(JSON.stringify({ ...drift, failing })) + 1;
  for (const rule of drift.failing.slice(0, RULES_KEPT)) {
    const more = Buffer.byteLength(JSON.stringify(rule)) + 1;
    if (bytes + more > DRIFT_BYTES) break;
    failing.push(rule);
    bytes += more;
  }
  return { drift: { ...drift, failing }, bytes };
}

/** Drifts as events: by customer, in order, each event under PostgreSQL's NOTIFY limit. */
export function driftEvents(drifts: (Drift & { customerId: string })[]): DriftEvent[] {
  const byCustomer = new Map<string, Drift[]>();
  for (const { customerId, ...drift } of drifts) {
    const list = byCustomer.get(customerId) ?? [];
    list.push(drift);
    byCustomer.set(customerId, list);
  }
  const events: DriftEvent[] = [];
  for (const [customerId, list] of byCustomer) {
    const head = Buffer.byteLength(JSON.stringify({ topic: DRIFT_TOPIC, customerId, drifts: [] }));
    let event: DriftEvent | undefined;
    let size = 0;
    for (const d of list) {
      const { drift, bytes } = bounded(d);
      if (!event || size + bytes > MAX_EVENT_BYTES) {
        event = { topic: DRIFT_TOPIC, customerId, drifts: [] };
        events.push(event);
        size = head;
      }
      event.drifts.push(drift);
      size += bytes;
    }
  }
  return events;
}
