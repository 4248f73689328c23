import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, type Query, unwrap } from '../client';

export type DeliveryQuery = NonNullable<Query<'/api/v1/notification-deliveries'>>;

/** Query keys of notification channels, rules and the delivery log. */
export const notificationKeys = {
  all: ['notifications'] as const,
  channels: (customerId: string | undefined) => ['notifications', 'channels', customerId ?? 'all'] as const,
  rules: (customerId: string | undefined) => ['notifications', 'rules', customerId ?? 'all'] as const,
  deliveries: (query: DeliveryQuery) => ['notifications', 'deliveries', query] as const,
};

export function useChannels(customerId: string | undefined) {
  return useQuery({
    queryKey: notificationKeys.channels(customerId),
    queryFn: () =>
      unwrap(api.GET('/api/v1/notification-channels', { params: { query: { customerId, pageSize: 500 } } })),
  });
}

export function useRules(customerId: string | undefined) {
  return useQuery({
    queryKey: notificationKeys.rules(customerId),
    queryFn: () =>
      unwrap(api.GET('/api/v1/notification-rules', { params: { query: { customerId, pageSize: 500 } } })),
  });
}

export function useDeliveries(query: DeliveryQuery) {
  return useQuery({
    queryKey: notificationKeys.deliveries(query),
    queryFn: () => unwrap(api.GET('/api/v1/notification-deliveries', { params: { query } })),
    placeholderData: keepPreviousData,
    // The log moves while retries run.
    refetchInterval: 5000,
  });
}
