import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useReducer } from 'react';
import type { GetResult, Schema } from '../../api/client';
import { dashboardKeys } from '../../api/queries/dashboard';
import { deviceKeys } from '../../api/queries/devices';
import { jobKeys } from '../../api/queries/jobs';

// The stream's messages are the server's JobStreamMessage schema (published in its OpenAPI
// document); a snapshot's devices are whole REST rows, progress carries what moved.
export type JobDevice = GetResult<'/api/v1/jobs/{id}/devices'>['items'][number];
type Message = Schema<'JobStreamMessage'>;
export type LogLine = NonNullable<Message['logs']>[number];
type Counts = NonNullable<Message['job']>;
type DeviceUpdate = NonNullable<Message['devices']>[number] &
  Partial<Pick<JobDevice, 'error' | 'customerId'>>;

export type StreamState = {
  connected: boolean;
  ended: boolean;
  counts: Counts | null;
  devices: Map<string, DeviceUpdate>;
  logs: LogLine[];
};

const MAX_LOG_LINES = 5000;
/**
 * Devices a page follows live. A job up to this size is followed whole; beyond it, the snapshot's
 * first devices keep updating and newcomers are taken only up to the bound, so a 100,000-device
 * job neither grows the page's memory nor its table with every message (the counts stay exact,
 * and a search or status filter asks the server).
 */
export const MAX_STREAM_DEVICES = 2000;

export function reduceStream(
  state: StreamState,
  action: { kind: 'message'; message: Message } | { kind: 'open' } | { kind: 'close' },
): StreamState {
  if (action.kind === 'open') return { ...state, connected: true };
  if (action.kind === 'close') return { ...state, connected: false, ended: true };
  const m = action.message;
  const devices = m.type === 'snapshot' ? new Map<string, DeviceUpdate>() : new Map(state.devices);
  for (const d of m.devices ?? []) {
    const known = devices.get(d.deviceId);
    if (known || devices.size < MAX_STREAM_DEVICES) devices.set(d.deviceId, { ...known, ...d });
  }
  // Log lines carry ids: one the snapshot already brought is not shown twice.
  const last = state.logs.at(-1)?.id ?? 0;
  const fresh = (m.logs ?? []).filter((l) => m.type === 'snapshot' || l.id > last);
  const logs =
    m.type === 'snapshot'
      ? fresh
      : fresh.length
        ? [...state.logs, ...fresh].slice(-MAX_LOG_LINES)
        : state.logs;
  return { ...state, counts: m.job ?? state.counts, devices, logs };
}

/**
 * A job's live state over WS /ws/jobs/:id: a snapshot, then progress until the server closes the
 * socket at the job's final status, when the job's REST queries are refreshed once.
 */
export function useJobStream(jobId: string): StreamState {
  const qc = useQueryClient();
  const [state, dispatch] = useReducer(reduceStream, {
    connected: false,
    ended: false,
    counts: null,
    devices: new Map(),
    logs: [],
  });
  useEffect(() => {
    const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
    const socket = new WebSocket(`${scheme}://${location.host}/ws/jobs/${jobId}`);
    socket.onopen = () => dispatch({ kind: 'open' });
    socket.onmessage = (e) => dispatch({ kind: 'message', message: JSON.parse(String(e.data)) as Message });
    socket.onclose = () => {
      dispatch({ kind: 'close' });
      void qc.invalidateQueries({ queryKey: jobKeys.all });
      // What the job changed shows on the dashboard and the device list at once, not on their next poll.
      void qc.invalidateQueries({ queryKey: dashboardKeys.all });
      void qc.invalidateQueries({ queryKey: deviceKeys.all });
    };
    return () => socket.close();
  }, [jobId, qc]);
  return state;
}
