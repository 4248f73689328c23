import { describe, expect, it } from 'vitest';
import { commandBody, stripAnsi, terminalLines } from './text.ts';

describe('terminal text', () => {
  it('turns CR LF, NX-OS "\\r\\r\\n" and bare CRs into what a terminal shows', () => {
    expect(terminalLines('a\r\nb\r\r\nc')).toBe('a\nb\nc');
    expect(terminalLines('\rTEST-12345# ')).toBe('TEST-12345# ');
    expect(terminalLines('abcdef\rXY')).toBe('XYcdef');
  });

  it('treats a pager erasing itself as an empty line, not trailing padding', () => {
    expect(terminalLines(' --More-- \r          \r shutdown\r\n')).toBe(' shutdown\n');
  });

  it('applies backspaces, never across a line break', () => {
    expect(terminalLines('abc\b\bX')).toBe('aX');
    expect(terminalLines('ab\n\b\bc')).toBe('ab\nc');
  });

  it("redraws a line that less's pager cleared with CR and erase-to-end", () => {
    // The page's status line in reverse video, then the next page over it.
    expect(terminalLines('a\n\x1b[7mlines 3-25 \x1b[m\x1b[K\r\x1b[K## \nb')).toBe('a\n## \nb');
    expect(terminalLines('abc\x1b[Kdef')).toBe('abcdef');
    expect(terminalLines('long line\rab\x1b[K')).toBe('ab');
  });

  it('removes keypad-mode escapes (ESC =, ESC >)', () => {
    expect(
      terminalLines('\x1b[?1h\x1b=\rProduct name: Onyx\r\n\x1b[?1l\x1b>\r sw [standalone: master] > '),
    ).toBe('Product name: Onyx\n sw [standalone: master] > ');
  });

  it('removes colour and cursor sequences', () => {
    expect(stripAnsi('\x1b[1;32mok\x1b[0m \x1b[24;1H\x1b[?2004hroot@h:~# ')).toBe('ok root@h:~# ');
  });

  it('cuts the echoed command and the closing prompt, keeping blank lines inside the output', () => {
    const prompt = /^r1#\s*$/;
    expect(commandBody('show run\nline 1\n\nline 3\n\nr1#', 'show run', prompt)).toBe('line 1\n\nline 3');
    expect(commandBody('r1#show run\nx\nr1#', 'show run', prompt)).toBe('x');
    expect(commandBody('show run\nr1#', 'show run', prompt)).toBe('');
    expect(commandBody('unrelated first line\nx\nr1#', 'show run', prompt)).toBe('unrelated first line\nx');
  });
});
