import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, type Query, unwrap } from '../client';

export type RecordingQuery = NonNullable<Query<'/api/v1/terminal-sessions'>>;

/** Query keys of terminal sessions and their recordings. */
export const terminalKeys = {
  all: ['terminal-sessions'] as const,
  list: (query: RecordingQuery) => ['terminal-sessions', 'list', query] as const,
  one: (id: string) => ['terminal-sessions', 'one', id] as const,
};

export function useRecordings(query: RecordingQuery, enabled = true) {
  return useQuery({
    queryKey: terminalKeys.list(query),
    queryFn: () => unwrap(api.GET('/api/v1/terminal-sessions', { params: { query } })),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useRecording(id: string) {
  return useQuery({
    queryKey: terminalKeys.one(id),
    queryFn: () => unwrap(api.GET('/api/v1/terminal-sessions/{id}', { params: { path: { id } } })),
  });
}

/** The job device's session transcript; null when none was kept (a 404). */
export function useTranscript(jobId: string, deviceId: string) {
  return useQuery({
    queryKey: ['jobs', jobId, 'transcript', deviceId],
    queryFn: async () => {
      const res = await api.GET('/api/v1/jobs/{id}/devices/{deviceId}/transcript', {
        params: { path: { id: jobId, deviceId } },
      });
      if (res.response.status === 404) return null;
      return unwrap(Promise.resolve(res));
    },
  });
}
