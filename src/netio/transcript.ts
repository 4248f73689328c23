/**
 * What went over a device's command line, with its timing: each write to the device ("i") and
 * each chunk it sent back ("o"), as asciicast v2 events (seconds since the start, kind, text), so
 * a job's transcript and a terminal's recording are one format that asciinema's tools play.
 */
import type { Channel } from './channel.ts';
import { redactLines } from './clean/reference.ts';
import { REDACTED } from './clean/rules.ts';
import type { RedactRule } from './platforms/types.ts';

/** asciicast v2: "o" output, "i" input, "r" a resize ("80x24"). */
export type CastEvent = [seconds: number, kind: 'o' | 'i' | 'r', data: string];

/** A job's device session, as kept: the last `limit` characters of the exchange. */
export class Transcript {
  readonly startedAt = new Date();
  private readonly start = performance.now();
  private list: CastEvent[] = [];
  private head = 0;
  private size = 0;
  /** Characters dropped from the front to stay within the limit. */
  dropped = 0;

  readonly limit: number;

  constructor(limit = 256 * 1024) {
    this.limit = limit;
  }

  add(kind: CastEvent[1], data: string): void {
    if (data === '') return;
    this.list.push([Math.round(performance.now() - this.start) / 1000, kind, data]);
    this.size += data.length;
    while (this.size > this.limit && this.list.length - this.head > 1) {
      const first = this.list[this.head++]!;
      this.size -= first[2].length;
      this.dropped += first[2].length;
    }
    // One chunk larger than the limit keeps its end.
    const only = this.list[this.head]!;
    if (this.size > this.limit) {
      const cut = this.size - this.limit;
      this.list[this.head] = [only[0], only[1], only[2].slice(cut)];
      this.size -= cut;
      this.dropped += cut;
    }
    // The shifted-out front is released now and then, not on every event.
    if (this.head > 1024) {
      this.list = this.list.slice(this.head);
      this.head = 0;
    }
  }

  get events(): CastEvent[] {
    return this.list.slice(this.head);
  }
}

/** The channel with everything written and read also added to `transcript`. */
export function tapChannel(channel: Channel, transcript: Transcript): Channel {
  return {
    write: (data) => {
      transcript.add('i', data);
      channel.write(data);
    },
    onData: (listener) =>
      channel.onData((chunk) => {
        transcript.add('o', chunk);
        listener(chunk);
      }),
    onClose: (listener) => channel.onClose(listener),
    close: () => channel.close(),
    ...(channel.resize ? { resize: channel.resize.bind(channel) } : {}),
  };
}

/** A prompt ("r1(config)#", "admin@r1> ", "RP/0/RP0/CPU0:r1#") and what was typed after it. */
const PROMPTED = /^(\S{1,80}?[#>$%]\s?)(\S.*)$/;

/** Replaces every occurrence of the given secrets (a password, an enable secret) in a line. */
const withoutLiterals = (secrets: string[]) => {
  const list = secrets.filter((s) => s.length >= 3).sort((a, b) => b.length - a.length);
  return (line: string) => list.reduce((out, s) => out.replaceAll(s, REDACTED), line);
};

/**
 * The events with their secrets removed: each direction is read as lines across its events (a
 * secret may arrive split over two chunks), each line is redacted by the platform's rules (as a
 * backup is) and stripped of the literal secrets given, and a changed line is written whole into
 * the event that completed it. Timing and every other byte stay as they were.
 */
export function redactEvents(events: CastEvent[], rules: RedactRule[], secrets: string[] = []): CastEvent[] {
  const literal = withoutLiterals(secrets);
  const fix = (lines: string[]) =>
    redactLines(lines, rules).map((line, i) => {
      // A line typed at a prompt is echoed after it ("r1(config)#snmp-server community x"):
      // the rules, anchored at the line's start, are tried on what follows the prompt too.
      const m = line === lines[i] ? PROMPTED.exec(line) : null;
      return literal(m ? m[1]! + redactLines([m[2]!], rules)[0]! : line);
    });
  let out = events;
  // Output lines end at LF (a CR before it is kept); typed lines end at CR or LF.
  out = redactKind(out, 'o', /\n/g, fix);
  out = redactKind(out, 'i', /[\r\n]/g, fix);
  return out;
}

type Span = { from: number; to: number; text: string };

function redactKind(
  events: CastEvent[],
  kind: 'o' | 'i',
  separator: RegExp,
  fix: (lines: string[]) => string[],
): CastEvent[] {
  const mine = events.map((e, i) => [e, i] as const).filter(([e]) => e[1] === kind);
  if (mine.length === 0) return events;
  const starts: number[] = [];
  let text = '';
  for (const [e] of mine) {
    starts.push(text.length);
    text += e[2];
  }
  // Each line's span without its separator (and without a CR before LF).
  const bounds: [number, number][] = [];
  let from = 0;
  for (const m of text.matchAll(separator)) {
    bounds.push([from, m.index]);
    from = m.index + 1;
  }
  bounds.push([from, text.length]);
  const lines = bounds.map(([a, b]) => text.slice(a, text[b - 1] === '\r' && b > a ? b - 1 : b));
  const fixed = fix(lines);
  const changed: Span[] = [];
  fixed.forEach((line, i) => {
    if (line !== lines[i])
      changed.push({ from: bounds[i]![0], to: bounds[i]![0] + lines[i]!.length, text: line });
  });
  if (changed.length === 0) return events;

  const result = events.slice();
  let j = 0;
  mine.forEach(([e, index], k) => {
    const s = starts[k]!;
    const end = s + e[2].length;
    let data = '';
    let at = s;
    while (j < changed.length && changed[j]!.to <= s) j++;
    for (let c = j; c < changed.length && changed[c]!.from < end; c++) {
      const span = changed[c]!;
      data += text.slice(at, Math.max(at, span.from));
      // The redacted line goes where the original one ended.
      if (span.to > s && span.to <= end) data += span.text;
      at = Math.min(end, span.to);
    }
    data += text.slice(at, end);
    result[index] = [e[0], e[1], data];
  });
  return result;
}
