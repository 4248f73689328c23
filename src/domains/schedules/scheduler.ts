import type { Logger } from '../../platform/logger.ts';
import type { JobDeps } from '../jobs/service.ts';
import { runDueSchedules } from './service.ts';

/** Every worker checks for due schedules; the row lock in runDueSchedules makes one of them run each. */
export function startScheduler(deps: JobDeps, log: Logger, everyMs = 5000): () => Promise<void> {
  let running: Promise<unknown> = Promise.resolve();
  const timer = setInterval(() => {
    running = running
      .then(() => runDueSchedules(deps))
      .then((jobs) => {
        if (jobs.length) log.info({ jobs }, 'scheduled jobs started');
      })
      .catch((err) => log.warn({ err }, 'checking schedules failed'));
  }, everyMs);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}
