/**
 * The browser terminal over its real path: WebSocket → webnet → SSH → the lab device. Who may open
 * one, what the person sees, how it ends, and what the recording keeps (and never keeps).
 */
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { json, type TestApp, testApp } from '../../../tests/helpers/app.ts';
import { type LabInventory, labInventory } from '../../../tests/helpers/lab.ts';
import { systemActor } from '../../platform/tenancy.ts';
import { getDevice } from '../devices/service.ts';
import type { TerminalServerMessage } from './schemas.ts';
import { pruneRecordings } from './service.ts';
import { terminalSessions } from './table.ts';

type Headers = { authorization: string };
type Term = {
  socket: WebSocket;
  messages: TerminalServerMessage[];
  output: () => string;
  /** Resolves once a message matches (or the text received so far does). */
  until: (match: (m: TerminalServerMessage) => boolean, what?: string) => Promise<TerminalServerMessage>;
  untilOutput: (pattern: RegExp) => Promise<void>;
  type: (text: string) => void;
  closed: Promise<{ code: number; reason: string }>;
};

function terminal(
  t: TestApp,
  headers: Headers,
  deviceId: string,
  size = { cols: 80, rows: 24 },
): Promise<Term> {
  const { port } = t.http.server.address() as AddressInfo;
  const socket = new WebSocket(
    `ws://127.0.0.1:${port}/ws/devices/${deviceId}/terminal?cols=${size.cols}&rows=${size.rows}`,
    { headers },
  );
  const messages: TerminalServerMessage[] = [];
  const waiters: (() => void)[] = [];
  let received = '';
  const output = () => received;
  socket.on('message', (raw, isBinary) => {
    // The device's output comes in binary frames, the session's state in JSON ones.
    if (isBinary) received += String(raw);
    else messages.push(JSON.parse(String(raw)));
    for (const w of waiters.splice(0)) w();
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    socket.on('close', (code, reason) => {
      resolve({ code, reason: String(reason) });
      for (const w of waiters.splice(0)) w();
    }),
  );
  const wait = (ok: () => boolean, what: string) =>
    new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no ${what}; got ${JSON.stringify(messages).slice(-600)}`)),
        15_000,
      );
      const check = () => {
        if (ok()) {
          clearTimeout(timer);
          resolve();
        } else if (socket.readyState === socket.CLOSED) {
          clearTimeout(timer);
          reject(new Error(`closed before ${what}; got ${JSON.stringify(messages).slice(-600)}`));
        } else waiters.push(check);
      };
      check();
    });
  return new Promise((resolve, reject) => {
    socket.on('unexpected-response', (_req, res) =>
      reject(new Error(`HTTP ${res.statusCode}, connection: ${res.headers.connection}`)),
    );
    socket.on('error', reject);
    socket.on('open', () =>
      resolve({
        socket,
        messages,
        output,
        closed,
        until: async (match, what = 'matching message') => {
          await wait(() => messages.some(match), what);
          return messages.find(match)!;
        },
        untilOutput: (pattern) => wait(() => pattern.test(output()), `output ${pattern}`),
        // Keystrokes as the browser sends them (binary frames); the JSON form is tested below.
        type: (text) => {
          for (const ch of text) socket.send(Buffer.from(ch));
        },
      }),
    );
  });
}

const connected = (m: TerminalServerMessage) => m.type === 'status' && m.state === 'connected';
const closedStatus = (m: TerminalServerMessage) => m.type === 'status' && m.state === 'closed';

let t: TestApp;
let inv: LabInventory;
let customerId: string;
let operator: { id: string; username: string; headers: Headers };
let admin: { headers: Headers };
let viewer: { headers: Headers };
let stranger: { headers: Headers };

beforeAll(async () => {
  t = await testApp({ WEBNET_TERMINAL_MAX_PER_USER: '2' });
  await t.http.listen({ port: 0, host: '127.0.0.1' });
  const customer = await t.customer();
  customerId = customer.id;
  const other = await t.customer();
  operator = await t.user({ role: 'operator', customerIds: [customer.id] });
  admin = await t.user({ role: 'admin', customerIds: [customer.id] });
  viewer = await t.user({ role: 'viewer', customerIds: [customer.id] });
  stranger = await t.user({ role: 'admin', customerIds: [other.id] });
  inv = await labInventory(t, customer.id, { devices: 4, topology: 'flat', platform: 'cisco_ios' });
}, 60_000);
afterAll(async () => {
  await t?.stop();
  await inv?.lab.stop();
});

const sessions = async (deviceId: string) =>
  json<{
    items: { id: string; endedAt: string | null; endReason: string; size: number; username: string }[];
  }>(
    await t.http.inject({
      method: 'GET',
      url: `/api/v1/terminal-sessions?deviceId=${deviceId}`,
      headers: operator.headers,
    }),
  ).items;

const recording = async (id: string) => {
  const res = await t.http.inject({
    method: 'GET',
    url: `/api/v1/terminal-sessions/${id}/recording`,
    headers: operator.headers,
  });
  expect(res.statusCode).toBe(200);
  const [header, ...lines] = res.body.trim().split('\n');
  return {
    header: JSON.parse(header!),
    events: lines.map((l) => JSON.parse(l) as [number, string, string]),
    body: res.body,
  };
};

/** Waits until the session's row has ended (its recording is stored after the socket closes). */
async function ended(deviceId: string, count: number) {
  for (let i = 0; i < 100; i++) {
    const list = await sessions(deviceId);
    if (list.length >= count && list.every((s) => s.endedAt)) return list;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('the session never ended');
}

describe('browser terminal', () => {
  it('logs in with the stored credential, echoes typing, answers show version, follows resizes, and records the session', async () => {
    const device = inv.devices[0]!;
    const term = await terminal(t, operator.headers, device.id);
    const status = await term.until(connected, 'connected');
    expect(status).toMatchObject({ recordsInput: false });
    // Enabled already: the session entered privileged EXEC with the stored enable secret.
    await term.untilOutput(new RegExp(`${device.hostname}#`));
    term.type('show ver');
    await term.untilOutput(/show ver$/);
    term.type('sion\r');
    await term.untilOutput(/Cisco IOS Software[\s\S]*uptime is[\s\S]*#$/);
    term.socket.send(JSON.stringify({ type: 'resize', cols: 120, rows: 40 }));
    term.type('show clock\r');
    await term.untilOutput(/show clock[\s\S]*#$/);
    term.socket.close();
    await term.closed;

    const [s] = await ended(device.id, 1);
    expect(s).toMatchObject({ endReason: 'closed by the user', username: operator.username });
    const { header, events, body } = await recording(s!.id);
    expect(header).toMatchObject({ version: 2, width: 80, height: 24 });
    expect(
      events
        .filter((e) => e[1] === 'o')
        .map((e) => e[2])
        .join(''),
    ).toContain('Cisco IOS Software');
    expect(events.filter((e) => e[1] === 'r').map((e) => e[2])).toEqual(['120x40']);
    // The customer does not record keystrokes: none are there.
    expect(events.filter((e) => e[1] === 'i')).toEqual([]);
    expect(s!.size).toBe(Buffer.byteLength(body));
    for (const secret of ['lab-password', 'lab-enable']) expect(body).not.toContain(secret);

    // First contact pinned the device's host key, as a job's would.
    const row = await getDevice(t.database.db, systemActor(), device.id);
    expect(row.sshHostKeyFingerprint).toMatch(/^SHA256:/);

    const audit = json<{ items: { action: string; details: Record<string, unknown> }[] }>(
      await t.http.inject({ method: 'GET', url: '/api/v1/audit?action=terminal', headers: admin.headers }),
    ).items;
    expect(audit.map((a) => a.action).sort()).toEqual(['terminal.close', 'terminal.open']);
    expect(audit.find((a) => a.action === 'terminal.close')!.details).toMatchObject({
      sessionId: s!.id,
      size: s!.size,
      reason: 'closed by the user',
    });
  }, 30_000);

  it('keeps what is typed while it logs in, and gives it to the device once logged in', async () => {
    const device = inv.devices[1]!;
    const term = await terminal(t, operator.headers, device.id);
    // Typed the moment the socket opens, long before the device's prompt: type-ahead.
    term.type('show ip interface brief\r');
    term.socket.send(JSON.stringify({ type: 'input', data: 'show ver' }));
    term.type('sion\r');
    await term.until(connected, 'connected');
    // Each command once, in the order typed, answered in full.
    await term.untilOutput(
      /#show ip interface brief\r\nInterface +IP-Address[\s\S]*#show version\r\n[\s\S]*uptime is[\s\S]*#$/,
    );
    expect(term.output().match(/#show /g)).toHaveLength(2);
    term.socket.close();
    await term.closed;
    await ended(device.id, 1);
  });

  it('refuses a viewer (403) and another customer (404, as a device that does not exist)', async () => {
    const device = inv.devices[0]!;
    // A refusal says its connection closes: a client must not send its next request down it.
    await expect(terminal(t, viewer.headers, device.id)).rejects.toThrow('HTTP 403, connection: close');
    await expect(terminal(t, stranger.headers, device.id)).rejects.toThrow('HTTP 404, connection: close');
    await expect(terminal(t, operator.headers, '00000000-0000-4000-8000-000000000000')).rejects.toThrow(
      'HTTP 404',
    );
    // Nor may they read the recordings.
    const list = await t.http.inject({
      method: 'GET',
      url: '/api/v1/terminal-sessions',
      headers: viewer.headers,
    });
    expect(list.statusCode).toBe(403);
    const foreign = await t.http.inject({
      method: 'GET',
      url: '/api/v1/terminal-sessions',
      headers: stranger.headers,
    });
    expect(json<{ total: number }>(foreign).total).toBe(0);
  });

  it('records keystrokes when the customer asks, but never the password typed at a prompt', async () => {
    const patch = await t.http.inject({
      method: 'PATCH',
      url: `/api/v1/customers/${customerId}`,
      headers: (await t.user({ role: 'admin', allCustomers: true })).headers,
      payload: { terminalRecordsInput: true },
    });
    expect(patch.statusCode).toBe(200);
    const device = inv.devices[1]!;
    try {
      const term = await terminal(t, operator.headers, device.id);
      expect(await term.until(connected)).toMatchObject({ recordsInput: true });
      await term.untilOutput(/#$/);
      term.type('disable\r');
      await term.untilOutput(/>$/);
      term.type('enable\r');
      await term.untilOutput(/Password: $/);
      // The device's enable secret, typed by hand at its prompt.
      term.type('lab-enable\r');
      await term.untilOutput(/#$/);
      term.socket.close();
      await term.closed;
      const [s] = await ended(device.id, 1);
      const { events, body } = await recording(s!.id);
      const typed = events
        .filter((e) => e[1] === 'i')
        .map((e) => e[2])
        .join('');
      expect(typed).toBe('disable\renable\r\r');
      expect(body).not.toContain('lab-enable');
    } finally {
      await t.database.db.execute(
        sql`update customers set terminal_records_input = false where id = ${customerId}`,
      );
    }
  }, 30_000);

  it('holds each user to the limit of open terminals, with a message', async () => {
    const device = inv.devices[2]!;
    const a = await terminal(t, operator.headers, device.id);
    const b = await terminal(t, operator.headers, device.id);
    await Promise.all([a.until(connected), b.until(connected)]);
    const c = await terminal(t, operator.headers, device.id);
    const refused = await c.until(closedStatus);
    expect(refused).toMatchObject({ message: expect.stringMatching(/limit is 2 per user/) });
    expect((await c.closed).code).toBe(4029);
    // Another user is not held to this one's limit.
    const d = await terminal(t, admin.headers, device.id);
    await d.until(connected);
    for (const term of [a, b, d]) term.socket.close();
    await Promise.all([a.closed, b.closed, d.closed]);
    await ended(device.id, 3);
  }, 30_000);

  it('says so when the device drops the connection', async () => {
    const device = inv.devices[3]!;
    const term = await terminal(t, operator.headers, device.id);
    await term.until(connected);
    await term.untilOutput(/#$/);
    await inv.lab.setFaults(device.hostname, { dropAfterBytes: 50 });
    try {
      // Keystrokes may also come as a JSON message (an API client's way).
      term.socket.send(JSON.stringify({ type: 'input', data: 'show running-config\r' }));
      const closed = await term.until(closedStatus, 'closed');
      expect(closed).toMatchObject({ message: 'the device closed the connection' });
      expect((await term.closed).code).toBe(4000);
    } finally {
      await inv.lab.setFaults(device.hostname, {});
    }
    const [s] = await ended(device.id, 1);
    expect(s!.endReason).toBe('the device closed the connection');
  }, 30_000);

  it('refuses a device whose host key changed, naming why', async () => {
    const device = inv.devices[0]!;
    await inv.lab.setFaults(device.hostname, { changedHostKey: true });
    try {
      const term = await terminal(t, operator.headers, device.id);
      const closed = await term.until(closedStatus, 'closed');
      expect(closed.type === 'status' && closed.message).toMatch(/host_key_changed/);
      expect((await term.closed).code).toBe(4002);
      expect(term.messages.some(connected)).toBe(false);
    } finally {
      await inv.lab.setFaults(device.hostname, {});
    }
  }, 30_000);
});

describe('idle terminals', () => {
  let idle: TestApp;
  beforeAll(async () => {
    // 0.02 minutes: 1.2 s without a keystroke.
    idle = await testApp({ WEBNET_TERMINAL_IDLE_MINUTES: '0.02' });
    await idle.http.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(() => idle?.stop());

  it('closes a terminal left without a keystroke, saying why', async () => {
    const customer = await idle.customer();
    const op = await idle.user({ role: 'operator', customerIds: [customer.id] });
    const lab = await labInventory(idle, customer.id, {
      devices: 1,
      topology: 'flat',
      platform: 'cisco_ios',
    });
    try {
      const term = await terminal(idle, op.headers, lab.devices[0]!.id);
      await term.until(connected);
      // Typing keeps it open past the idle time...
      for (let i = 0; i < 4; i++) {
        await new Promise((r) => setTimeout(r, 500));
        term.type(' ');
      }
      expect(term.socket.readyState).toBe(WebSocket.OPEN);
      // ...and silence closes it.
      const closed = await term.until(closedStatus, 'closed');
      expect(closed).toMatchObject({ message: expect.stringMatching(/without a keystroke/) });
      expect((await term.closed).code).toBe(4001);
    } finally {
      await lab.lab.stop();
    }
  }, 30_000);
});

describe('recording retention', () => {
  it('deletes recordings past WEBNET_RECORDING_RETENTION_DAYS, and keeps newer ones and open sessions', async () => {
    const device = inv.devices[0]!;
    const day = 24 * 3600_000;
    const row = (endedAt: Date | null, hostname: string) => ({
      customerId,
      deviceId: device.id,
      hostname,
      username: 'retention',
      startedAt: new Date((endedAt ?? new Date()).getTime() - 60_000),
      endedAt,
      recording: gzipSync('{"version":2,"width":80,"height":24}\n'),
    });
    await t.database.db
      .insert(terminalSessions)
      .values([
        row(new Date(Date.now() - 91 * day), 'old'),
        row(new Date(Date.now() - 89 * day), 'recent'),
        row(null, 'open'),
      ]);
    const pruned = await pruneRecordings(t.database.db, 90);
    expect(pruned).toBe(1);
    const left = await t.database.db
      .select({ hostname: terminalSessions.hostname })
      .from(terminalSessions)
      .where(eq(terminalSessions.username, 'retention'));
    expect(left.map((r) => r.hostname).sort()).toEqual(['open', 'recent']);
  });
});
