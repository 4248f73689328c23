import type { Channel } from './channel.ts';
import { NetioError } from './errors.ts';
import type { ModeEdge, Platform, PromptAnswer } from './platforms/types.ts';
import { commandBody, terminalLines } from './text.ts';

export type SessionOptions = {
  platform: Platform;
  /** Fetches a file from the device over the same connection (SCP); absent over telnet. */
  download?: ((path: string) => Promise<string>) | undefined;
  /** Login user name, for a device that asks again on the way to a mode (ProCurve's enable). */
  username?: string | undefined;
  /** Login password, also the enable answer when there is no separate secret. */
  password?: string | undefined;
  /** Enable secret. */
  secret?: string | undefined;
  /** Longest wait for any single reply. */
  timeoutMs?: number;
  signal?: AbortSignal | undefined;
  /**
   * Match prompts only with the host name learned at login (default). Off for devices whose
   * prompt shows something else that changes (and for recordings edited by hand).
   */
  pinHost?: boolean | undefined;
};

export type CommandResult = { command: string; output: string; error?: string | undefined };

/** A configuration line that renames the device ("hostname r2", "set system host-name r2"). */
const RENAME = /^\s*(?:set system )?host-?name\s+\S/i;

const CLOSED = new Error('the device closed the session');

/** Prompts are at the end of a reply; look only this far back from the end for one. */
const TAIL = 512;

/** A platform's prompt patterns as a list, made once per platform (sessions share them, compiled). */
const promptLists = new WeakMap<Platform, [string, RegExp][]>();
function promptsOf(platform: Platform): [string, RegExp][] {
  let list = promptLists.get(platform);
  if (!list) {
    list = Object.entries(platform.modes).map(([name, m]) => [name, m.prompt]);
    promptLists.set(platform, list);
  }
  return list;
}

type Waiter = { what: string; done: (reply: string) => boolean; fail: (err: Error) => void };

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
  /**
   * The end of `buffer`, kept apart: slicing the tail off a long reply built chunk by chunk
   * flattens the whole string each time (V8), which made a long paged config quadratic.
   */
  private tail = '';
  private waiter: Waiter | null = null;
  private closed: Error | null = null;
  /** Set by detach: what the device sends goes here, untouched. */
  private sink: ((chunk: string) => void) | null = null;
  private pagerAnsweredAt = -1;

  private constructor(channel: Channel, options: SessionOptions) {
    this.channel = channel;
    this.options = options;
    this.platform = options.platform;
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.prompts = promptsOf(this.platform);
    channel.onData((chunk) => this.receive(chunk));
    channel.onClose((err) => {
      // A plain Error until someone waits: an ordinary logout should not pay for a stack trace.
      this.closed = err ?? CLOSED;
      // Name what was under way and keep the device's last words: "reset" alone helps nobody.
      const waiting = this.waiter;
      waiting?.fail(
        new NetioError('reset', `${this.closed.message} while waiting for ${waiting.what}`, {
          cause: err,
          output: terminalLines(this.buffer.slice(-400)),
        }),
      );
    });
  }

  /** Waits for the first prompt, pins the host, enters the command mode and runs the on-open commands. */
  static async open(channel: Channel, options: SessionOptions): Promise<Session> {
    const session = new Session(channel, options);
    await session.learnPrompt();
    await session.enterMode(session.platform.commandMode);
    for (const command of session.platform.onOpen) await session.runOnOpen(command);
    return session;
  }

  /** What went wrong in the on-open commands (the session went on without them). */
  readonly openWarnings: string[] = [];

  /**
   * An on-open command (paging, width) is a comfort, not a need: a device that refuses one, or
   * never answers it, is still worked with (the pager is answered as it comes). Unanswered, the
   * session sends a line break and goes on from the next prompt.
   */
  private async runOnOpen(command: string): Promise<void> {
    try {
      const result = await this.run(command);
      if (result.error) this.openWarnings.push(`"${command}" refused: ${result.error}`);
    } catch (err) {
      if (!(err instanceof NetioError) || err.category !== 'timeout') throw err;
      this.openWarnings.push(`"${command}" not answered; went on without it`);
      await this.exchange('');
    }
  }

  close(): void {
    this.channel.close();
  }

  /**
   * Hands the logged-in line to a person (the browser terminal): from now on the device's output
   * goes to `sink` as it comes, and nothing is matched or answered. What arrived after the last
   * prompt goes first. The session is not used again.
   */
  detach(sink: (chunk: string) => void): Channel {
    this.sink = sink;
    const rest = this.buffer;
    this.buffer = '';
    this.tail = '';
    if (rest) sink(rest);
    return this.channel;
  }

  private receive(chunk: string): void {
    if (this.sink) {
      this.sink(chunk);
      return;
    }
    this.buffer += chunk;
    this.tail = this.tail.length > TAIL ? this.tail.slice(-TAIL) + chunk : this.tail + chunk;
    if (!this.waiter) return;
    const tail = terminalLines(this.tail.slice(-TAIL));
    const lastLine = tail.slice(tail.lastIndexOf('\n') + 1);
    for (const rule of this.platform.pager) {
      // Answer each pager prompt once. It stays in the reply: the device's own erase sequence
      // (backspaces or CR and spaces) removes it there, and withoutPager() removes what remains.
      if (rule.prompt.test(lastLine)) {
        if (this.pagerAnsweredAt !== this.buffer.length) {
          this.pagerAnsweredAt = this.buffer.length;
          this.channel.write(rule.answer);
        }
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
              output: terminalLines(this.buffer.slice(-400)),
            }),
          ),
        this.timeoutMs,
      );
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiter = {
        what,
        fail,
        done: (lastLine) => {
          const found = match(lastLine);
          if (found === undefined) return false;
          const reply = this.buffer;
          this.buffer = '';
          this.tail = '';
          cleanup();
          resolve({ reply, found });
          return true;
        },
      };
      // What already arrived may hold the answer.
      if (this.buffer) this.receive('');
    });
  }

  /**
   * The mode whose prompt `line` is. Once the host is learned a prompt must name it (so output
   * that merely looks like a prompt is not one); `loose` accepts any host (it is being renamed).
   * The platform's own compiled patterns are used, the host compared as captured.
   */
  private modeOf(line: string, loose = false): string | undefined {
    const pinned = !loose && this.host !== '' && this.options.pinHost !== false;
    // Most lines tested are a chunk ending mid-output: without the host name they are out at once.
    if (pinned && !line.includes(this.host)) return undefined;
    for (const [name, re] of this.prompts) {
      const m = re.exec(line);
      if (m && (!pinned || (m.groups?.host ?? this.host) === this.host)) return name;
    }
    // A prompt glued to the output before it ("…2026edge-1#"): the line ends with a whole prompt.
    const at = pinned ? this.gluedPromptAt(line) : -1;
    return at > 0 ? this.modeOf(line.slice(at)) : undefined;
  }

  /** Where a prompt that ends `line` after other text starts, or -1. */
  private gluedPromptAt(line: string): number {
    const at = line.lastIndexOf(this.host);
    if (at <= 0) return -1;
    const tail = line.slice(at);
    return this.prompts.some(([, re]) => re.test(tail)) ? at : -1;
  }

  /** Pins prompt matching to the device part of `line` (the prompt of `mode`). */
  private pin(mode: string, line: string): void {
    this.host = this.platform.modes[mode]!.prompt.exec(line)?.groups?.host ?? '';
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
      this.mode = found.mode;
      this.pin(found.mode, found.line);
    } finally {
      clearTimeout(nudge);
    }
  }

  /** Sends one line and returns the raw reply up to the next prompt, following mode changes. */
  private async exchange(line: string, expect?: PromptAnswer[], input = '', shown = line): Promise<string> {
    this.channel.write(`${line}\n${input}`);
    // Renaming the device changes its prompt: that reply ends at any prompt, which is pinned anew.
    const renames = RENAME.test(line);
    let reply = '';
    for (;;) {
      const { reply: part, found } = await this.readUntil((last) => {
        const mode = this.modeOf(last, renames);
        if (mode !== undefined) {
          if (renames) this.pin(mode, last);
          return { mode };
        }
        const ask = expect?.find((e) => e.prompt.test(last));
        return ask ? { ask } : undefined;
      }, `prompt after "${shown}"`);
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
            : answer === 'username'
              ? (this.options.username ?? '')
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
      const reply = await this.exchange(edge.command, edge.expect);
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
    const lines = output.split('\n', 8);
    const refused = lines.filter((line) => this.platform.errors.some((re) => re.test(line)));
    // The device's words, not the "^" that marks where it stopped reading (when it says more).
    return (refused.find((line) => !/^\s*\^\s*$/.test(line)) ?? refused[0])?.trim();
  }

  private pagerScan: RegExp | null = null;
  private pagerAnywhere(): RegExp {
    this.pagerScan ??= new RegExp(this.platform.pager.map((r) => `(?:${r.prompt.source})`).join('|'), 'm');
    return this.pagerScan;
  }

  /** Pager prompts the device did not erase itself: a line of nothing else goes, text before one stays. */
  private withoutPager(text: string): string {
    const rules = this.platform.pager;
    // One scan of the whole reply first: most replies hold no pager prompt at all.
    if (rules.length === 0 || !this.pagerAnywhere().test(text)) return text;
    const lines = text.split('\n');
    const kept: string[] = [];
    for (const line of lines) {
      const rule = rules.find((r) => r.prompt.test(line));
      if (!rule) kept.push(line);
      else if (line.replace(rule.prompt, '').trim() !== '') kept.push(line.replace(rule.prompt, ''));
    }
    return kept.length === lines.length ? text : kept.join('\n');
  }

  /**
   * Runs one command where the session is and returns its cleaned output and any error the
   * device reported; `expect` answers questions the command may ask before its prompt returns.
   */
  async run(command: string, expect?: PromptAnswer[]): Promise<CommandResult> {
    return this.answer(command, await this.exchange(command, expect));
  }

  /** A file from the device (a config kept as a file, APC's config.ini), over the session's connection. */
  async download(path: string): Promise<string> {
    if (!this.options.download)
      throw new NetioError(
        'unsupported',
        `reading "${path}" needs a file transfer, which this connection has not`,
      );
    return this.options.download(path);
  }

  /**
   * Runs a command that holds the login password where it says "{password}" (a passphrase the
   * device wants on its command line). The password is sent, never shown: results, errors and
   * timeouts name the command as written.
   */
  async runWithPassword(command: string, expect?: PromptAnswer[]): Promise<CommandResult> {
    const sent = command.replaceAll('{password}', this.options.password ?? '');
    const result = this.answer(sent, await this.exchange(sent, expect, '', command));
    return { ...result, command };
  }

  /**
   * Runs a command that reads text until `end` (Junos "load override terminal" until Ctrl-D):
   * the text follows the command at once, as a paste does, and the device prints no prompt
   * until it has it all. The caller judges the output: an error can be anywhere in its echo.
   */
  async runWithInput(command: string, input: string, end: string): Promise<CommandResult> {
    const text = input.endsWith('\n') ? input : `${input}\n`;
    return this.answer(command, await this.exchange(command, undefined, `${text}${end}`));
  }

  /**
   * Sends several lines at once, as a paste does (Netmiko's send_config_set), and returns each
   * one's output. For lines that each answer with one prompt and ask nothing (configuration
   * lines): one round trip instead of one per line. The device answers in order: each line's
   * output ends at the prompt its next line's echo follows.
   */
  async runPipelined(commands: string[]): Promise<CommandResult[]> {
    if (commands.length === 0) return [];
    this.channel.write(commands.map((c) => `${c}\n`).join(''));
    const { reply } = await this.readUntil((last) => {
      // Cheap first: the reply can only be whole when it ends at a prompt.
      if (this.modeOf(last) === undefined) return undefined;
      return this.promptsIn(terminalLines(this.buffer)).length >= commands.length ? true : undefined;
    }, `prompts after ${commands.length} lines`);
    const lines = terminalLines(reply).split('\n');
    const cuts = this.promptsIn(lines.join('\n'));
    this.mode = this.modeOf(lines.at(-1)!)!;
    // Output i runs from the line after echo i to the line holding prompt i.
    return commands.map((command, i) => {
      const from = i === 0 ? 1 : cuts[i - 1]!.line + 1;
      const to = cuts[i]!.line;
      const output = lines.slice(from, to).join('\n');
      return { command, output, error: this.errorIn(output) };
    });
  }

  /** Where prompts stand in a reply: a line that is one, or one followed by the next echo. */
  private promptsIn(text: string): { line: number }[] {
    const found: { line: number }[] = [];
    for (const [n, line] of text.split('\n').entries()) {
      if (this.host !== '' && !line.includes(this.host)) continue;
      for (let i = line.indexOf(this.host); i < line.length; i++) {
        const c = line[i];
        if (c !== '#' && c !== '>' && c !== '$' && c !== '%' && c !== ']') continue;
        if (this.modeOf(line.slice(0, i + 1)) !== undefined) {
          found.push({ line: n });
          break;
        }
      }
    }
    return found;
  }

  private answer(command: string, raw: string): CommandResult {
    let reply = this.withoutPager(terminalLines(raw));
    // A prompt glued to the last line of output goes on a line of its own, so the text stays.
    const lastLine = reply.slice(reply.lastIndexOf('\n') + 1);
    const glued = this.host && this.options.pinHost !== false ? this.gluedPromptAt(lastLine) : -1;
    if (glued > 0)
      reply = `${reply.slice(0, reply.length - lastLine.length + glued)}\n${reply.slice(reply.length - lastLine.length + glued)}`;
    const output = commandBody(reply, command, (line) => this.modeOf(line) === this.mode);
    return { command, output, error: this.errorIn(output) };
  }
}
