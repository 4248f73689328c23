import { CronExpressionParser } from 'cron-parser';

export type Timing =
  | { kind: 'cron'; cron: string; timezone: string }
  | { kind: 'interval'; intervalMinutes: number; anchor: Date }
  | { kind: 'once'; runAt: Date };

/** Throws with a readable message when the expression or the time zone is not valid. */
export function checkCron(cron: string, timezone: string): void {
  if (!Intl.supportedValuesOf('timeZone').includes(timezone) && timezone !== 'UTC')
    throw new Error(`unknown time zone ${timezone}`);
  if (cron.trim().split(/\s+/).length !== 5)
    throw new Error('five fields: minute hour day-of-month month weekday');
  CronExpressionParser.parse(cron, { tz: timezone });
}

/**
 * The first slot strictly after `after`, or null when there is none (a one-off that has run).
 * Slots missed while nothing ran are not made up: the next one is in the future.
 */
export function nextRun(timing: Timing, after: Date): Date | null {
  if (timing.kind === 'once') return timing.runAt > after ? timing.runAt : null;
  if (timing.kind === 'interval') {
    const step = timing.intervalMinutes * 60_000;
    const since = after.getTime() - timing.anchor.getTime();
    const k = since < 0 ? 0 : Math.floor(since / step) + 1;
    return new Date(timing.anchor.getTime() + k * step);
  }
  return CronExpressionParser.parse(timing.cron, { tz: timing.timezone, currentDate: after }).next().toDate();
}
