import { parse as parseYaml } from 'yaml';
import type { Channel } from '../channel.ts';

/**
 * A recorded device session (Oxidized's simulation format: the login output, then a map from
 * each exact line sent to the bytes the device answered) played back as a Channel, so the
 * session logic is tested against what real devices printed. Replies arrive in small random
 * chunks, as they do over SSH, so prompt and pager detection must cope with any split.
 */
/**
 * What was sent and answered, in order. A line is answered by its next entry after the last one
 * used, so a pager key (" ") gets the page that followed the command just sent.
 */
export type Recording = { initPrompt: string; entries: [sent: string, reply: string][] };

/** The recordings keep control characters as escapes inside literal blocks ("\r", "\x20", "\e"). */
export function unescapeRecorded(text: string): string {
  return text.replace(/\\(x[0-9a-fA-F]{2}|[rntbe"\\])/g, (_, e: string) => {
    if (e[0] === 'x') return String.fromCharCode(Number.parseInt(e.slice(1), 16));
    return { r: '\r', n: '\n', t: '\t', b: '\b', e: '\x1b', '"': '"', '\\': '\\' }[e]!;
  });
}

export function parseRecording(yamlText: string): Recording {
  const doc = parseYaml(yamlText) as { init_prompt?: string; commands?: unknown; command_newline?: string };
  // Either a map of line → reply or (when a line repeats, as a pager key does) a list of one-entry maps.
  const raw: [string, string | null][] = Array.isArray(doc.commands)
    ? doc.commands.flatMap((m: Record<string, string | null>) => Object.entries(m))
    : Object.entries((doc.commands ?? {}) as Record<string, string | null>);
  // A device that took "\r\n" as the end of a line takes "\n" as well: the session sends "\n".
  const sentAs = (sent: string) => (doc.command_newline === '\r\n' ? sent.replace(/\r\n$/, '\n') : sent);
  const entries = raw.map(([sent, reply]): [string, string] => [sentAs(sent), unescapeRecorded(reply ?? '')]);
  return { initPrompt: unescapeRecorded(doc.init_prompt ?? ''), entries };
}

export type ReplayOptions = {
  /**
   * Some recordings were taken over an exec channel: no echo and no prompt after a reply.
   * Then the replay adds both, the way the device's shell would show them.
   */
  shell?: { prompt: string };
  /** What the device says to a line the recording does not hold. */
  unknown?: (line: string) => string;
  /** Largest chunk delivered at once (random sizes from 1 up to this). */
  maxChunk?: number;
  seed?: number;
};

export class ReplayChannel implements Channel {
  /** Every line the session sent, in order. */
  readonly sent: string[] = [];
  private listener: ((chunk: string) => void) | null = null;
  private closeListener: ((err?: Error) => void) | null = null;
  private pending = '';
  private prompt: string;
  private random: number;
  private closed = false;
  private lastReply = '';
  private cursor = 0;

  private readonly recording: Recording;
  private readonly options: ReplayOptions;

  constructor(recording: Recording, options: ReplayOptions = {}) {
    this.recording = recording;
    this.options = options;
    this.random = options.seed ?? 1;
    this.prompt = options.shell?.prompt ?? recording.initPrompt.split('\n').pop() ?? '';
    const init = options.shell
      ? `${recording.initPrompt.replace(/\s*$/, '')}\n${this.prompt}`
      : recording.initPrompt;
    setImmediate(() => this.emit(init));
  }

  onData(listener: (chunk: string) => void): void {
    this.listener = listener;
  }

  onClose(listener: (err?: Error) => void): void {
    this.closeListener = listener;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    setImmediate(() => this.closeListener?.());
  }

  write(data: string): void {
    this.pending += data;
    // A pager key is sent without a newline.
    if (!this.pending.includes('\n') && this.recording.entries.some(([sent]) => sent === this.pending)) {
      const key = this.pending;
      this.pending = '';
      this.sent.push(key);
      this.answer(key);
      return;
    }
    let nl = this.pending.indexOf('\n');
    while (nl !== -1) {
      const line = this.pending.slice(0, nl + 1);
      this.pending = this.pending.slice(nl + 1);
      this.sent.push(line.slice(0, -1));
      this.answer(line);
      nl = this.pending.indexOf('\n');
    }
  }

  private answer(line: string): void {
    const recorded = this.next(line);
    const command = line.endsWith('\n') ? line.slice(0, -1) : line;
    let reply: string;
    if (recorded === undefined && /[Pp]assword:/.test(this.lastReply)) {
      // The recording holds the device's whole answer to "enable", password prompt included;
      // the password sent after it gets no reply of its own.
      this.lastReply = '';
      return;
    }
    if (recorded === undefined) {
      const says = this.options.unknown?.(command) ?? '% Invalid input detected';
      reply = `${command}\n${says}\n${this.prompt}`;
    } else if (this.options.shell) {
      reply = `${command}\n${recorded.replace(/\s*$/, '')}\n${this.prompt}`;
    } else {
      reply = recorded;
      const last = recorded.split('\n').pop();
      if (last) this.prompt = last;
    }
    this.lastReply = reply;
    setImmediate(() => this.emit(reply));
  }

  /** The reply to `line`: its next entry after the last one used, else its first. */
  private next(line: string): string | undefined {
    const { entries } = this.recording;
    let at = entries.findIndex(([sent], i) => i >= this.cursor && sent === line);
    if (at === -1) at = entries.findIndex(([sent]) => sent === line);
    if (at === -1) return undefined;
    this.cursor = at + 1;
    return entries[at]![1];
  }

  /** Delivers `text` in pseudo-random chunks (deterministic per seed). */
  private emit(text: string): void {
    const max = this.options.maxChunk ?? 64;
    let at = 0;
    while (at < text.length && !this.closed) {
      this.random = (this.random * 1103515245 + 12345) & 0x7fffffff;
      const size = 1 + (this.random % max);
      this.listener?.(text.slice(at, at + size));
      at += size;
    }
  }
}
