/**
 * A browser terminal: the WebSocket on one side, the device's SSH (or telnet) shell on the other,
 * opened in this process. The login is webnet's (the stored credential, the enable secret, the
 * pinned host key, exactly as a job logs in); then the line is handed to the person, and every
 * byte each way is relayed as it comes and recorded.
 */

import { and, eq, isNull } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import type { RawData, WebSocket } from 'ws';
import { type Channel, classifyError, platformByName } from '../../netio/index.ts';
import type { Db } from '../../platform/db/client.ts';
import type { Logger } from '../../platform/logger.ts';
import { scrapedGauge } from '../../platform/metrics.ts';
import type { SecretBox } from '../../platform/secrets.ts';
import type { Actor } from '../../platform/tenancy.ts';
import { devices } from '../devices/table.ts';
import { onDevice } from '../jobs/device-target.ts';
import { taskDevices } from '../jobs/task-loader.ts';
import { secretsOf } from '../jobs/transcripts.ts';
import { Recording } from './recording.ts';
import { TERMINAL_CLOSE, type TerminalServerMessage, terminalClientMessage } from './schemas.ts';
import { endSession, HEARTBEAT_MS, heartbeat, type Limits, openSession } from './service.ts';

export type TerminalDeps = {
  db: Db;
  secrets: SecretBox;
  log: Logger;
  limits: Limits;
  idleMinutes: number;
  hub: TerminalHub;
};

/** The login's longest wait for the device (connection, prompt, enable). */
const LOGIN_TIMEOUT_MS = 30_000;

const openGauge = scrapedGauge('webnet_terminals_open', 'Browser terminals open in this process');

/** The terminals open in this process, so that a shutdown ends each one properly (recording stored). */
export class TerminalHub {
  private readonly open = new Map<(reason: string, code: number) => void, Promise<void>>();

  constructor() {
    openGauge.read(async () => [{ value: this.open.size }]);
  }

  add(stop: (reason: string, code: number) => void, done: Promise<void>): void {
    this.open.set(stop, done);
    void done.finally(() => this.open.delete(stop));
  }

  get size(): number {
    return this.open.size;
  }

  async closeAll(): Promise<void> {
    const all = [...this.open];
    for (const [stop] of all) stop('the server is shutting down', TERMINAL_CLOSE.shutdown);
    await Promise.allSettled(all.map(([, done]) => done));
  }
}

/** A WebSocket close reason is at most 123 bytes. */
const short = (text: string) =>
  Buffer.from(text)
    .subarray(0, 120)
    .toString('utf8')
    .replace(/\uFFFD$/, '');

export async function runTerminal(
  socket: WebSocket,
  req: FastifyRequest,
  actor: Actor,
  deviceId: string,
  size: { cols: number; rows: number },
  deps: TerminalDeps,
): Promise<void> {
  const send = (message: TerminalServerMessage) => {
    if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(message));
  };
  // What the person sends while webnet looks the device up is held from the first moment (a
  // listener added after an await would miss it) and handled once the session is set up.
  const early = new TypeAhead<{ raw: RawData; isBinary: boolean }>();
  const holdEarly = (raw: RawData, isBinary: boolean) => early.push({ raw, isBinary }, byteLength(raw));
  socket.on('message', holdEarly);
  const device = (await taskDevices(deps.db, deps.secrets, [deviceId])).get(deviceId);
  if (!device) {
    socket.close(1011, 'the device is gone');
    return;
  }
  const opened = await openSession(deps.db, actor, device, deps.limits);
  if ('refused' in opened) {
    send({ type: 'status', state: 'closed', message: opened.refused });
    socket.close(TERMINAL_CLOSE.limit, short(opened.refused));
    return;
  }
  const startedAt = new Date();
  const recording = new Recording({ ...size, recordsInput: opened.recordsInput });
  const controller = new AbortController();
  let channel: Channel | undefined;
  let reason = 'closed by the user';
  let code = 1000;
  let stopped = false;
  let finish = () => {};
  const ended = new Promise<void>((resolve) => {
    finish = resolve;
  });
  const stop = (why: string, closeCode: number) => {
    if (stopped) return;
    stopped = true;
    reason = why;
    code = closeCode;
    controller.abort();
    finish();
  };
  const idleMs = deps.idleMinutes * 60_000;
  let idle = setTimeout(() => stop(idleMessage(deps.idleMinutes), TERMINAL_CLOSE.idle), idleMs);
  const alive = setInterval(() => void heartbeat(deps.db, opened.id).catch(() => undefined), HEARTBEAT_MS);

  socket.on('close', () => stop('closed by the user', 1000));
  if (socket.readyState !== socket.OPEN) stop('closed by the user', 1000);
  // Keystrokes typed while webnet logs in are the person's type-ahead, as at any terminal: they
  // go to the device once the line is handed over, after the Enter that shows its prompt.
  const typedAhead = new TypeAhead<string>();
  const typed = (data: string) => {
    clearTimeout(idle);
    idle = setTimeout(() => stop(idleMessage(deps.idleMinutes), TERMINAL_CLOSE.idle), idleMs);
    if (!channel) {
      typedAhead.push(data, data.length);
      return;
    }
    recording.input(data);
    channel.write(data);
  };
  const received = (raw: RawData, isBinary: boolean) => {
    // Keystrokes come as binary frames, as they are (the browser's way: nothing to parse on
    // the hot path), or as a JSON "input" message; resizes as JSON.
    if (isBinary) return typed(rawText(raw));
    const parsed = terminalClientMessage.safeParse(safeJson(rawText(raw)));
    if (!parsed.success) return;
    const m = parsed.data;
    if (m.type === 'input') typed(m.data);
    else {
      recording.resize(m.cols, m.rows);
      channel?.resize?.(m.cols, m.rows);
    }
  };
  socket.off('message', holdEarly);
  socket.on('message', received);
  for (const m of early.take()) received(m.raw, m.isBinary);

  const session = (async () => {
    send({
      type: 'status',
      state: 'connecting',
      message: `connecting to ${device.hostname} (${device.mgmtIp})`,
    });
    try {
      await onDevice(
        device,
        {
          signal: controller.signal,
          timeoutMs: LOGIN_TIMEOUT_MS,
          pty: { term: 'xterm-256color', ...size },
        },
        async (logged, hostKey) => {
          if (!device.hostKey && hostKey) await pinHostKey(deps.db, device.id, hostKey);
          const line = logged.detach((chunk) => {
            recording.output(chunk);
            // The device's output as a binary frame, its bytes as they are.
            if (socket.readyState === socket.OPEN) socket.send(Buffer.from(chunk, 'utf8'));
          });
          channel = line;
          line.onClose(() => stop('the device closed the connection', TERMINAL_CLOSE.deviceClosed));
          // The size may have changed while logging in.
          const now = recording.size;
          if (now.cols !== size.cols || now.rows !== size.rows) line.resize?.(now.cols, now.rows);
          send({
            type: 'status',
            state: 'connected',
            message: `connected to ${device.hostname}; this session is recorded${opened.recordsInput ? ', keystrokes included (never at a password prompt)' : ''}`,
            sessionId: opened.id,
            recordsInput: opened.recordsInput,
          });
          // The login's last prompt went to the session: an Enter has the device print it again.
          line.write('\r');
          const ahead = typedAhead.take().join('');
          if (ahead) typed(ahead);
          await ended;
        },
      );
    } catch (err) {
      if (!stopped) {
        const e = classifyError(err);
        stop(
          `could not open a session on ${device.hostname}: [${e.category}] ${e.message}`,
          TERMINAL_CLOSE.connectFailed,
        );
      }
    }
  })();
  let settle = () => {};
  deps.hub.add(
    stop,
    new Promise<void>((resolve) => {
      settle = resolve;
    }),
  );
  await session;
  await ended;
  clearTimeout(idle);
  clearInterval(alive);
  send({ type: 'status', state: 'closed', message: reason, sessionId: opened.id });
  if (socket.readyState === socket.OPEN) socket.close(code, short(reason));
  try {
    const rules = platformByName(device.platform)?.backup.redact ?? [];
    const { cast, gzipped } = await recording.finish(
      { title: `${device.hostname} — ${actor.username}`, initialCols: size.cols, initialRows: size.rows },
      rules,
      secretsOf(device),
    );
    await endSession(
      deps.db,
      actor,
      {
        id: opened.id,
        customerId: device.customerId,
        deviceId: device.id,
        hostname: device.hostname,
        startedAt,
      },
      { reason, size: Buffer.byteLength(cast), recording: gzipped },
    );
  } catch (err) {
    req.log.error({ err, sessionId: opened.id }, 'could not store the terminal recording');
  } finally {
    settle();
  }
}

const idleMessage = (minutes: number) =>
  `closed after ${minutes} minute${minutes === 1 ? '' : 's'} without a keystroke (WEBNET_TERMINAL_IDLE_MINUTES)`;

/** The most a person can type (or paste) ahead of the login; more than that is not kept. */
const TYPE_AHEAD_BYTES = 64 * 1024;

/** What arrives before it can be handled, kept in order up to TYPE_AHEAD_BYTES. */
class TypeAhead<T> {
  private items: T[] = [];
  private bytes = 0;

  push(item: T, size: number): void {
    if (this.bytes + size > TYPE_AHEAD_BYTES) return;
    this.bytes += size;
    this.items.push(item);
  }

  take(): T[] {
    const items = this.items;
    this.items = [];
    this.bytes = 0;
    return items;
  }
}

const byteLength = (raw: RawData) =>
  Array.isArray(raw) ? raw.reduce((n, b) => n + b.length, 0) : raw.byteLength;

/** A frame's payload as text (ws hands over a Buffer, or fragments of one). */
const rawText = (raw: RawData) =>
  Array.isArray(raw) ? Buffer.concat(raw).toString('utf8') : Buffer.from(raw as ArrayBuffer).toString('utf8');

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** First contact pins the host key, as a job's does; a device that has one keeps it. */
async function pinHostKey(db: Db, id: string, hostKey: string): Promise<void> {
  await db
    .update(devices)
    .set({ sshHostKeyFingerprint: hostKey })
    .where(and(eq(devices.id, id), isNull(devices.sshHostKeyFingerprint)));
}
