import { describe, expect, it } from 'vitest';
import { platformByName } from './platforms/index.ts';
import { type CastEvent, redactEvents, Transcript } from './transcript.ts';

const ios = platformByName('cisco_ios')!.backup.redact;
const text = (events: CastEvent[], kind: 'o' | 'i') =>
  events
    .filter((e) => e[1] === kind)
    .map((e) => e[2])
    .join('');

describe('redactEvents', () => {
  it('removes a secret split across two output chunks, keeping every other byte and the timing', () => {
    const events: CastEvent[] = [
      [0.1, 'i', 'show running-config\n'],
      [0.2, 'o', 'show running-config\r\nhostname r1\r\nsnmp-server community pub'],
      [0.3, 'o', 'lic-secret RO\r\nusername admin secret 5 $1$abc$def\r\nr1#'],
    ];
    const out = redactEvents(events, ios);
    const all = text(out, 'o');
    expect(all).not.toContain('public-secret');
    expect(all).not.toContain('$1$abc$def');
    expect(all).toBe(
      'show running-config\r\nhostname r1\r\nsnmp-server community <redacted> RO\r\nusername admin secret 5 <redacted>\r\nr1#',
    );
    expect(out.map((e) => e[0])).toEqual([0.1, 0.2, 0.3]);
    // The redacted line sits in the chunk that completed it.
    expect(out[1]![2]).toBe('show running-config\r\nhostname r1\r\n');
  });

  it('removes the literal secrets given, also where they were typed', () => {
    const events: CastEvent[] = [
      [0, 'o', 'r1>enable\r\nPassword: '],
      [0.5, 'i', 'en-'],
      [0.6, 'i', 'Secret!\r'],
      [0.7, 'o', '\r\nr1#'],
    ];
    const out = redactEvents(events, ios, ['en-Secret!']);
    expect(text(out, 'i')).toBe('<redacted>\r');
    expect(JSON.stringify(out)).not.toContain('Secret!');
    expect(out).toHaveLength(4);
  });

  it('leaves events without secrets as they were (the same array)', () => {
    const events: CastEvent[] = [[0, 'o', 'r1#show clock\r\n10:00:00 UTC\r\nr1#']];
    expect(redactEvents(events, ios, ['nothere'])).toBe(events);
  });
});

describe('Transcript', () => {
  it('keeps the last `limit` characters, counting what it dropped', () => {
    const t = new Transcript(100);
    for (let i = 0; i < 50; i++) t.add('o', `line ${String(i).padStart(3, '0')}\n`);
    const kept = t.events.map((e) => e[2]).join('');
    expect(kept.length).toBeLessThanOrEqual(100);
    expect(kept.endsWith('line 049\n')).toBe(true);
    expect(t.dropped + kept.length).toBe(50 * 9);
  });

  it('keeps the end of one chunk longer than the limit', () => {
    const t = new Transcript(10);
    t.add('o', 'abcdefghijklmnopqrstuvwxyz');
    expect(t.events.map((e) => e[2])).toEqual(['qrstuvwxyz']);
    expect(t.dropped).toBe(16);
  });
});
