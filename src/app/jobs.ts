import { changeCommitJob } from '../domains/changes/commit.job.ts';
import { startChangeControl } from '../domains/changes/control.ts';
import { changePreviewJob } from '../domains/changes/preview.job.ts';
import { complianceCheckJob } from '../domains/compliance/check.job.ts';
import { DayCounter } from '../domains/compliance/day-counter.ts';
import { complianceEvaluateJob } from '../domains/compliance/evaluate.job.ts';
import { evaluateDevices } from '../domains/compliance/evaluate.ts';
import { configBackupJob } from '../domains/configs/backup.job.ts';
import { readSearchIndexMetrics } from '../domains/configs/metrics.ts';
import { SearchIndexer } from '../domains/configs/search-index.ts';
import { onNewSnapshots } from '../domains/configs/store.ts';
import { refreshFactsJob } from '../domains/devices/facts.job.ts';
import { reachabilityJob } from '../domains/devices/reachability.job.ts';
import { networkDiscoveryJob } from '../domains/discovery/discovery.job.ts';
import { jobRegistry } from '../domains/jobs/contract.ts';
import { readQueueMetrics } from '../domains/jobs/metrics.ts';
import { runCommandsJob } from '../domains/jobs/run-commands.job.ts';
import { DEAD_QUEUE, TASK_QUEUE } from '../domains/jobs/tasks.ts';
import { JobWorker } from '../domains/jobs/worker.ts';
import { netboxSyncJob } from '../domains/netbox/sync.job.ts';
import { NotificationDispatcher, type PublicLinks } from '../domains/notifications/dispatcher.ts';
import { readNotificationMetrics } from '../domains/notifications/metrics.ts';
import { startScheduler } from '../domains/schedules/scheduler.ts';
import { topologyDiscoveryJob } from '../domains/topology/discovery.job.ts';
import type { Database } from '../platform/db/client.ts';
import { readPoolMetrics } from '../platform/db/metrics.ts';
import { EventBus } from '../platform/events.ts';
import type { Logger } from '../platform/logger.ts';
import { type Queue, startQueue } from '../platform/queue.ts';
import type { SecretBox } from '../platform/secrets.ts';

/** Every job type this build knows: the one list the worker, the job API and its schemas read. */
export const JOB_HANDLERS = [
  runCommandsJob,
  configBackupJob,
  refreshFactsJob,
  reachabilityJob,
  topologyDiscoveryJob,
  changePreviewJob,
  changeCommitJob,
  complianceEvaluateJob,
  complianceCheckJob,
  networkDiscoveryJob,
  netboxSyncJob,
] as const;

export const registry = jobRegistry(JOB_HANDLERS);

export type JobsRuntime = {
  queue: Queue;
  events: EventBus;
  worker: JobWorker | undefined;
  indexer: SearchIndexer | undefined;
  stop(): Promise<void>;
};

export type JobsOptions = {
  /** Run device tasks in this process. */
  worker: boolean;
  concurrency: number;
  monitorIntervalSeconds?: number | undefined;
  /** On stop, how long running devices may finish before they are handed back to the queue. */
  graceMs?: number | undefined;
  /** webnet's address as people reach it: the links in notifications. */
  links: PublicLinks;
};

/** The queue, the event bus and (unless this process only serves) a worker. */
export async function startJobs(
  database: Database,
  secrets: SecretBox,
  log: Logger,
  opts: JobsOptions,
): Promise<JobsRuntime> {
  const events = await EventBus.start(database, log);
  const queue = await startQueue(database, log, {
    monitorIntervalSeconds: opts.monitorIntervalSeconds,
    queues: [TASK_QUEUE, DEAD_QUEUE],
  });
  // What Prometheus reads from the database when it scrapes this process.
  readQueueMetrics(database.db);
  readSearchIndexMetrics(database.db);
  readPoolMetrics(database);
  readNotificationMetrics(database.db);
  // A new configuration is checked against the customer's policies as it is stored.
  onNewSnapshots((tx, stored) => evaluateDevices(tx, stored));
  const worker = opts.worker
    ? new JobWorker(
        { db: database.db, queue, events, secrets, log, registry },
        { concurrency: opts.concurrency },
      )
    : undefined;
  await worker?.start();
  if (worker) await startChangeControl({ db: database.db, queue, events, secrets, log });
  const indexer = worker ? new SearchIndexer(database.db, log, () => worker.inFlight > 0) : undefined;
  indexer?.start();
  // Policies' standings for the day, counted a moment after the verdicts that moved them.
  const dayCounter = worker ? new DayCounter(database.db, log) : undefined;
  dayCounter?.start();
  const stopScheduler = worker ? startScheduler({ db: database.db, queue, events }, log) : async () => {};
  // Notifications go out from processes that run a worker, never from a job's own path.
  const notifications = worker
    ? new NotificationDispatcher({ db: database.db, events, secrets, log, links: opts.links })
    : undefined;
  notifications?.start();
  return {
    queue,
    events,
    worker,
    indexer,
    async stop() {
      await stopScheduler();
      await notifications?.stop();
      await indexer?.stop();
      await dayCounter?.stop();
      await worker?.stop(opts.graceMs);
      await queue.stop({ graceful: false, close: true }).catch(() => undefined);
      await events.stop();
    },
  };
}
