import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useCustomerFilter } from '../../app/session';
import { api, type Query, unwrap } from '../client';

/** The device list's query (filters, sort, page), as the API takes it. */
export type DeviceListQuery = NonNullable<Query<'/api/v1/devices'>>;
export type DeviceFilterQuery = NonNullable<Query<'/api/v1/devices/facets'>>;

/** Query keys of the device resource: one place, so writes invalidate exactly what they change. */
export const deviceKeys = {
  all: ['devices'] as const,
  list: (query: DeviceListQuery) => ['devices', 'list', query] as const,
  facets: (query: DeviceFilterQuery) => ['devices', 'facets', query] as const,
  one: (id: string) => ['devices', 'one', id] as const,
  everyOf: (query: DeviceFilterQuery) => ['devices', 'all', query] as const,
};

export function useDeviceList(query: DeviceListQuery) {
  return useQuery({
    queryKey: deviceKeys.list(query),
    queryFn: () => unwrap(api.GET('/api/v1/devices', { params: { query } })),
    placeholderData: keepPreviousData,
  });
}

/** The filter choices with their counts, narrowed by the filter already chosen (and the customer). */
export function useFacets(filter: DeviceFilterQuery = {}) {
  const customer = useCustomerFilter();
  const query = { ...customer, ...filter };
  return useQuery({
    queryKey: deviceKeys.facets(query),
    queryFn: () => unwrap(api.GET('/api/v1/devices/facets', { params: { query } })),
    staleTime: 30_000,
    placeholderData: keepPreviousData,
  });
}

export function useDevice(id: string) {
  return useQuery({
    queryKey: deviceKeys.one(id),
    queryFn: () => unwrap(api.GET('/api/v1/devices/{id}', { params: { path: { id } } })),
  });
}
