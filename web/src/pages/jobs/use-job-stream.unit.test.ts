import { describe, expect, it } from 'vitest';
import { MAX_STREAM_DEVICES, reduceStream, type StreamState } from './use-job-stream';

const empty: StreamState = { connected: true, ended: false, counts: null, devices: new Map(), logs: [] };
const counts = (total: number, done: number) => ({
  status: 'running' as const,
  total,
  done,
  succeeded: done,
  failed: 0,
  cancelled: 0,
  summary: {},
});
const device = (i: number, status: 'running' | 'success') => ({
  deviceId: `d${i}`,
  hostname: `h${String(i).padStart(6, '0')}`,
  status,
});

describe('the job stream in the page', () => {
  it('follows a small job whole', () => {
    let s = reduceStream(empty, {
      kind: 'message',
      message: {
        type: 'snapshot',
        jobId: 'j',
        job: counts(3, 0),
        devices: [0, 1, 2].map((i) => device(i, 'running')),
      },
    });
    s = reduceStream(s, {
      kind: 'message',
      message: { type: 'progress', jobId: 'j', job: counts(3, 1), devices: [device(1, 'success')] },
    });
    expect(s.devices.size).toBe(3);
    expect(s.devices.get('d1')?.status).toBe('success');
    expect(s.counts?.done).toBe(1);
  });

  it('stays bounded on a 100,000-device job while its counts stay exact', () => {
    let s = reduceStream(empty, {
      kind: 'message',
      message: {
        type: 'snapshot',
        jobId: 'j',
        job: counts(100_000, 0),
        devices: Array.from({ length: 500 }, (_, i) => device(i, 'running')),
      },
    });
    for (let batch = 0; batch < 200; batch++) {
      const devices = Array.from({ length: 500 }, (_, k) => device(batch * 500 + k, 'success'));
      s = reduceStream(s, {
        kind: 'message',
        message: { type: 'progress', jobId: 'j', job: counts(100_000, (batch + 1) * 500), devices },
      });
    }
    expect(s.devices.size).toBe(MAX_STREAM_DEVICES);
    expect(s.counts?.done).toBe(100_000);
    // The devices of the snapshot kept updating.
    expect(s.devices.get('d0')?.status).toBe('success');
  });
});
