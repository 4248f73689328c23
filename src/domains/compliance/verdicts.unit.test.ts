import { describe, expect, it } from 'vitest';
import type { RuleVerdict } from './table.ts';
import { prepare, statusesOf, type Verdict, verdictsJson } from './verdicts.ts';

const key = {
  policy_id: 'p',
  device_id: 'd',
  customer_id: 'c',
  kind: 'config' as const,
  snapshot_id: null,
};

const verdicts: Verdict[] = [
  { rule: 'ntp', severity: 'high', status: 'pass' },
  {
    rule: 'banner',
    severity: 'low',
    status: 'fail',
    // A value holding a brace before a line break: JSON escapes the break, so it splits nothing.
    findings: [{ kind: 'missing', line: 'banner motd ^C}\n^C', context: [], message: 'missing' }],
    fixes: [{ op: 'add', line: 'banner motd ^C}\n^C', context: [] }],
  },
  { rule: 'aaa "new"', severity: 'medium', status: 'not_applicable' },
];

describe('verdicts made ready to store', () => {
  it('stores a row written afresh without times: its verdicts all begin when it is written', () => {
    const p = prepare(key, verdicts);
    expect(JSON.parse(verdictsJson(p)) as RuleVerdict[]).toEqual(verdicts);
  });

  it('keeps the since of each rule whose status began before, and leaves out the others', () => {
    const p = prepare(key, verdicts);
    const times = ['2026-01-01T00:00:00.000Z', undefined, '2026-03-01T00:00:00.000Z'];
    const stored = JSON.parse(
      verdictsJson(p, (i) => (times[i] === undefined ? undefined : JSON.stringify(times[i]))),
    ) as RuleVerdict[];
    expect(stored.map((v) => [v.rule, v.since])).toEqual(verdicts.map((v, i) => [v.rule, times[i]]));
    expect(stored[1]!.findings).toEqual(verdicts[1]!.findings);
  });

  it('gives the statuses and names in the rules’ order, and an empty array for no verdicts', () => {
    const p = prepare(key, verdicts);
    expect(statusesOf(p)).toEqual(['pass', 'fail', 'not_applicable']);
    expect(p.rules).toEqual(['ntp', 'banner', 'aaa "new"']);
    const none = prepare(key, []);
    expect(statusesOf(none)).toEqual([]);
    expect(verdictsJson(none)).toBe('[]');
    expect(verdictsJson(none, () => '"x"')).toBe('[]');
  });

  it('digests the verdicts without their times: the same verdicts, the same digest', () => {
    expect(prepare(key, verdicts).digest).toBe(prepare(key, structuredClone(verdicts)).digest);
    expect(prepare(key, verdicts).digest).not.toBe(prepare(key, verdicts.slice(1)).digest);
  });
});
