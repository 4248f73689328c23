/**
 * A terminal session's recording in asciicast v2 (asciinema's format, which its player and tools
 * read): the output always, the keystrokes when the customer asks for them, never what is typed
 * at a password prompt. Secrets the device prints or the user types in configuration lines are
 * redacted at the end by the platform's backup rules, across chunk boundaries (netio's
 * redactEvents), so the stored recording holds what a backup of the same text would.
 */
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { type CastEvent, redactEvents } from '../../netio/index.ts';
import type { RedactRule } from '../../netio/platforms/types.ts';

const gzipAsync = promisify(gzip);

/** Past this much text the recording stops growing (it says so); the session goes on. */
export const MAX_RECORDING_CHARS = 32 * 1024 * 1024;

/**
 * The device is asking for a secret: its last line ends in "Password:" or the like. What is
 * typed next, up to the Enter, is not recorded.
 */
const SECRET_PROMPT = /(?:password|passphrase|passcode|secret|pin)(?:\s+for\s+\S+)?\s*:\s*$/i;

export class Recording {
  private readonly events: CastEvent[] = [];
  private readonly start = performance.now();
  readonly startedAt = new Date();
  private lastLine = '';
  private hiding = false;
  private chars = 0;
  private full = false;
  private cols: number;
  private rows: number;
  private readonly recordsInput: boolean;

  constructor(opts: { cols: number; rows: number; recordsInput: boolean }) {
    this.cols = opts.cols;
    this.rows = opts.rows;
    this.recordsInput = opts.recordsInput;
  }

  private push(kind: CastEvent[1], data: string): void {
    if (this.full || data === '') return;
    this.chars += data.length;
    if (this.chars > MAX_RECORDING_CHARS) {
      this.full = true;
      this.events.push([this.now(), 'o', '\r\n[webnet: the recording stopped here at its size limit]\r\n']);
      return;
    }
    this.events.push([this.now(), kind, data]);
  }

  private now(): number {
    return Math.round(performance.now() - this.start) / 1000;
  }

  output(data: string): void {
    const nl = data.lastIndexOf('\n');
    this.lastLine = (nl === -1 ? this.lastLine + data : data.slice(nl + 1)).slice(-200);
    this.push('o', data);
  }

  input(data: string): void {
    if (!this.recordsInput) return;
    let rest = data;
    if (!this.hiding && SECRET_PROMPT.test(this.lastLine.replace(/\r/g, ''))) this.hiding = true;
    if (this.hiding) {
      const end = rest.search(/[\r\n]/);
      if (end === -1) return;
      this.hiding = false;
      // The Enter that ends the secret is kept: the replay shows where one was typed.
      this.push('i', rest[end]!);
      rest = rest.slice(end + 1);
      // What follows the Enter (typed ahead) is an answer to something else.
      this.lastLine = '';
    }
    this.push('i', rest);
  }

  resize(cols: number, rows: number): void {
    this.cols = cols;
    this.rows = rows;
    this.push('r', `${cols}x${rows}`);
  }

  /**
   * The recording as a .cast file (header, then an event per line), redacted, and gzipped for
   * storage. The header holds the size the session began with, as asciinema's recorder writes
   * it; later sizes are "r" events.
   */
  async finish(
    meta: { title: string; initialCols: number; initialRows: number },
    rules: RedactRule[],
    secrets: string[],
  ): Promise<{ cast: string; gzipped: Buffer }> {
    const header = {
      version: 2,
      width: meta.initialCols,
      height: meta.initialRows,
      timestamp: Math.floor(this.startedAt.getTime() / 1000),
      title: meta.title,
      env: { TERM: 'xterm-256color' },
    };
    const events = redactEvents(this.events, rules, secrets);
    const cast = `${[JSON.stringify(header), ...events.map((e) => JSON.stringify(e))].join('\n')}\n`;
    // Off the event loop (libuv's pool): other people's terminals keep echoing meanwhile.
    return { cast, gzipped: await gzipAsync(cast) };
  }

  get size(): { cols: number; rows: number } {
    return { cols: this.cols, rows: this.rows };
  }
}
