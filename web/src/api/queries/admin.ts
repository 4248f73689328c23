import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../client';

/** Query keys of what admins manage: users, customers and their IP ranges, credentials, API keys, schedules. */
export const userKeys = { all: ['users'] as const, page: (page: number) => ['users', page] as const };
export const customerKeys = {
  all: ['customers'] as const,
  ranges: (customerId: string) => ['customers', customerId, 'ranges'] as const,
};
export const credentialKeys = {
  all: ['credentials'] as const,
  of: (customerId: string | undefined) => ['credentials', customerId ?? 'all'] as const,
};
export const apiKeyKeys = { all: ['api-keys'] as const };
export const auditKeys = { list: (query: object) => ['audit', query] as const };
export const scheduleKeys = {
  all: ['schedules'] as const,
  page: (page: number) => ['schedules', page] as const,
};

export function useCredentials(customerId?: string) {
  return useQuery({
    queryKey: credentialKeys.of(customerId),
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/credentials', {
          params: { query: { pageSize: 500, ...(customerId ? { customerId } : {}) } },
        }),
      ),
  });
}
