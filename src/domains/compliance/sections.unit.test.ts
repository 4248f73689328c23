import { describe, expect, it } from 'vitest';
import { evaluateRule } from './config-rules.ts';
import { compilePolicy } from './policy.ts';
import { LONG_BLOCK, linesLed, parseConfig, selectBlocks } from './sections.ts';

/** A long configuration whose lines start with many characters, some beyond ASCII. */
const config = [
  'hostname r1',
  'ntp server 192.0.2.1',
  'description über-core',
  'übung 1',
  '€uro 2',
  'banner motd ^Cwelcome^C',
  ...Array.from({ length: 30 }, (_, i) =>
    [`interface Gi0/${i}`, ` description port ${i}`, i % 7 === 0 ? ' shutdown' : ' no shutdown', '!'].join(
      '\n',
    ),
  ),
  'ntp server 192.0.2.2',
  'übung 2',
  'snmp-server community public RO',
  '€uro 1',
].join('\n');

describe('the lines of a long block, by their first character', () => {
  const parsed = parseConfig(config, 'indent');
  const [whole] = selectBlocks(parsed, {});

  it('hold every line that starts with the lead, in the configuration’s order', () => {
    expect(whole!.lines.length).toBeGreaterThanOrEqual(LONG_BLOCK);
    const leads = ['ntp server ', 'n', 'no shutdown', 'description', 'ü', 'übung 2', '€', '€uro 1', 'x', 'i'];
    for (const lead of leads) {
      const led = linesLed(whole!, lead).filter((l) => l.text.startsWith(lead));
      expect(led, lead).toEqual(whole!.lines.filter((l) => l.text.startsWith(lead)));
      expect(led.length, lead).toBe(config.split('\n').filter((l) => l.trim().startsWith(lead)).length);
    }
    // An empty lead (a pattern with no literal prefix) reads every line.
    expect(linesLed(whole!, '')).toBe(whole!.lines);
  });

  it('give rules over the whole configuration the same findings, in order', () => {
    const rule = (yaml: string) =>
      evaluateRule(
        compilePolicy(`name: p\nrules:\n  - ${yaml}`).rules[0]!,
        parseConfig(config, 'indent'),
        {},
      );
    const forbidden = rule(
      '{name: r, must_not_contain: [{pattern: "^(ü|€)"}, {pattern: "^€uro \\\\d"}, übung 2]}',
    );
    const at = (line: string) => config.split('\n').indexOf(line) + 1;
    // Per pattern or line of the rule, each line that matches it in the configuration's order.
    expect(forbidden.findings.map((f) => [f.line, f.at])).toEqual(
      ['übung 1', '€uro 2', 'übung 2', '€uro 1', '€uro 2', '€uro 1', 'übung 2'].map((l) => [l, at(l)]),
    );
    expect(at('übung 2')).toBeGreaterThan(at('€uro 2'));
    const counted = rule('{name: c, count: {pattern: "^no shutdown$", min: 25, max: 25}}');
    expect(counted.status).toBe('pass');
    expect(rule('{name: c, count: {pattern: "^no shutdown$", max: 24}}').findings[0]?.message).toBe(
      '25 lines match /^no shutdown$/; wanted 0 to 24',
    );
    expect(
      rule('{name: m, must_contain: [€uro 1, ntp server 192.0.2.2, {pattern: "^übung \\\\d$"}]}').status,
    ).toBe('pass');
    expect(rule('{name: m, must_contain: [€uro 3]}').findings.map((f) => f.line)).toEqual(['€uro 3']);
  });
});
