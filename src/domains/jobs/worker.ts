import { sql } from 'drizzle-orm';
import type { JobWithMetadata } from 'pg-boss';
import { Transcript } from '../../netio/index.ts';
import type { Db } from '../../platform/db/client.ts';
import { queryRows } from '../../platform/db/client.ts';
import type { EventBus } from '../../platform/events.ts';
import type { Logger } from '../../platform/logger.ts';
import type { Queue } from '../../platform/queue.ts';
import type { SecretBox } from '../../platform/secrets.ts';
import { Waker } from '../../platform/waker.ts';
import type { JobRegistry } from './contract.ts';
import { failureResult, goneResult, handedBackResult } from './device-outcomes.ts';
import { CANCEL_TOPIC, ENQUEUED_TOPIC, SKIP_TOPIC } from './events.ts';
import { workerSlots } from './metrics.ts';
import { ResultWriter } from './result-writer.ts';
import type { TaskResult } from './results.ts';
import { StartMarker } from './start-marker.ts';
import { type LoadedTask, loadTasks } from './task-loader.ts';
import { DEAD_QUEUE, TASK_QUEUE, type TaskData } from './tasks.ts';

export type WorkerOptions = {
  /**
   * Devices in flight at once in this process, over all jobs: in a session or about to be. A device
   * whose session has ended and whose result waits to be stored no longer counts (HELD_PER_SLOT).
   */
  concurrency: number;
  /** Idle poll when nothing wakes the worker (retries coming due, tasks of a crashed worker). */
  pollMs?: number;
};

export type WorkerDeps = {
  db: Db;
  queue: Queue;
  events: EventBus;
  secrets: SecretBox;
  log: Logger;
  registry: JobRegistry;
};

type Task = JobWithMetadata<TaskData>;
type Running = {
  jobId: string;
  controller: AbortController;
  /** The queue task that holds it. */
  task: { id: string; retryCount: number };
  /** The device's session is over; its result waits in the writer, its task unacknowledged. */
  ended?: boolean;
  /** A person let this device go on its own (the job goes on). */
  skippedBy?: string;
};

/**
 * Tasks held at once, as a multiple of the concurrency: devices in a session plus results waiting
 * to be stored. A device's slot frees when its session ends, not when its result is stored (a
 * slot waiting on the database is a device not being backed up), but the results waiting are
 * bounded so that a slow database slows the fetching instead of filling memory.
 */
const HELD_PER_SLOT = 2;

/**
 * Devices loaded ahead, as a share of the concurrency: they wait in memory (still queued) so that
 * a slot freed by a session starts the next device at once; fetching and loading them takes round
 * trips to the database that would otherwise leave the slot empty meanwhile.
 */
const READY_PER_SLOT = 0.5;

/**
 * Pulls device tasks from the queue and runs them, up to `concurrency` at once, each under its
 * job's timeout and cancellation. Results go to the ResultWriter, which stores them in batches and
 * only then acknowledges the tasks, so a worker killed at any point loses nothing and repeats nothing.
 */
export class JobWorker {
  private readonly running = new Map<string, Running>();
  /** How many of `running` have `ended`. */
  private ended = 0;
  /** Devices in a session now. */
  private inSession = 0;
  /** Devices loaded, waiting for a slot. */
  private ready: LoadedTask[] = [];
  private readonly marker: StartMarker;
  private readonly writer: ResultWriter;
  private readonly off: (() => void)[] = [];
  private stopping = false;
  private loop: Promise<void> | undefined;
  /**
   * What the fetching loop waits on: woken by a new job and by every slot or held task that frees.
   * A wake-up that comes while it is busy is kept for its next pause (see Waker).
   */
  private readonly waker = new Waker();
  private heartbeat: NodeJS.Timeout | undefined;
  private tiers: { at: number; map: Record<string, number> } = { at: 0, map: {} };

  private readonly deps: WorkerDeps;
  private readonly opts: WorkerOptions;

  constructor(deps: WorkerDeps, opts: WorkerOptions) {
    this.deps = deps;
    this.opts = opts;
    this.marker = new StartMarker(deps);
    this.writer = new ResultWriter(
      deps,
      (results) => this.settled(results),
      async (results) => {
        for (const r of results) this.release(r.taskId);
      },
      // A batch waits to fill while sessions run, but not once the results waiting hold back the
      // fetching of devices (see HELD_PER_SLOT): past half a concurrency's worth, they are written.
      () => this.inSession > 0 && this.ended < this.opts.concurrency / 2,
    );
  }

  async start(): Promise<void> {
    const { queue, events } = this.deps;
    workerSlots.set({ state: 'capacity' }, this.opts.concurrency);
    workerSlots.set({ state: 'busy' }, 0);
    this.off.push(
      events.subscribe(ENQUEUED_TOPIC, () => {
        // A new job may bring a concurrency the tier map does not name yet: its devices would
        // start one at a time until the map's next refresh.
        this.tiers.at = 0;
        this.wake();
      }),
    );
    this.off.push(
      events.subscribe(SKIP_TOPIC, (e) => {
        for (const r of this.running.values())
          if (r.jobId === e.jobId && (r.task as Task).data?.deviceId === e.deviceId) {
            r.skippedBy = String(e.by);
            r.controller.abort(new Error(`skipped by ${e.by}`));
          }
      }),
    );
    this.off.push(
      events.subscribe(CANCEL_TOPIC, (e) => {
        for (const r of this.running.values())
          if (r.jobId === e.jobId) r.controller.abort(new Error('cancelled'));
      }),
    );
    // Heartbeats tell the queue this process still holds its tasks; when they stop (a crash), the
    // queue's monitor hands the tasks to another worker.
    this.heartbeat = setInterval(() => void this.touch(), 4000);
    await queue.work(
      DEAD_QUEUE,
      { batchSize: 100, pollingIntervalSeconds: 2, includeMetadata: true },
      (tasks: Task[]) => this.buryDead(tasks),
    );
    this.loop = this.run();
  }

  /** Stops fetching, lets running devices finish (or aborts them after `graceMs`), stores every result. */
  async stop(graceMs = 10_000): Promise<void> {
    this.stopping = true;
    this.dispatch();
    this.wake();
    clearInterval(this.heartbeat);
    for (const off of this.off) off();
    await this.deps.queue.offWork(DEAD_QUEUE).catch(() => undefined);
    const deadline = Date.now() + graceMs;
    while (this.running.size > 0 && Date.now() < deadline) await sleep(50);
    for (const r of this.running.values()) r.controller.abort(new Error('worker stopping'));
    while (this.running.size > 0 && Date.now() < deadline + 2000) await sleep(50);
    await this.loop;
    await this.writer.close();
  }

  get inFlight(): number {
    return this.running.size;
  }

  private async run(): Promise<void> {
    const pollMs = this.opts.pollMs ?? 1000;
    while (!this.stopping) {
      const { concurrency } = this.opts;
      const ahead = Math.ceil(concurrency * READY_PER_SLOT);
      const notEnded = this.running.size - this.ended;
      const free = Math.min(concurrency + ahead - notEnded, HELD_PER_SLOT * concurrency - this.running.size);
      // Slots free one session at a time; a fetch (and its loading: some ten statements) is worth
      // it for many, while the devices ready cover the time it takes.
      const worthFetching = notEnded === 0 ? 1 : Math.max(1, Math.min(50, Math.floor(concurrency / 4)));
      if (free < worthFetching) {
        await this.idle(pollMs);
        continue;
      }
      let tasks: Task[];
      try {
        tasks = await this.deps.queue.fetch<TaskData>(TASK_QUEUE, {
          batchSize: Math.min(free, 100),
          includeMetadata: true,
          groupConcurrency: { default: 1, tiers: await this.tierMap() },
        });
      } catch (err) {
        if (this.stopping) break;
        this.deps.log.warn({ err }, 'fetching device tasks failed; trying again');
        await this.idle(pollMs);
        continue;
      }
      if (tasks.length === 0) {
        await this.idle(pollMs);
        continue;
      }
      await this.begin(tasks);
    }
  }

  /**
   * Each job caps its devices in flight with a queue group per job whose tier is its concurrency.
   * The tiers name every concurrency of the jobs now active; a tier not listed yet falls to 1,
   * so a job is never over its cap while this map catches up.
   */
  private async tierMap(): Promise<Record<string, number>> {
    if (Date.now() - this.tiers.at < 1000) return this.tiers.map;
    const rows = await queryRows<{ c: string }>(
      this.deps.db,
      sql`select distinct options->>'concurrency' as c from jobs where status in ('queued', 'running')`,
    );
    this.tiers = { at: Date.now(), map: Object.fromEntries(rows.map((r) => [r.c, Number(r.c)])) };
    return this.tiers.map;
  }

  private async begin(tasks: Task[]): Promise<void> {
    for (const task of tasks)
      this.running.set(task.id, {
        jobId: task.data.jobId,
        controller: new AbortController(),
        task,
      });
    let loaded: LoadedTask[];
    try {
      loaded = await loadTasks(this.deps.db, this.deps.secrets, tasks);
    } catch (err) {
      // The queue retries them once their heartbeat lapses; nothing was recorded.
      this.deps.log.error({ err }, 'could not start device tasks');
      for (const task of tasks) this.release(task.id);
      return;
    }
    for (const l of loaded.filter((x) => x.deviceGone)) this.writer.add(goneResult(l, 'deleted'));
    const skipped = loaded.filter((l) => !l.runnable && !l.deviceGone).map((l) => l.task);
    if (skipped.length) void this.ack(skipped);
    this.ready.push(...loaded.filter((l) => l.runnable));
    this.dispatch();
  }

  /** Starts ready devices while slots are free; a stopping worker hands them back instead. */
  private dispatch(): void {
    while (this.ready.length > 0 && (this.stopping || this.inSession < this.opts.concurrency)) {
      const l = this.ready.shift()!;
      if (this.stopping) this.writer.add(handedBackResult(l));
      else void this.execute(l);
    }
  }

  private async execute(l: LoadedTask): Promise<void> {
    const running = this.running.get(l.task.id)!;
    this.inSession++;
    workerSlots.set({ state: 'busy' }, this.inSession);
    const marked = this.marker.mark(l);
    const result = await this.runDevice(l as Required<LoadedTask>, running);
    this.inSession--;
    workerSlots.set({ state: 'busy' }, this.inSession);
    // The session is over: its slot goes to the next device while the result waits to be stored.
    if (this.running.get(l.task.id) === running && !running.ended) {
      running.ended = true;
      this.ended++;
    }
    this.dispatch();
    this.wake();
    // A result stored before its device was marked running would be overwritten by the mark.
    await marked;
    // A group of devices is worth its own write; its job's next item waits for its acknowledgement
    // (the job's concurrency counts the tasks the queue holds active).
    this.writer.add(result, (this.deps.registry.get(l.job!.type)?.devicesPerItem ?? 1) > 1);
  }

  /** The task is settled (or let go): it no longer holds a slot or a place among the held. */
  private release(taskId: string): void {
    const r = this.running.get(taskId);
    if (!r) return;
    if (r.ended) this.ended--;
    this.running.delete(taskId);
  }

  /** Runs the device's handler under the job's timeout and cancellation; never throws. */
  private async runDevice(
    l: Required<LoadedTask<{ id: string; retryCount: number; data: TaskData }>>,
    running: Running,
  ): Promise<TaskResult> {
    const { task, job, device } = l;
    const handler = this.deps.registry.get(job.type);
    const started = performance.now();
    const timeoutMs = job.options.timeoutSeconds * 1000;
    // The device's one signal fires on cancel, skip, a stopping worker, or the job's timeout. A
    // timer cleared when the device ends, not AbortSignal.timeout and AbortSignal.any: each of
    // those holds its signal by a WeakRef (and the timeout a timer) for the whole timeout, so a
    // 10,000-device job left 10,000 pending timers and their weak references to every collection.
    const { signal } = running.controller;
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      running.controller.abort(new DOMException('The operation timed out.', 'TimeoutError'));
    }, timeoutMs);
    const report: NonNullable<TaskResult['report']> = {};
    const transcript = new Transcript();
    const base = {
      taskId: task.id,
      retryCount: task.retryCount,
      job,
      device,
      attempts: l.attempts,
      report,
      transcript,
    };
    let result: TaskResult;
    try {
      if (!handler) throw new Error(`no handler for ${job.type}`);
      const outcome = await handler.run(device, job.payload, {
        signal,
        timeoutMs,
        redactionKey: this.writer.redactionKey,
        db: this.deps.db,
        queue: this.deps.queue,
        secrets: this.deps.secrets,
        jobId: job.id,
        report,
        transcript,
      });
      result = {
        ...base,
        // A success keeps its transcript only when the job keeps every device's: let go now, the
        // session's output (as large as a configuration) would otherwise live until the batch's
        // write, long enough to be copied into the old generation and collected there.
        transcript: outcome.error || job.options.transcripts === 'all' ? transcript : undefined,
        kind: 'success',
        outcome,
        finishedAt: new Date(),
        durationMs: performance.now() - started,
      };
    } catch (err) {
      result = failureResult(base, err, {
        job,
        aborted: signal.aborted && !timedOut,
        stopping: this.stopping,
        signalled: signal.aborted,
        started,
        lastError: l.lastError,
      });
      if (result.kind === 'cancelled' && running.skippedBy) result.reason = `skipped by ${running.skippedBy}`;
    } finally {
      clearTimeout(timer);
    }
    return result;
  }

  /** After the writer stored a batch: settle each task with the queue and free its slot. */
  private async settled(results: TaskResult[]): Promise<void> {
    const done = results.filter((r) => r.kind !== 'retry');
    const retry = results.filter((r) => r.kind === 'retry');
    await Promise.all([
      this.ack(done.map((r) => this.running.get(r.taskId)?.task).filter((t) => !!t)),
      retry.length
        ? this.deps.queue
            .fail(
              TASK_QUEUE,
              retry.map((r) => ({ id: r.taskId, retryCount: r.retryCount })),
            )
            .catch((err) => this.deps.log.warn({ err }, 'could not hand tasks back for retry'))
        : undefined,
    ]);
    for (const r of results) this.release(r.taskId);
    this.wake();
  }

  private async ack(tasks: { id: string; retryCount: number }[]): Promise<void> {
    if (tasks.length === 0) return;
    try {
      await this.deps.queue.complete(
        TASK_QUEUE,
        tasks.map((t) => ({ id: t.id, retryCount: t.retryCount })),
      );
    } catch (err) {
      // The device is recorded; if the task comes back, it finds the device done and stores nothing.
      this.deps.log.warn({ err }, 'could not acknowledge device tasks');
    }
    for (const t of tasks) this.release(t.id);
    this.wake();
  }

  private async touch(): Promise<void> {
    const ids = [...this.running.values()].map((r) => ({ id: r.task.id, retryCount: r.task.retryCount }));
    for (let i = 0; i < ids.length; i += 500)
      await this.deps.queue.touch(TASK_QUEUE, ids.slice(i, i + 500)).catch(() => undefined);
  }

  /** Tasks the queue gave up on (their workers kept dying): the devices are recorded as failed. */
  private async buryDead(tasks: Task[]): Promise<void> {
    const loaded = await loadTasks(this.deps.db, this.deps.secrets, tasks);
    for (const l of loaded) if (l.job && l.device) this.writer.add(goneResult(l, 'lost'));
    await this.writer.drain();
  }

  private wake(): void {
    this.waker.wake();
  }

  private idle(ms: number): Promise<void> {
    return this.waker.pause(ms);
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
