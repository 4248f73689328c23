/**
 * Threads that evaluate configurations for a whole fleet, so a policy saved for 10,000 devices
 * takes the machine's other cores while the server's thread reads the configurations and writes
 * the verdicts (measured: that thread spent half of the job parsing and matching). With three
 * groups of devices in flight, a 10,000-device evaluation went from 4.7-5.0 s to 3.4-4.2 s on two
 * cores, run alternately with the code before (the evaluation job runs four: see its service). A backup's few devices are evaluated in its
 * own thread: handing them over would cost more than it spares.
 *
 * Written by hand on worker_threads: the pools on npm (piscina, workerpool) bring their own
 * scheduling and module loading for what is here a queue of one kind of message.
 */
import { isAscii } from 'node:buffer';
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import type { EvaluateReply, EvaluateRequest } from './evaluate.worker.ts';
import type { DeviceConfig, DeviceVerdicts, PolicyRules } from './evaluate-device.ts';

type Pending = { resolve: (v: DeviceVerdicts[]) => void; reject: (e: Error) => void };

class EvaluatorThread {
  readonly worker: Worker;
  readonly pending = new Map<number, Pending>();

  constructor(onExit: (t: EvaluatorThread) => void) {
    this.worker = new Worker(new URL('./evaluate.worker.ts', import.meta.url), {
      // The server's young generation (--max-semi-space-size=64, three semi-spaces' worth): with
      // the default, a thread spent a third of its time collecting a batch's line objects.
      resourceLimits: { maxYoungGenerationSizeMb: 192 },
    });
    // An idle thread does not keep the process alive.
    this.worker.unref();
    this.worker.on('message', (reply: EvaluateReply) => {
      for (const buffer of reply.returned) recycle(buffer);
      const p = this.pending.get(reply.id);
      if (!p) return;
      this.pending.delete(reply.id);
      if ('error' in reply) p.reject(new Error(`compliance evaluation failed: ${reply.error}`));
      else p.resolve(reply.verdicts);
    });
    const fail = (err: Error) => {
      for (const p of this.pending.values()) p.reject(err);
      this.pending.clear();
      onExit(this);
    };
    this.worker.on('error', fail);
    this.worker.on('exit', (code) => fail(new Error(`a compliance evaluator thread exited (code ${code})`)));
  }

  run(id: number, policies: PolicyRules[], devices: DeviceConfig[]): Promise<DeviceVerdicts[]> {
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.ref();
      // Configurations given as bytes move to the thread with the buffers that hold them (a
      // chunk's share one, see evaluate.ts).
      const moved = [
        ...new Set(devices.flatMap((d) => (typeof d.config === 'string' ? [] : [d.config.buffer]))),
      ];
      this.worker.postMessage({ id, policies, devices } satisfies EvaluateRequest, moved);
    }).finally(() => {
      if (this.pending.size === 0) this.worker.unref();
    }) as Promise<DeviceVerdicts[]>;
  }
}

/**
 * Buffers that carried configurations to a thread and came back with its reply, for the next
 * chunks: a fresh buffer per chunk was new memory, faulted in page by page as it was filled (the
 * server's thread spent 0.27 s of a 10,000-device evaluation copying 200 MB into fresh buffers,
 * where copying into warm ones costs a tenth of that). Let go once no chunk has needed one for a
 * while, so an evaluation leaves no memory held.
 */
const spare: ArrayBuffer[] = [];
const SPARE_MAX = 16;
const SPARE_IDLE_MS = 2000;
let spareTimer: NodeJS.Timeout | undefined;

function recycle(buffer: ArrayBuffer): void {
  if (spare.length < SPARE_MAX) spare.push(buffer);
}

/**
 * A buffer of at least `bytes` to move a chunk's configurations to a thread in: one that came
 * back from a thread when one is large enough, else a new one (uninitialised: it is filled whole).
 */
export function transferBuffer(bytes: number): ArrayBuffer {
  clearTimeout(spareTimer);
  spareTimer = setTimeout(() => {
    spare.length = 0;
  }, SPARE_IDLE_MS).unref();
  const at = spare.findIndex((b) => b.byteLength >= bytes);
  if (at >= 0) return spare.splice(at, 1)[0]!;
  // A little over what is asked, so that the next chunk (about as large) fits when it comes back.
  const fresh = Buffer.allocUnsafeSlow(Math.ceil((bytes * 1.25) / 65536) * 65536);
  return fresh.buffer;
}

/**
 * A chunk's configurations written as UTF-8 into one buffer, which moves to the thread whole (see
 * transferBuffer), each a view of its part: texts in a message are copied into it (0.22 s of the
 * server's thread per 10,000 configurations in postMessage, measured), a buffer moves as it is.
 * Encoded straight from the texts node-postgres read: a configuration read as bytes is decoded to
 * text by node-postgres all the same and encoded again into a Buffer of its own (Result.parseRow),
 * which then had to be copied here.
 *
 * Written with Buffer#write, not TextEncoder#encodeInto: on Node 24 encodeInto walks a one-byte
 * string character by character, 14 µs for a 34 KB configuration where Buffer#write takes 2.4
 * and checking the bytes are ASCII 2 more (measured on 2,000 configurations in one process).
 */
export function movableConfigs(texts: string[]): Uint8Array<ArrayBuffer>[] {
  // A character is at least a byte: the texts' lengths are the size of an ASCII chunk. A text
  // that wrote as many bytes as it has characters, all of them ASCII, was written whole; any
  // other (a wider character, or a write cut short at the buffer's end) has the chunk written
  // again with each text's exact size.
  const ascii = transferBuffer(texts.reduce((n, t) => n + t.length, 0));
  const views = writeTexts(ascii, texts, (text, bytes, at) => {
    const written = bytes.write(text, at, 'utf8');
    return written === text.length && isAscii(bytes.subarray(at, at + written)) ? written : -1;
  });
  if (views) return views;
  recycle(ascii);
  const sizes = texts.map((t) => Buffer.byteLength(t));
  const exact = transferBuffer(sizes.reduce((n, s) => n + s, 0));
  return writeTexts(exact, texts, (text, bytes, at) => bytes.write(text, at, 'utf8'))!;
}

/** The texts written one after another into `buffer` by `write` (bytes written, or -1 to give up). */
function writeTexts(
  buffer: ArrayBuffer,
  texts: string[],
  write: (text: string, bytes: Buffer, at: number) => number,
): Uint8Array<ArrayBuffer>[] | null {
  const bytes = Buffer.from(buffer);
  const views: Uint8Array<ArrayBuffer>[] = [];
  let at = 0;
  for (const text of texts) {
    const written = write(text, bytes, at);
    if (written < 0) return null;
    views.push(new Uint8Array(buffer, at, written));
    at += written;
  }
  return views;
}

/** The threads, made on first use and kept: a fleet's evaluation comes in batches. */
const threads: EvaluatorThread[] = [];
let nextId = 0;

/**
 * As many threads as the machine has cores besides the server's own, at least one, at most four
 * (PostgreSQL, on the same machine here, takes a core of its own during a fleet's evaluation).
 */
export const EVALUATOR_THREADS = Math.max(1, Math.min(4, os.availableParallelism() - 1));

/** Evaluates devices on the least busy evaluator thread. */
export function evaluateOnThread(
  policies: PolicyRules[],
  devices: DeviceConfig[],
): Promise<DeviceVerdicts[]> {
  startEvaluatorThreads();
  const thread = threads.reduce((a, b) => (b.pending.size < a.pending.size ? b : a));
  return thread.run(nextId++, policies, devices);
}

/**
 * Starts the threads ahead of their first chunk: a thread loads its modules in a few hundred
 * milliseconds, which the fleet's first reads then overlap.
 */
export function startEvaluatorThreads(): void {
  while (threads.length < EVALUATOR_THREADS) {
    threads.push(
      new EvaluatorThread((gone) => {
        const at = threads.indexOf(gone);
        if (at >= 0) threads.splice(at, 1);
      }),
    );
  }
}

/** Stops the threads (tests, shutdown). */
export async function stopEvaluatorThreads(): Promise<void> {
  await Promise.all(threads.splice(0).map((t) => t.worker.terminate()));
}
