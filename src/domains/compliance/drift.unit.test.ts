/**
 * Drift events: a fleet's first evaluation moves thousands of devices in one store, and each
 * event must stay under PostgreSQL's NOTIFY limit (a payload over it fails the statement, and
 * with it the store of every verdict in the transaction).
 */
import { describe, expect, it } from 'vitest';
import { MAX_EVENT_BYTES } from '../../platform/events.ts';
import { DRIFT_TOPIC, driftEvents } from './drift.ts';

const uuid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

describe('driftEvents', () => {
  it('groups drifts by customer, in order, every event under the NOTIFY limit', () => {
    const drifts = Array.from({ length: 1200 }, (_, n) => ({
      customerId: uuid(n % 2),
      deviceId: uuid(1000 + n),
      policyId: uuid(9),
      complies: n % 3 === 0,
      failing: n % 3 === 0 ? [] : ['ntp', 'aaa new-model', `rule ${n}`],
    }));
    const events = driftEvents(drifts);
    for (const e of events) {
      expect(e.topic).toBe(DRIFT_TOPIC);
      expect(Buffer.byteLength(JSON.stringify(e))).toBeLessThanOrEqual(MAX_EVENT_BYTES);
    }
    // Far fewer events than devices, and every drift in one, as it was given.
    expect(events.length).toBeLessThan(40);
    for (const customer of [uuid(0), uuid(1)])
      expect(events.filter((e) => e.customerId === customer).flatMap((e) => e.drifts)).toEqual(
        drifts.filter((d) => d.customerId === customer).map(({ customerId: _, ...d }) => d),
      );
  });

  it('cuts a drift’s failing rules to what fits an event, keeping the first', () => {
    const long = Array.from({ length: 80 }, (_, i) => `rule ${i} ${'ü'.repeat(150)}`);
    const [event, ...rest] = driftEvents([
      { customerId: uuid(1), deviceId: uuid(2), policyId: uuid(3), complies: false, failing: long },
    ]);
    expect(rest).toEqual([]);
    expect(Buffer.byteLength(JSON.stringify(event))).toBeLessThanOrEqual(MAX_EVENT_BYTES);
    const kept = event!.drifts[0]!.failing;
    expect(kept.length).toBeGreaterThan(0);
    expect(kept).toEqual(long.slice(0, kept.length));
  });

  it('publishes nothing when nothing drifted', () => {
    expect(driftEvents([])).toEqual([]);
  });
});
