import { describe, expect, it } from 'vitest';
import { diffConfigs } from './diff.ts';

const cfg = (lines: string[]) => `${lines.join('\n')}\n`;
const before = cfg([
  'hostname r1',
  'interface Gi0/1',
  ' description uplink',
  ' shutdown',
  'ntp server 10.0.0.1',
  'end',
]);
const after = cfg([
  'hostname r1',
  'interface Gi0/1',
  ' description core uplink',
  'ntp server 10.0.0.1',
  'ntp server 10.0.0.2',
  'end',
]);

describe('config diff', () => {
  const d = diffConfigs(
    { name: 'r1', label: 'snapshot 1', text: before },
    { name: 'r1', label: 'snapshot 2', text: after },
  );

  it('writes a unified diff that patch(1) and people read', () => {
    expect(d.unified).toContain('--- r1\tsnapshot 1');
    expect(d.unified).toContain('+++ r1\tsnapshot 2');
    expect(d.unified).toContain('- description uplink\n- shutdown\n+ description core uplink\n');
    expect(d.unified.startsWith('--- r1')).toBe(true);
    expect(d.unified).toContain('+ntp server 10.0.0.2');
    expect({ added: d.added, removed: d.removed }).toEqual({ added: 2, removed: 2 });
  });

  it('lays the same hunks out side by side with line numbers on both sides', () => {
    const rows = d.hunks.flatMap((h) => h.rows);
    expect(rows.find((r) => r.kind === 'changed')).toEqual({
      kind: 'changed',
      left: { line: 3, text: ' description uplink' },
      right: { line: 3, text: ' description core uplink' },
    });
    expect(rows.find((r) => r.kind === 'removed')).toEqual({
      kind: 'removed',
      left: { line: 4, text: ' shutdown' },
      right: null,
    });
    expect(rows.find((r) => r.kind === 'added')).toEqual({
      kind: 'added',
      left: null,
      right: { line: 5, text: 'ntp server 10.0.0.2' },
    });
    // Context lines keep both numbers in step.
    for (const r of rows.filter((r) => r.kind === 'same')) expect(r.left.text).toBe(r.right.text);
  });

  it('is empty for identical configs', () => {
    const same = diffConfigs({ name: 'a', label: '', text: before }, { name: 'a', label: '', text: before });
    expect(same).toEqual({ unified: '', hunks: [], added: 0, removed: 0 });
  });
});
