import { describe, expect, it } from 'vitest';
import { FsmError, runTemplate } from './fsm.ts';
import { parseTemplate, TemplateError } from './template.ts';

const run = (template: string, text: string) => runTemplate(parseTemplate(template, 't.textfsm'), text).rows;

describe('the TextFSM language', () => {
  it('records at each Record and once more at the end of the text', () => {
    const t =
      'Value NAME (\\S+)\nValue STATE (up|down)\n\nStart\n  ^${NAME} is ${STATE} -> Record\n  ^name ${NAME}\n';
    expect(run(t, 'Gi1 is up\nGi2 is down\nname last\n')).toEqual([
      ['Gi1', 'up'],
      ['Gi2', 'down'],
      ['last', ''],
    ]);
  });

  it('Filldown keeps a value for later records until Clearall', () => {
    const t = [
      'Value Filldown VRF (\\S+)',
      'Value ROUTE (\\S+)',
      '',
      'Start',
      '  ^VRF ${VRF}',
      '  ^reset -> Clearall',
      '  ^  ${ROUTE} -> Record',
      '',
    ].join('\n');
    expect(run(t, 'VRF a\n  10.0.0.0/8\n  10.1.0.0/16\nreset\n  10.2.0.0/16\n')).toEqual([
      ['a', '10.0.0.0/8'],
      ['a', '10.1.0.0/16'],
      ['', '10.2.0.0/16'],
    ]);
  });

  it('Required skips a record without the value; Clear empties all but Filldown', () => {
    const t = [
      'Value Required PORT (\\S+)',
      'Value Filldown SITE (\\S+)',
      'Value DESC (.+)',
      '',
      'Start',
      '  ^site ${SITE}',
      '  ^desc ${DESC}',
      '  ^drop -> Clear',
      '  ^port ${PORT} -> Record',
      '  ^end -> Record',
      '',
    ].join('\n');
    expect(run(t, 'site s1\ndesc one\nport p1\ndesc two\ndrop\nport p2\ndesc three\nend\n')).toEqual([
      ['p1', 's1', 'one'],
      ['p2', 's1', ''],
    ]);
  });

  it('List collects values into a record; with groups of its own, each item is a record', () => {
    const t = [
      'Value NAME (\\S+)',
      'Value List MEMBERS (\\S+)',
      'Value List PEERS ((?P<ip>\\d+\\.\\d+\\.\\d+\\.\\d+) as (?P<asn>\\d+))',
      '',
      'Start',
      '  ^group ${NAME} -> Continue',
      '  ^group -> Next',
      '  ^ member ${MEMBERS}',
      '  ^ peer ${PEERS}',
      '  ^end -> Record',
      '',
    ].join('\n');
    const rows = run(t, 'group g1\n member a\n member b\n peer 10.0.0.1 as 65001\nend\ngroup g2\nend\n');
    expect(rows).toEqual([
      ['g1', ['a', 'b'], [{ ip: '10.0.0.1', asn: '65001' }]],
      ['g2', [], []],
    ]);
  });

  it('Fillup fills earlier records upwards until one has its own value', () => {
    const t = 'Value A (\\d+)\nValue Fillup B (\\w+)\n\nStart\n  ^a ${A} -> Record\n  ^b ${B}\n';
    // (Python's TextFSM gives the same rows: "3" records the x it still holds.)
    expect(run(t, 'a 1\na 2\nb x\na 3\nb y\n')).toEqual([
      ['1', 'x'],
      ['2', 'x'],
      ['3', 'x'],
      ['', 'y'],
    ]);
  });

  it('Continue lets the next rules see the same line; states change on Next', () => {
    const t = [
      'Value IF (\\S+)',
      'Value MTU (\\d+)',
      'Value SPEED (\\d+)',
      '',
      'Start',
      '  ^interface ${IF} -> Interface',
      '',
      'Interface',
      '  ^.*mtu ${MTU} -> Continue',
      '  ^.*speed ${SPEED}',
      '  ^interface -> Continue.Record',
      '  ^interface ${IF}',
      '',
    ].join('\n');
    expect(run(t, 'header\ninterface e1\n mtu 1500 speed 100\ninterface e2\n speed 10\n')).toEqual([
      ['e1', '1500', '100'],
      ['e2', '', '10'],
    ]);
  });

  it('an EOF state keeps the last record from being written; End stops reading', () => {
    const base = 'Value X (\\d+)\n\nStart\n  ^x ${X}\n  ^stop -> End\n';
    expect(run(base, 'x 1\n')).toEqual([['1']]);
    expect(run(`${base}\nEOF\n`, 'x 1\n')).toEqual([]);
    expect(run(base, 'x 1\nstop\nx 2\n')).toEqual([]);
  });

  it('substitutes ${VALUE} and $VALUE, and $$ is a literal end of line', () => {
    const t = 'Value A (\\w+)\n\nStart\n  ^$A ${A}$$ -> Record\n';
    expect(() => run(t, '')).toThrow(/line 4: Invalid regular expression/); // the same group twice
    const t2 = 'Value A (\\w+)\nValue B (\\w+)\n\nStart\n  ^$A ${B}$$ -> Record\n';
    expect(run(t2, 'x y\nx y z\n')).toEqual([['x', 'y']]);
  });

  it('stops with the Error message, the rule line and the input line', () => {
    const t = 'Value A (\\w+)\n\nStart\n  ^${A}\n  ^.* -> Error "unexpected line"\n';
    expect(() => run(t, 'ok\n!!\n')).toThrow(FsmError);
    expect(() => run(t, 'ok\n!!\n')).toThrow('t.textfsm, line 5: Error: unexpected line (input line: "!!")');
  });

  it('splits lines as Python does and reads non-ASCII text with Unicode classes', () => {
    const t = 'Value D (\\w+)\n\nStart\n  ^desc ${D} -> Record\n';
    expect(run(t, 'desc Büro\r\ndesc b\x0bdesc c')).toEqual([['Büro'], ['b'], ['c']]);
  });
});

describe('broken templates say which template, which line and why', () => {
  const cases: [string, string, RegExp][] = [
    ['an unknown option', 'Value Sticky A (x)\n\nStart\n', /line 1: Unknown option "Sticky"/],
    ['a value without a regex', 'Value A\n\nStart\n', /line 1: Expect at least 3 tokens/],
    ['an unbalanced value regex', 'Value A (x))\n\nStart\n', /line 1: Value '\(x\)\)' must be contained/],
    [
      'a duplicate value',
      'Value A (x)\nValue A (y)\n\nStart\n',
      /line 2: Duplicate declarations for Value 'A'/,
    ],
    ['text after the values', 'Value A (x)\nStart\n', /line 2: Expected blank line after last Value entry/],
    ['no Start state', 'Value A (x)\n\nBegin\n  ^x\n', /Missing state 'Start'/],
    ['a rule without its caret', 'Value A (x)\n\nStart\n  x\n', /line 4: Missing white space or carat/],
    ['a rule going nowhere', 'Value A (x)\n\nStart\n  ^x -> Nowhere\n', /line 4: State 'Nowhere' not found/],
    ['a bad action', 'Value A (x)\n\nStart\n  ^x -> Next.Bogus\n', /line 4: Badly formatted rule/],
    [
      'Continue with a state',
      'Value A (x)\n\nStart\n  ^x -> Continue Start\n',
      /line 4: Action 'Continue' with new state/,
    ],
    [
      'an unknown value',
      'Value A (x)\n\nStart\n  ^${B}\n',
      /line 4: Duplicate or invalid variable substitution/,
    ],
    [
      'a regex Python refuses',
      'Value A (x)\n\nStart\n  ^\\q${A}\n',
      /line 4: Invalid regular expression .*bad escape \\q/,
    ],
    [
      'a regex JavaScript cannot express',
      'Value A (x)\n\nStart\n  ^(?(1)a)\n',
      /line 4: .*conditional groups/,
    ],
    ['a non-empty EOF state', 'Value A (x)\n\nStart\n  ^x\n\nEOF\n  ^y\n', /Non-Empty 'EOF' state/],
  ];
  it.each(cases)('%s', (_, text, message) => {
    expect(() => parseTemplate(text, 'broken.textfsm')).toThrow(TemplateError);
    expect(() => parseTemplate(text, 'broken.textfsm')).toThrow(/^broken\.textfsm/);
    expect(() => parseTemplate(text, 'broken.textfsm')).toThrow(message);
  });
});
