import { useQuery } from '@tanstack/react-query';
import { api, type GetResult, unwrap } from '../client';

type JobDevice = GetResult<'/api/v1/jobs/{id}/devices'>['items'][number];
/** A NetBox sync's output: its plan, and whether it was carried out. */
export type SyncPlan = NonNullable<Extract<JobDevice, { jobType: 'netbox_sync' }>['output']>;

export const netboxKeys = {
  all: ['netbox'] as const,
  source: (customerId: string) => ['netbox', 'source', customerId] as const,
  plan: (jobId: string, status: string) => ['netbox', 'plan', jobId, status] as const,
};

/** The customer's NetBox source; null when it has none. */
export function useNetboxSource(customerId: string) {
  return useQuery({
    queryKey: netboxKeys.source(customerId),
    enabled: Boolean(customerId),
    queryFn: () => unwrap(api.GET('/api/v1/customers/{id}/netbox', { params: { path: { id: customerId } } })),
  });
}

/** A sync job's plan (and its failure, if it failed), read once the job has ended. */
export function useSyncResult(jobId: string, status: string | undefined, ended: boolean) {
  return useQuery({
    queryKey: netboxKeys.plan(jobId, status ?? ''),
    enabled: Boolean(jobId) && ended,
    queryFn: async () => {
      const page = await unwrap(
        api.GET('/api/v1/jobs/{id}/devices', { params: { path: { id: jobId }, query: { output: 'true' } } }),
      );
      const row = page.items[0];
      return {
        plan: row && row.jobType === 'netbox_sync' ? row.output : null,
        error: row?.error ?? null,
        category: row?.errorCategory ?? null,
      };
    },
  });
}
