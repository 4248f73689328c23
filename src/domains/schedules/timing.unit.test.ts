import { describe, expect, it } from 'vitest';
import { checkCron, nextRun } from './timing.ts';

const at = (s: string) => new Date(s);

describe('schedule timing', () => {
  it('follows cron in the schedule time zone, daylight saving included', () => {
    const timing = { kind: 'cron' as const, cron: '30 2 * * *', timezone: 'Europe/Berlin' };
    // 02:30 Berlin is 00:30 UTC in summer and 01:30 UTC in winter.
    expect(nextRun(timing, at('2026-07-01T12:00:00Z'))).toEqual(at('2026-07-02T00:30:00Z'));
    expect(nextRun(timing, at('2026-12-01T12:00:00Z'))).toEqual(at('2026-12-02T01:30:00Z'));
  });

  it('steps intervals from their anchor and skips slots that were missed', () => {
    const timing = { kind: 'interval' as const, intervalMinutes: 15, anchor: at('2026-01-01T00:00:00Z') };
    expect(nextRun(timing, at('2025-12-31T23:00:00Z'))).toEqual(at('2026-01-01T00:00:00Z'));
    expect(nextRun(timing, at('2026-01-01T00:00:00Z'))).toEqual(at('2026-01-01T00:15:00Z'));
    expect(nextRun(timing, at('2026-01-01T05:07:00Z'))).toEqual(at('2026-01-01T05:15:00Z'));
  });

  it('runs a one-off once', () => {
    const timing = { kind: 'once' as const, runAt: at('2026-03-01T10:00:00Z') };
    expect(nextRun(timing, at('2026-02-01T00:00:00Z'))).toEqual(at('2026-03-01T10:00:00Z'));
    expect(nextRun(timing, at('2026-03-01T10:00:00Z'))).toBeNull();
  });

  it('rejects a bad expression or time zone with a message', () => {
    expect(() => checkCron('61 * * * *', 'UTC')).toThrow();
    expect(() => checkCron('* * *', 'UTC')).toThrow(/five fields/);
    expect(() => checkCron('0 3 * * *', 'Mars/Olympus')).toThrow(/time zone/);
    expect(() => checkCron('0 3 * * 1-5', 'America/New_York')).not.toThrow();
  });
});
