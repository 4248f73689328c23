import type { Channel } from './channel.ts';
import { NetioError } from './errors.ts';
import type { ModeEdge, Platform } from './platforms/types.ts';
import { commandBody, escapeRegExp, terminalLines } from './text.ts';

export type SessionOptions = {
  platform: Platform;
  /** Login password, also the enable answer when there is no separate secret. */
  password?: string | undefined;
  /** Enable secret. */
  secret?: string | undefined;
  /** Longest wait for any single reply. */
  timeoutMs?: number;
  signal?: AbortSignal | undefined;
};

export type CommandResult = { command: string; output: string; error?: string | undefined };

/** Prompts are at the end of a reply; look only this far back from the end for one. */
const TAIL = 512;

/** Replaces the `(?<host>…)` group of a prompt pattern by the host learned at login. */
function pinHost(re: RegExp, host: string): RegExp {
  const start = re.source.indexOf('(?<host>');
  if (start === -1) return re;
  let depth = 0;
  let end = start;
  for (; end < re.source.length; end++) {
    const ch = re.source[end];
    if (ch === '\\') end++;
    else if (ch === '(') depth++;
    else if (ch === ')' && --depth === 0) break;
  }
  return new RegExp(re.source.slice(0, start) + escapeRegExp(host) + re.source.slice(end + 1), re.flags);
}

type Waiter = { done: (reply: string) => boolean; fail: (err: Error) => void };

/**
 * A command-line session driven by prompts: it learns the device's prompt, moves between modes
 * along the platform's modes graph, answers pagers, and returns each command's output cleaned
 * of echo, prompt, CRs and ANSI codes. It never sleeps: every read waits for a pattern, bounded
 * by a timeout and the caller's abort signal.
 */
export class Session {
  readonly platform: Platform;
  /** The device part of the prompt ("core-1" in "core-1#"), learned at open. */
  host = '';
  mode = '';
  private readonly channel: Channel;
  private readonly options: SessionOptions;
  private readonly timeoutMs: number;
  private prompts: [string, RegExp][];
  private buffer = '';
  private waiter: Waiter | null = null;
  private closed: Error | null = null;

  private constructor(channel: Channel, options: SessionOptions) {
    this.channel = channel;
    this.options = options;
    this.platform = options.platform;
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.prompts = Object.entries(this.platform.modes).map(([name, m]) => [name, m.prompt]);
    channel.onData((chunk) => this.receive(chunk));
    channel.onClose((err) => {
      this.closed = err ?? new NetioError('reset', 'the device closed the session');
      this.waiter?.fail(new NetioError('reset', this.closed.message, { cause: err }));
    });
  }

  /** Waits for the first prompt, pins the host, enters the command mode and runs the on-open commands. */
  static async open(channel: Channel, options: SessionOptions): Promise<Session> {
    const session = new Session(channel, options);
    await session.learnPrompt();
    await session.enterMode(session.platform.commandMode);
    for (const command of session.platform.onOpen) await session.run(command);
    return session;
  }

  close(): void {
    this.channel.close();
  }

  private receive(chunk: string): void {
    this.buffer += chunk;
    if (!this.waiter) return;
    const tail = terminalLines(this.buffer.slice(-TAIL));
    const lastLine = tail.slice(tail.lastIndexOf('\n') + 1);
    for (const rule of this.platform.pager) {
      if (rule.prompt.test(lastLine)) {
        // Cut the pager's line out of the reply and ask for the next page.
        this.buffer = this.buffer.slice(0, this.buffer.lastIndexOf('\n') + 1);
        this.channel.write(rule.answer);
        return;
      }
    }
    if (this.waiter.done(lastLine)) this.waiter = null;
  }

  /** Resolves with everything received once `match` accepts the last line; the buffer starts afresh. */
  private readUntil<T>(
    match: (lastLine: string) => T | undefined,
    what: string,
  ): Promise<{ reply: string; found: T }> {
    return new Promise((resolve, reject) => {
      const { signal } = this.options;
      if (this.closed) return reject(new NetioError('reset', this.closed.message));
      if (signal?.aborted) return reject(new NetioError('aborted', 'aborted'));
      const cleanup = () => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        this.waiter = null;
      };
      const fail = (err: Error) => {
        cleanup();
        reject(err);
      };
      const onAbort = () => {
        fail(new NetioError('aborted', 'aborted'));
        this.channel.close();
      };
      const timer = setTimeout(
        () =>
          fail(
            new NetioError('timeout', `no ${what} within ${this.timeoutMs} ms`, {
              output: this.buffer.slice(-200),
            }),
          ),
        this.timeoutMs,
      );
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiter = {
        fail,
        done: (lastLine) => {
          const found = match(lastLine);
          if (found === undefined) return false;
          const reply = this.buffer;
          this.buffer = '';
          cleanup();
          resolve({ reply, found });
          return true;
        },
      };
      // What already arrived may hold the answer.
      if (this.buffer) this.receive('');
    });
  }

  private modeOf(line: string): string | undefined {
    for (const [name, re] of this.prompts) if (re.test(line)) return name;
    return undefined;
  }

  private async learnPrompt(): Promise<void> {
    // Most devices print a prompt unprompted; some wait for a keystroke. Nudge once, halfway.
    const nudge = setTimeout(() => this.channel.write('\n'), Math.min(2000, this.timeoutMs / 2));
    try {
      const { found } = await this.readUntil((line) => {
        const mode = this.modeOf(line);
        return mode === undefined ? undefined : { mode, line };
      }, 'prompt');
      clearTimeout(nudge);
      const re = this.platform.modes[found.mode]!.prompt;
      this.host = re.exec(found.line)?.groups?.host ?? '';
      this.mode = found.mode;
      if (this.host) this.prompts = this.prompts.map(([name, p]) => [name, pinHost(p, this.host)]);
    } finally {
      clearTimeout(nudge);
    }
  }

  /** Sends one line and returns the raw reply up to the next prompt, following mode changes. */
  private async exchange(line: string, edge?: ModeEdge): Promise<string> {
    this.channel.write(`${line}\n`);
    let reply = '';
    for (;;) {
      const { reply: part, found } = await this.readUntil((last) => {
        const mode = this.modeOf(last);
        if (mode !== undefined) return { mode };
        const ask = edge?.expect?.find((e) => e.prompt.test(last));
        return ask ? { ask } : undefined;
      }, `prompt after "${line}"`);
      reply += part;
      if ('mode' in found) {
        this.mode = found.mode!;
        return reply;
      }
      const answer = found.ask!.answer;
      const text =
        answer === 'secret'
          ? (this.options.secret ?? this.options.password ?? '')
          : answer === 'password'
            ? (this.options.password ?? '')
            : answer;
      this.channel.write(`${text}\n`);
    }
  }

  /** The shortest path of edges from the current mode to `target` (modes graphs are tiny: breadth first). */
  private path(target: string): ModeEdge[] {
    const queue: [string, ModeEdge[]][] = [[this.mode, []]];
    const seen = new Set([this.mode]);
    while (queue.length > 0) {
      const [mode, path] = queue.shift()!;
      if (mode === target) return path;
      for (const edge of this.platform.edges) {
        if (edge.from !== mode || seen.has(edge.to)) continue;
        seen.add(edge.to);
        queue.push([edge.to, [...path, edge]]);
      }
    }
    throw new NetioError('unsupported', `${this.platform.name} has no way from ${this.mode} to ${target}`);
  }

  async enterMode(target: string): Promise<void> {
    for (const edge of this.path(target)) {
      const reply = await this.exchange(edge.command, edge);
      if (this.mode !== edge.to) {
        const cause = this.errorIn(terminalLines(reply)) ?? `still in ${this.mode}`;
        const auth = edge.expect?.some((e) => e.answer === 'secret');
        throw new NetioError(
          auth ? 'auth' : 'command_error',
          `"${edge.command}" did not reach ${edge.to}: ${cause}`,
        );
      }
    }
  }

  /** Devices report a rejected command at once, in its first lines; a long output is not scanned whole. */
  private errorIn(output: string): string | undefined {
    for (const line of output.split('\n', 8)) {
      for (const re of this.platform.errors) if (re.test(line)) return line.trim();
    }
    return undefined;
  }

  /** Runs one command where the session is and returns its cleaned output and any error the device reported. */
  async run(command: string): Promise<CommandResult> {
    const reply = terminalLines(await this.exchange(command));
    const prompt = this.prompts.find(([name]) => name === this.mode)![1];
    const output = commandBody(reply, command, prompt);
    return { command, output, error: this.errorIn(output) };
  }
}
