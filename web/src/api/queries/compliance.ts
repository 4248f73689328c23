import { useQuery } from '@tanstack/react-query';
import { api, type Schemas, unwrap } from '../client';

export type Policy =
  Schemas['/api/v1/compliance/policies/{id}']['get']['responses']['200']['content']['application/json'];
export type ComplianceResult =
  Schemas['/api/v1/compliance/results']['get']['responses']['200']['content']['application/json']['items'][number];
export type HistoryEntry =
  Schemas['/api/v1/compliance/history']['get']['responses']['200']['content']['application/json']['items'][number];
export type PolicyTest =
  Schemas['/api/v1/compliance/policies/test']['post']['responses']['200']['content']['application/json'];

/** Query keys of compliance: policies and results (all under ['compliance']). */
export const complianceKeys = {
  all: ['compliance'] as const,
  policies: (query: object) => ['compliance', 'policies', query] as const,
  results: (query: object) => ['compliance', 'results', query] as const,
  trend: (policyId: string) => ['compliance', 'trend', policyId] as const,
  history: (query: object) => ['compliance', 'history', query] as const,
};

export type ResultQuery = {
  customerId?: string;
  policyId?: string;
  deviceId?: string;
  status?: 'pass' | 'fail' | 'not_applicable' | 'error';
  page?: number;
  pageSize?: number;
};

export function useComplianceResults(query: ResultQuery, enabled = true) {
  return useQuery({
    queryKey: complianceKeys.results(query),
    queryFn: () => unwrap(api.GET('/api/v1/compliance/results', { params: { query } })),
    enabled,
    // Right after a policy is saved its evaluation is running: look again soon until results come.
    refetchInterval: (q) => (q.state.data?.total === 0 ? 2000 : 10_000),
  });
}

/** Each time a rule of a device changed status, newest first. */
export function useComplianceHistory(query: { deviceId?: string; policyId?: string; pageSize?: number }) {
  return useQuery({
    queryKey: complianceKeys.history(query),
    queryFn: () => unwrap(api.GET('/api/v1/compliance/history', { params: { query } })),
  });
}
