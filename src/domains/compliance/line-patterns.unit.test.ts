import { describe, expect, it } from 'vitest';
import { linePattern, literalPrefix, requiredText, testLine } from './line-patterns.ts';
import { pythonRegex } from './pyregex.ts';

describe('what a pattern says about its matches before it runs', () => {
  it.each([
    // [pattern as a policy writes it, the prefix, the required text]
    ['^snmp-server community \\S+ RW', 'snmp-server community ', 'snmp-server community '],
    [
      '^aaa authentication login default group tacacs\\+',
      'aaa authentication login default group tacacs+',
      'aaa authentication login default group tacacs+',
    ],
    ['permit ip any any', '', 'permit ip any any'],
    ['^switchport access vlan 1[0-3]$', 'switchport access vlan 1', 'switchport access vlan 1'],
    ['^ntp server 10\\.0\\.0\\.1$', 'ntp server 10.0.0.1', 'ntp server 10.0.0.1'],
    // A quantified character may be absent (or repeated): it ends what is known.
    ['^a?bc', '', 'bc'],
    ['^ab*c', 'a', 'a'],
    ['^ab+c', 'ab', 'ab'],
    ['^ab{2}c', 'a', 'a'],
    // Groups, classes and escapes of a kind are skipped whole.
    ['^(?:no )?shutdown', '', 'shutdown'],
    ['^[a]bc', '', 'bc'],
    ['^\\d+ permit', '', ' permit'],
    ['(?P<n>x)(?P=n)yy', '', 'yy'],
    ['\\x41bc', '', 'bc'],
    // An alternation anchors only its first branch, and a case-blind pattern any case.
    ['^ip http server|^ip http secure-server', '', ''],
    ['(?i)^hostname', '', ''],
  ])('%s', (source, prefix, needle) => {
    const re = pythonRegex(source);
    expect(literalPrefix(re)).toBe(prefix);
    expect(requiredText(re)).toBe(needle);
  });

  it('every line a random pattern matches starts with its prefix and holds its required text', () => {
    // A seeded generator: the same patterns on every run, varied enough to mix every construct.
    let seed = 42;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    // Each atom with a text it matches, so that most generated lines match their pattern.
    const atoms: [string, () => string][] = [
      ['a', () => 'a'],
      ['b', () => 'b'],
      [' ', () => ' '],
      ['-', () => '-'],
      ['\\.', () => '.'],
      ['.', () => 'ab -.'[random(5)]!],
      ['[ab]', () => 'ab'[random(2)]!],
      ['(?:ab)', () => 'ab'],
      ['(a|b)', () => 'ab'[random(2)]!],
      ['\\s', () => ' '],
      ['\\S', () => 'ab-.'[random(4)]!],
      ['\\d', () => '1'],
      ['\\+', () => '+'],
    ];
    const quantifiers: [string, number, number][] = [
      ['', 1, 1],
      ['', 1, 1],
      ['', 1, 1],
      ['?', 0, 1],
      ['*', 0, 2],
      ['+', 1, 2],
      ['{2}', 2, 2],
      ['{0,1}', 0, 1],
    ];
    const junk = () => Array.from({ length: random(3) }, () => 'ab -'[random(4)]).join('');
    let matched = 0;
    let exercised = 0;
    for (let p = 0; p < 400; p++) {
      const anchored = random(2) === 1;
      const parts = Array.from(
        { length: 1 + random(6) },
        () => [atoms[random(atoms.length)]!, quantifiers[random(quantifiers.length)]!] as const,
      );
      const source = (anchored ? '^' : '') + parts.map(([[a], [q]]) => a + q).join('');
      const re = new RegExp(source);
      const prefix = literalPrefix(re);
      const needle = requiredText(re);
      for (let l = 0; l < 30; l++) {
        let line = anchored ? '' : junk();
        for (const [[, make], [, min, max]] of parts)
          for (let n = min + random(max - min + 1); n > 0; n--) line += make();
        line += junk();
        // Now and then a character dropped: lines that do not match are tried too.
        if (random(4) === 0 && line.length) {
          const at = random(line.length);
          line = line.slice(0, at) + line.slice(at + 1);
        }
        // A pattern that is its prefix alone is tested by the prefix: the same answer, match or not.
        expect(testLine(linePattern(re, source), line), `${source} on ${JSON.stringify(line)}`).toBe(
          re.test(line),
        );
        if (!re.test(line)) continue;
        matched++;
        if (prefix || needle) exercised++;
        expect(line.startsWith(prefix), `${source} matched ${JSON.stringify(line)}`).toBe(true);
        expect(line.includes(needle), `${source} matched ${JSON.stringify(line)}`).toBe(true);
      }
    }
    // The lines must have exercised the claim.
    expect(matched).toBeGreaterThan(5000);
    expect(exercised).toBeGreaterThan(3000);
  });

  it('a pattern of literal characters after ^ is its prefix alone, and starting with it is matching', () => {
    let seed = 7;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return Math.floor((seed / 2 ** 31) * n);
    };
    // Characters as a pattern writes them, and as a line holds them.
    const chars: [string, string][] = [
      ['a', 'a'],
      ['b', 'b'],
      [' ', ' '],
      ['-', '-'],
      ['\\.', '.'],
      ['\\+', '+'],
      ['/', '/'],
    ];
    let matched = 0;
    for (let p = 0; p < 200; p++) {
      const picked = Array.from({ length: 1 + random(8) }, () => chars[random(chars.length)]!);
      const source = `^${picked.map(([written]) => written).join('')}`;
      const pattern = linePattern(new RegExp(source), source);
      expect(pattern.whole, source).toBe(true);
      const text = picked.map(([, held]) => held).join('');
      for (let l = 0; l < 20; l++) {
        // The pattern's text with a character changed now and then, and more after it.
        let line = text;
        if (random(3) === 0) {
          const at = random(line.length);
          line = line.slice(0, at) + chars[random(chars.length)]![1] + line.slice(at + 1);
        }
        line += Array.from({ length: random(4) }, () => chars[random(chars.length)]![1]).join('');
        const expected = pattern.pattern.test(line);
        if (expected) matched++;
        expect(testLine(pattern, line), `${source} on ${JSON.stringify(line)}`).toBe(expected);
      }
    }
    expect(matched).toBeGreaterThan(1000);
  });

  it.each([
    // [pattern as a policy writes it, whether it is its literal prefix alone]
    ['^interface GigabitEthernet', true],
    ['^ntp server ', true],
    ['^ntp server 10\\.0\\.0\\.1', true],
    ['^aaa authentication login default group tacacs\\+', true],
    // Anything after the prefix, an end anchor, no anchor, an alternation or a case-blind flag.
    ['^ntp server 10\\.0\\.0\\.1$', false],
    ['^snmp-server community \\S+ RW', false],
    ['^ab+c', false],
    ['^ab+', false],
    ['^a?bc', false],
    ['permit ip any any', false],
    ['^ip http server|^ip http secure-server', false],
    ['(?i)^hostname', false],
  ])('%s is its prefix alone: %s', (source, whole) => {
    const p = linePattern(pythonRegex(source), source);
    expect(p.whole).toBe(whole);
    // Either way it answers as the expression does.
    for (const line of [
      'interface GigabitEthernet1/0/1',
      'ntp server 10.0.0.1',
      'ntp server 10.0.0.12',
      'ab',
      'abbc',
    ])
      expect(testLine(p, line), line).toBe(p.pattern.test(line));
  });
});
