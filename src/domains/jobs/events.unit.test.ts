/**
 * A job's progress split into NOTIFY payloads: every payload fits PostgreSQL's limit, none is
 * empty, and the devices and log lines arrive all of them, in order, each payload with the job's
 * counts, so a page watching the job misses nothing and a big flush never fails its NOTIFY.
 */
import { describe, expect, it } from 'vitest';
import { MAX_EVENT_BYTES } from '../../platform/events.ts';
import { type DeviceProgress, JOB_TOPIC, jobEvent, jobEventPayloads, type LogLine } from './events.ts';

const job = {
  status: 'running' as const,
  total: 1000,
  done: 10,
  succeeded: 9,
  failed: 1,
  cancelled: 0,
  summary: {},
};

const devices = (n: number): DeviceProgress[] =>
  Array.from({ length: n }, (_, i) => ({
    deviceId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    hostname: `access-switch-${i}.site-${i % 40}.example.net`,
    status: i % 7 ? 'success' : 'failed',
    summary: i % 7 ? 'config unchanged' : 'authentication failed: all credentials refused',
    attempts: 1,
    durationMs: 800 + i,
  }));

const logs = (n: number): LogLine[] =>
  Array.from({ length: n }, (_, i) => ({
    id: i + 1,
    deviceId: null,
    hostname: `access-switch-${i}`,
    level: 'info',
    message: `backed up ${'x'.repeat(i % 3 ? 40 : 1500)}`,
    at: '2026-12-04T05:00:00.000Z',
  }));

describe('jobEventPayloads', () => {
  it('splits a thousand devices and their log lines into payloads under the limit, losing none', () => {
    const payloads = jobEventPayloads({ jobId: 'j-1', job, devices: devices(1000), logs: logs(300) });
    expect(payloads.length).toBeGreaterThan(10);
    for (const p of payloads) {
      expect(Buffer.byteLength(JSON.stringify(p))).toBeLessThanOrEqual(MAX_EVENT_BYTES);
      expect(p).toMatchObject({ topic: JOB_TOPIC, jobId: 'j-1', job });
      const parsed = jobEvent.parse(p);
      expect((parsed.devices?.length ?? 0) + (parsed.logs?.length ?? 0)).toBeGreaterThan(0);
    }
    const all = payloads.map((p) => jobEvent.parse(p));
    expect(all.flatMap((p) => p.devices ?? []).map((d) => d.deviceId)).toEqual(
      devices(1000).map((d) => d.deviceId),
    );
    const sent = all.flatMap((p) => p.logs ?? []);
    expect(sent.map((l) => l.id)).toEqual(logs(300).map((l) => l.id));
    // A long message is cut to 1,000 characters, not dropped.
    expect(sent[0]!.message).toHaveLength(1000);
  });

  it('sends a job’s counts alone as one payload', () => {
    expect(jobEventPayloads({ jobId: 'j-2', job })).toEqual([{ topic: JOB_TOPIC, jobId: 'j-2', job }]);
  });
});
