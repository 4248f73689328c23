/**
 * A job starts as soon as it is enqueued, even when the news reaches the worker while its idle
 * fetch is in flight (that fetch saw no task, and nothing was idle to wake): the worker must not
 * sleep a whole poll first. The poll here is a minute, so a lost wake-up shows as a job that does
 * not start; the fetch is held (after the queue answered) until the enqueue has been delivered.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type TestApp, testApp } from '../../../tests/helpers/app.ts';
import { type LabInventory, labInventory, waitForJob } from '../../../tests/helpers/lab.ts';
import { registry } from '../../app/jobs.ts';
import type { Queue } from '../../platform/queue.ts';
import { ENQUEUED_TOPIC } from './events.ts';
import { TASK_QUEUE } from './tasks.ts';
import { JobWorker } from './worker.ts';

let t: TestApp;
let inv: LabInventory;
let worker: JobWorker | undefined;

beforeAll(async () => {
  t = await testApp({}, { worker: false });
  const customer = await t.customer();
  inv = await labInventory(t, customer.id, { devices: 1, topology: 'flat', platform: 'cisco_ios' });
}, 60_000);
afterAll(async () => {
  await worker?.stop(1000);
  await t?.stop();
  await inv?.lab.stop();
});

it('starts a job enqueued while the idle fetch was in flight, without waiting for the next poll', async () => {
  const operator = await t.user({ role: 'operator', allCustomers: true });
  const { queue, events } = t.jobs;
  // The next device-task fetch, once the queue has answered, waits for `release`.
  let release!: () => void;
  const released = new Promise<void>((r) => {
    release = r;
  });
  let answered!: (tasks: number) => void;
  const fetchAnswered = new Promise<number>((r) => {
    answered = r;
  });
  let holding = true;
  const heldQueue = new Proxy(queue, {
    get(target, prop) {
      const value = Reflect.get(target, prop, target);
      if (prop !== 'fetch') return typeof value === 'function' ? value.bind(target) : value;
      return async (...args: Parameters<Queue['fetch']>) => {
        const tasks = await target.fetch(...args);
        if (holding && args[0] === TASK_QUEUE) {
          holding = false;
          answered(tasks.length);
          await released;
        }
        return tasks;
      };
    },
  });
  worker = new JobWorker(
    { db: t.database.db, queue: heldQueue, events, secrets: t.secrets, log: t.log, registry },
    { concurrency: 4, pollMs: 60_000 },
  );
  await worker.start();
  expect(await fetchAnswered).toBe(0);

  // The job is enqueued and its news delivered while that fetch is still held.
  const delivered = new Promise<void>((resolve) => {
    const off = events.subscribe(ENQUEUED_TOPIC, () => {
      off();
      resolve();
    });
  });
  const res = await t.http.inject({
    method: 'POST',
    url: '/api/v1/jobs',
    headers: operator.headers,
    payload: { type: 'config_backup', targets: { deviceIds: inv.devices.map((d) => d.id) } },
  });
  expect(res.statusCode).toBe(202);
  await delivered;
  release();

  // Lost, the wake-up would leave the job queued for the minute's poll.
  const job = await waitForJob(t, operator.headers, res.json().id, 20_000);
  expect(job).toMatchObject({ status: 'success', succeeded: 1 });
}, 60_000);
