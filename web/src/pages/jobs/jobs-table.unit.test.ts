import { describe, expect, it } from 'vitest';
import { duration, type Job, targetsText } from './jobs-table';

const job = (j: Partial<Job>) => ({ type: 'config_backup', targets: {}, ...j }) as Job;

describe('the jobs list', () => {
  it('says what a job ran on in a few words', () => {
    expect(targetsText(job({ targets: { deviceIds: ['a', 'b', 'c'] } }))).toBe('3 selected');
    expect(targetsText(job({ targets: { filter: { role: ['core', 'edge'], enabled: true } } }))).toBe(
      'role: core, edge · enabled: true',
    );
    // The customer in view is not a choice worth repeating; nothing else is every device.
    expect(targetsText(job({ targets: { filter: { customerId: ['x'] } } }))).toBe('every enabled device');
  });

  it('gives how long a job ran, or has run so far', () => {
    const start = '2026-12-02T10:00:00.000Z';
    expect(duration(job({ startedAt: start, finishedAt: '2026-12-02T10:00:12.340Z' }))).toBe('12.3 s');
    expect(duration(job({ startedAt: start, finishedAt: '2026-12-02T10:03:05.000Z' }))).toBe('3 min 5 s');
    expect(duration(job({ startedAt: start, finishedAt: null }), Date.parse('2026-12-02T12:30:00Z'))).toBe(
      '2 h 30 min',
    );
    expect(duration(job({ startedAt: null, finishedAt: null }))).toBe('—');
  });
});
