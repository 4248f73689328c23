import { useQuery } from '@tanstack/react-query';
import { api, type Schemas, unwrap } from '../client';

export type Change =
  Schemas['/api/v1/changes/{id}']['get']['responses']['200']['content']['application/json'];
export type ChangeDevice =
  Schemas['/api/v1/changes/{id}/devices']['get']['responses']['200']['content']['application/json']['items'][number];

/** Query keys of changes: lists, one change, its devices (all under ['changes']). */
export const changeKeys = {
  all: ['changes'] as const,
  list: (query: object) => ['changes', 'list', query] as const,
  one: (id: string) => ['changes', 'one', id] as const,
  devices: (id: string, version: string) => ['changes', id, 'devices', version] as const,
};

/** Statuses in which the change moves by itself: the page follows it until it settles. */
export const isMoving = (c: Change | undefined) =>
  !!c && (c.status === 'running' || (c.previewJobId !== null && c.previewedRevision !== c.revision));

export function useChange(id: string) {
  return useQuery({
    queryKey: changeKeys.one(id),
    queryFn: () => unwrap(api.GET('/api/v1/changes/{id}', { params: { path: { id } } })),
    refetchInterval: (q) => (isMoving(q.state.data) ? 1000 : false),
  });
}

/** `version` (the change's status and update time) fetches them again whenever the change moves on. */
export function useChangeDevices(id: string, moving: boolean, version: string) {
  return useQuery({
    queryKey: changeKeys.devices(id, version),
    placeholderData: (previous) => previous,
    queryFn: () =>
      unwrap(api.GET('/api/v1/changes/{id}/devices', { params: { path: { id }, query: { pageSize: 500 } } })),
    refetchInterval: moving ? 1000 : false,
  });
}
