import type { CliState, Dialect, Reply } from './dialects/types.ts';
import type { LabDevice } from './model.ts';

/** The byte stream of an SSH shell channel, as much of it as the simulator uses. */
export type ShellStream = {
  write: (data: string) => unknown;
  on: (event: 'data', listener: (chunk: Buffer) => void) => unknown;
  end: () => unknown;
  destroy?: () => unknown;
};

// Simulated output has bare LFs; a plain substring replace is much cheaper than a regex on 40 KB.
const crlf = (text: string) =>
  text.includes('\r') ? text.replace(/\r?\n/g, '\r\n') : text.replaceAll('\n', '\r\n');

/**
 * Answers one exec request: the command run through the dialect as if typed at a fresh login,
 * its output alone (no banner, no echo, no prompt, no paging), as devices answer exec requests.
 */
export function runExec(device: LabDevice, dialect: Dialect, command: string): string {
  const state: CliState = {
    device,
    mode: dialect.initialMode,
    context: null,
    paging: false,
    candidate: null,
    sessionName: null,
  };
  return dialect.handle(state, command).output;
}

/**
 * Runs one simulated CLI session on a shell stream: prints the banner and prompt, echoes what is
 * typed, answers each line through the dialect, pages long output until paging is turned off, and
 * applies the device's faults (slow output, a connection that drops mid-output, a hang).
 */
export function runShell(
  stream: ShellStream,
  device: LabDevice,
  dialect: Dialect,
  onClose: () => void,
): void {
  const state: CliState = {
    device,
    mode: dialect.initialMode,
    context: null,
    paging: true,
    candidate: null,
    sessionName: null,
  };
  if (device.faults.hangAfterLogin) return;
  let pending = '';
  let asking: Reply['ask'] | null = null;
  let collecting: { reply: NonNullable<Reply['collect']>; lines: string[] } | null = null;
  let paged: string[] | null = null;
  let busy = false;
  /** How many characters at the start of `pending` were echoed as they were typed. */
  let echoed = 0;

  const send = (text: string) => stream.write(crlf(text));

  const finish = () => {
    stream.end();
    onClose();
  };

  /** Writes output, slowly or cut short when the device has those faults; resolves when all is out. */
  const emit = async (text: string) => {
    const { slowOutputMs, dropAfterBytes } = device.faults;
    if (dropAfterBytes !== undefined && text.length > dropAfterBytes) {
      send(text.slice(0, dropAfterBytes));
      stream.destroy?.();
      onClose();
      return false;
    }
    if (!slowOutputMs) {
      send(text);
      return true;
    }
    for (let at = 0; at < text.length; at += 512) {
      send(text.slice(at, at + 512));
      await new Promise((r) => setTimeout(r, slowOutputMs));
    }
    return true;
  };

  const showPage = async (lines: string[], before = '') => {
    const page = lines.slice(0, dialect.pageLines);
    const rest = lines.slice(dialect.pageLines);
    if (rest.length > 0) {
      paged = rest;
      await emit(`${before}${page.join('\n')}\n${dialect.pagerPrompt}`);
    } else {
      paged = null;
      await emit(
        `${before}${page.join('\n')}${page.length && page[page.length - 1] !== '' ? '\n' : ''}${dialect.prompt(state)}`,
      );
    }
  };

  const answer = async (line: string, already = 0) => {
    let reply: Reply;
    // The echo goes out with the answer, in one write: one SSH packet instead of two.
    let echo: string;
    if (collecting) {
      if (line !== collecting.reply.end) {
        collecting.lines.push(line);
        send(`${line}\n`);
        return;
      }
      const { onInput } = collecting.reply;
      const text = collecting.lines.join('\n');
      collecting = null;
      echo = '\n';
      reply = onInput(text);
    } else if (asking) {
      const onAnswer = asking.onAnswer;
      asking = null;
      echo = '\n';
      reply = onAnswer(line);
    } else {
      echo = `${line.slice(already)}\n`;
      reply = dialect.handle(state, line);
      if (device.faults.silentCommands?.includes(line.trim())) reply = { output: '' };
    }
    if (reply.collect) {
      collecting = { reply: reply.collect, lines: [] };
      await emit(`${echo}${reply.output}`);
      return;
    }
    if (reply.ask) {
      asking = reply.ask;
      await emit(`${echo}${reply.output}${reply.ask.prompt}`);
      return;
    }
    if (reply.close) {
      await emit(`${echo}${reply.output}`);
      finish();
      return;
    }
    const output = reply.output === '' || reply.output.endsWith('\n') ? reply.output : `${reply.output}\n`;
    // Lines are counted only while paging is on: with it off a 40 KB reply is sent as it is.
    const lines = state.paging && output !== '' ? output.slice(0, -1).split('\n') : [];
    if (lines.length > dialect.pageLines) await showPage(lines, echo);
    else await emit(`${echo}${output}${dialect.prompt(state)}`);
  };

  const pump = async () => {
    if (busy) return;
    busy = true;
    try {
      for (;;) {
        if (paged) {
          if (pending.length === 0) return;
          const key = pending[0]!;
          pending = pending.slice(1);
          // Erase the pager prompt the way devices do, then the next page (or stop on "q").
          send(`\r${' '.repeat(dialect.pagerPrompt.length)}\r`);
          if (key === 'q' || key === 'Q') {
            paged = null;
            await emit(dialect.prompt(state));
          } else await showPage(paged);
          continue;
        }
        // Ctrl-D ends collected input on its own: it need not be followed by a newline.
        const eol = pending.search(/[\r\n]/);
        const eot = collecting ? pending.indexOf('\x04') : -1;
        const nl = eot !== -1 && (eol === -1 || eot < eol) ? eot : eol;
        if (nl === -1) return;
        if (pending[nl] === '\x04') {
          const before = pending.slice(0, nl);
          pending = pending.slice(nl + 1);
          if (before !== '') await answer(before);
          await answer('\x04');
          continue;
        }
        const line = pending.slice(0, nl);
        pending = pending.slice(nl + (pending[nl] === '\r' && pending[nl + 1] === '\n' ? 2 : 1));
        const already = Math.min(echoed, line.length);
        echoed = 0;
        await answer(line, already);
      }
    } finally {
      busy = false;
    }
  };

  stream.on('data', (chunk) => {
    const text = chunk.toString('utf8');
    if (typedByHand(text)) return;
    pending += text;
    void pump();
  });

  /**
   * A person at a terminal (keystrokes without an Enter, at a prompt): each is echoed at once, and
   * a backspace erases, as a device's line editor does. Automation sends whole lines, which are
   * echoed with their answer as before.
   */
  const typedByHand = (text: string): boolean => {
    if (busy || paged || asking || collecting || pending.length !== echoed) return false;
    if (!/^[\x20-\x7e\x7f\b\u00a0-\uffff]+$/.test(text)) return false;
    let out = '';
    for (const ch of text) {
      if (ch === '\x7f' || ch === '\b') {
        if (pending.length === 0) continue;
        pending = pending.slice(0, -1);
        echoed--;
        out += '\b \b';
      } else {
        pending += ch;
        echoed++;
        out += ch;
      }
    }
    if (out) stream.write(out);
    return true;
  };
  void emit(`${dialect.banner(device)}${dialect.prompt(state)}`);
}
