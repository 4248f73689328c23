/**
 * WS /ws/jobs/:id. On PostgreSQL the devices run in a separate `webnet worker` process and the test
 * app serves only: every live event crosses processes through LISTEN/NOTIFY. On PGlite (one process)
 * the in-process worker publishes.
 */
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { TEST_PASSWORD, type TestApp, testApp } from '../../../tests/helpers/app.ts';
import { testDbKind } from '../../../tests/helpers/db.ts';
import { type LabInventory, labInventory } from '../../../tests/helpers/lab.ts';
import { startWorkerProcess, stopProcess } from '../../../tests/helpers/worker-process.ts';
import { jobStreamMessage } from './events.ts';

const separateWorker = testDbKind() === 'postgres';
const SECRET_KEY = `t1:${randomBytes(32).toString('base64')}`;

let t: TestApp;
let inv: LabInventory;
let worker: ChildProcess | undefined;
let base: string;
let operator: { headers: { authorization: string } };
let operatorName: string;
let stranger: { headers: { authorization: string } };

beforeAll(async () => {
  t = await testApp({ WEBNET_SECRET_KEY: SECRET_KEY }, { worker: !separateWorker });
  await t.http.listen({ port: 0, host: '127.0.0.1' });
  base = `ws://127.0.0.1:${(t.http.server.address() as AddressInfo).port}`;
  const customer = await t.customer();
  const other = await t.customer();
  const op = await t.user({ role: 'operator', customerIds: [customer.id] });
  operator = op;
  operatorName = op.username;
  stranger = await t.user({ role: 'admin', customerIds: [other.id] });
  inv = await labInventory(t, customer.id, { devices: 4, topology: 'flat', platform: 'cisco_ios' });
  if (separateWorker)
    worker = await startWorkerProcess({ DATABASE_URL: t.database.url!, WEBNET_SECRET_KEY: SECRET_KEY });
}, 60_000);
afterAll(async () => {
  await stopProcess(worker);
  await t?.stop();
  await inv?.lab.stop();
});

type Message = {
  type: 'snapshot' | 'progress';
  job?: { status: string; done: number; total: number };
  devices?: { hostname: string; status: string }[];
  logs?: { id: number; message: string }[];
};

/** Every message of one stream, until the server closes it. */
function watch(
  jobId: string,
  headers: Record<string, string>,
): Promise<{ messages: Message[]; code: number }> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`${base}/ws/jobs/${jobId}`, { headers });
    const messages: Message[] = [];
    socket.on('message', (data) => messages.push(JSON.parse(String(data)) as Message));
    socket.on('close', (code) => resolve({ messages, code }));
    socket.on('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    socket.on('error', reject);
  });
}

async function startJob(): Promise<string> {
  const res = await t.http.inject({
    method: 'POST',
    url: '/api/v1/jobs',
    headers: operator.headers,
    payload: { type: 'config_backup', targets: { filter: {} }, options: { concurrency: 2 } },
  });
  expect(res.statusCode).toBe(202);
  return res.json().id;
}

describe(`job stream (${separateWorker ? 'worker in another process' : 'in-process worker'})`, () => {
  it('streams devices starting and finishing, log lines, and the final status, then closes', async () => {
    // Slow output keeps the job running long enough to watch it live.
    for (const d of inv.devices) await inv.lab.setFaults(d.hostname, { slowOutputMs: 20 });
    try {
      const id = await startJob();
      const { messages, code } = await watch(id, operator.headers);
      expect(code).toBe(1000);
      expect(messages[0]!.type).toBe('snapshot');
      // Every message keeps the published contract (the web UI's types come from it).
      for (const m of messages) expect(jobStreamMessage.safeParse(m).error).toBeUndefined();
      const progress = messages.filter((m) => m.type === 'progress');
      expect(progress.length).toBeGreaterThan(0);
      const seen = new Map<string, Set<string>>();
      for (const m of messages)
        for (const d of m.devices ?? [])
          seen.set(d.hostname, (seen.get(d.hostname) ?? new Set()).add(d.status));
      for (const d of inv.devices) expect(seen.get(d.hostname), d.hostname).toContain('success');
      // At least one device was seen running live, not only in the snapshot.
      expect(progress.some((m) => m.devices?.some((d) => d.status === 'running'))).toBe(true);
      const last = messages.filter((m) => m.job).at(-1)!;
      expect(last.job).toMatchObject({ status: 'success', done: 4, total: 4 });
      const lines = messages.flatMap((m) => m.logs ?? []).map((l) => l.message);
      expect(lines.some((l) => l.startsWith('job success'))).toBe(true);
    } finally {
      for (const d of inv.devices) await inv.lab.setFaults(d.hostname, {});
    }
  }, 60_000);

  it('answers a finished job with its snapshot and closes', async () => {
    const id = await startJob();
    for (let i = 0; i < 200; i++) {
      const res = await t.http.inject({
        method: 'GET',
        url: `/api/v1/jobs/${id}`,
        headers: operator.headers,
      });
      if (res.json().status === 'success') break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const { messages, code } = await watch(id, operator.headers);
    expect(code).toBe(1000);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({ type: 'snapshot', job: { status: 'success' } });
  }, 30_000);

  it('stays open after a cancel until the aborted device has reported, then closes', async () => {
    const stuck = inv.lab.device(inv.devices[3]!.hostname);
    stuck.faults.hangAfterLogin = true;
    try {
      const res = await t.http.inject({
        method: 'POST',
        url: '/api/v1/jobs',
        headers: operator.headers,
        payload: {
          type: 'config_backup',
          targets: { deviceIds: [inv.devices[3]!.id] },
          options: { timeoutSeconds: 60, retries: 0 },
        },
      });
      const id: string = res.json().id;
      const stream = watch(id, operator.headers);
      // Cancel while the session hangs: the job is final at once, the device only once aborted.
      for (;;) {
        const devices = await t.http.inject({
          method: 'GET',
          url: `/api/v1/jobs/${id}/devices`,
          headers: operator.headers,
        });
        if (devices.json().items[0]?.status === 'running') break;
        await new Promise((r) => setTimeout(r, 50));
      }
      const cancel = await t.http.inject({
        method: 'POST',
        url: `/api/v1/jobs/${id}/cancel`,
        headers: operator.headers,
      });
      expect(cancel.json()).toMatchObject({ status: 'cancelled', done: 0 });
      const { messages, code } = await stream;
      expect(code).toBe(1000);
      const last = messages.filter((m) => m.job).at(-1)!.job!;
      expect(last).toMatchObject({ status: 'cancelled', done: 1, total: 1 });
      expect(messages.flatMap((m) => m.devices ?? []).at(-1)).toMatchObject({ status: 'cancelled' });
    } finally {
      stuck.faults.hangAfterLogin = false;
    }
  });

  it('holds the same login and customer scope as REST', async () => {
    const id = await startJob();
    await expect(watch(id, stranger.headers)).rejects.toThrow('HTTP 404');
    await expect(watch(id, {})).rejects.toThrow('HTTP 401');
    await expect(watch('00000000-0000-4000-8000-000000000000', operator.headers)).rejects.toThrow('HTTP 404');
  });

  it('lets a browser session open it from webnet pages only, not from another site', async () => {
    const id = await startJob();
    const login = await t.http.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: operatorName, password: TEST_PASSWORD, session: 'cookie' },
    });
    expect(login.statusCode).toBe(200);
    const cookie = login.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
    const host = new URL(base).host;
    await expect(watch(id, { cookie, origin: 'https://evil.example' })).rejects.toThrow('HTTP 403');
    await expect(watch(id, { cookie, origin: 'not a url' })).rejects.toThrow('HTTP 403');
    const own = await watch(id, { cookie, origin: `http://${host}` });
    expect(own.messages[0]!.type).toBe('snapshot');
  }, 30_000);
});
