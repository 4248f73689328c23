import { useCallback, useRef } from 'react';
import { useSearchParams } from 'react-router';

/** Page state kept in the URL, so a filtered view can be reloaded, bookmarked and shared. */
export function useUrlState() {
  const [params, setParams] = useSearchParams();
  // The address as last written: two changes before the next render (clearing one field, typing
  // in another) both land. React Router's updater reads the address of the last render, so the
  // second would undo the first.
  const latest = useRef(params);
  const seen = useRef(params);
  if (seen.current !== params) {
    seen.current = params;
    latest.current = params;
  }
  const get = useCallback((key: string) => params.get(key) ?? '', [params]);
  // Stable across renders (setParams is), so effects may depend on it.
  const set = useCallback(
    (patch: Record<string, string | null>) => {
      const next = new URLSearchParams(latest.current);
      for (const [k, v] of Object.entries(patch)) {
        if (v) next.set(k, v);
        else next.delete(k);
      }
      // A new filter starts again at the first page.
      if (!('page' in patch)) next.delete('page');
      latest.current = next;
      setParams(next, { replace: true });
    },
    [setParams],
  );
  return { params, get, set };
}
