import { useQuery } from '@tanstack/react-query';
import { useCallback } from 'react';
import { useSearchParams } from 'react-router';
import { api, unwrap } from '../api/client';

/** Page state kept in the URL, so a filtered view can be reloaded, bookmarked and shared. */
export function useUrlState() {
  const [params, setParams] = useSearchParams();
  const get = useCallback((key: string) => params.get(key) ?? '', [params]);
  // Stable across renders (setParams is), so effects may depend on it.
  const set = useCallback(
    (patch: Record<string, string | null>) =>
      setParams(
        (prev) => {
          const next = new URLSearchParams(prev);
          for (const [k, v] of Object.entries(patch)) {
            if (v) next.set(k, v);
            else next.delete(k);
          }
          // A new filter starts again at the first page.
          if (!('page' in patch)) next.delete('page');
          return next;
        },
        { replace: true },
      ),
    [setParams],
  );
  return { params, get, set };
}

export function useCredentials(customerId?: string) {
  return useQuery({
    queryKey: ['credentials', customerId ?? 'all'],
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/credentials', {
          params: { query: { pageSize: 500, ...(customerId ? { customerId } : {}) } },
        }),
      ),
  });
}
