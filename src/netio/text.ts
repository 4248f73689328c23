/**
 * What a terminal shows, as plain lines: devices speak to a VT100, so their output carries
 * ANSI sequences, CR LF pairs, carriage returns that redraw a line (pager erasure, NX-OS's
 * "\r\r\n"), and backspaces. Cleaning happens once, on the whole reply of one command.
 */

// CSI sequences (colours, cursor moves, erase), OSC titles, and single-character escapes
// (keypad modes "ESC =" and "ESC >", cursor save and restore "ESC 7" and "ESC 8" among them).
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching terminal control bytes is the point.
const ANSI = /\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|[@-Z\\-_=>78])/g;

export function stripAnsi(text: string): string {
  return text.includes('\x1b') ? text.replace(ANSI, '') : text;
}

// Erase to the end of the line ("ESC [ K", "ESC [ 0 K"): less and some CLIs redraw a line with
// CR and this instead of spaces. Kept as a mark through the ANSI strip, applied with the CRs.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching terminal control bytes is the point.
const ERASE_LINE = /\x1b\[0?K/g;
const ERASE = '\uE000';

/** Applies backspaces and line-start carriage returns the way a terminal would, and makes newlines "\n". */
export function terminalLines(text: string): string {
  const erases = text.includes('\x1b[') && ERASE_LINE.test(text);
  ERASE_LINE.lastIndex = 0;
  let t = stripAnsi(erases ? text.replace(ERASE_LINE, ERASE) : text);
  if (t.includes('\b')) {
    const out: string[] = [];
    for (const ch of t) {
      // A terminal's backspace stops at the start of the line.
      if (ch !== '\b') out.push(ch);
      else if (out.length > 0 && out[out.length - 1] !== '\n') out.pop();
    }
    t = out.join('');
  }
  if (!t.includes('\r')) return erases ? t.replaceAll(ERASE, '') : t;
  // The common case, CR LF line ends, by plain substring replacement (no regex over 40 KB).
  t = t.replaceAll('\r\n', '\n');
  if (!t.includes('\r')) return erases ? t.replaceAll(ERASE, '') : t;
  t = t.replace(/\r+\n/g, '\n');
  if (!t.includes('\r')) return erases ? t.replaceAll(ERASE, '') : t;
  return t
    .split('\n')
    .map((line) => {
      if (!line.includes('\r')) return erases ? line.replaceAll(ERASE, '') : line;
      // A bare CR returns to the line start: what follows overwrites what was there.
      const parts = line.split('\r');
      let shown = '';
      parts.forEach((part, i) => {
        const erased = part.indexOf(ERASE);
        // An erase leaves only what was written before it on this pass, then goes on writing.
        if (erased !== -1) shown = part.replaceAll(ERASE, '');
        // "\r<spaces>\r" is how pagers and progress lines erase themselves: a blank line, not padding.
        else if (i < parts.length - 1 && part.trim() === '') shown = '';
        else shown = part + shown.slice(part.length);
      });
      return shown;
    })
    .join('\n');
}

/** Removes the echoed command (first line, if it ends with the command) and the trailing prompt line. */
export function commandBody(
  reply: string,
  command: string,
  prompt: RegExp | ((line: string) => boolean),
): string {
  const isPrompt = typeof prompt === 'function' ? prompt : (line: string) => prompt.test(line);
  // Works on the ends of the text only: a 40 KB config is not split into lines here.
  let start = 0;
  const firstEnd = reply.indexOf('\n');
  const first = firstEnd === -1 ? reply : reply.slice(0, firstEnd);
  const echo = command.trim();
  if (echo && first.trimEnd().endsWith(echo)) start = firstEnd === -1 ? reply.length : firstEnd + 1;
  let end = reply.length;
  while (end > start) {
    const lineStart = Math.max(reply.lastIndexOf('\n', end - 1) + 1, start);
    const line = reply.slice(lineStart, end);
    if (!(isPrompt(line) || line.trim() === '')) break;
    end = Math.max(lineStart - 1, start);
  }
  return reply.slice(start, end);
}
