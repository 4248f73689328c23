import { useQuery, useQueryClient } from '@tanstack/react-query';
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import {
  ApiError,
  api,
  type GetResult,
  hasSession,
  rememberSession,
  unwrap,
  whenSessionLost,
} from '../api/client';
import { sessionKeys } from '../api/queries/session';

export type Me = GetResult<'/api/v1/auth/me'>;
export type Customer = GetResult<'/api/v1/customers'>['items'][number];
export type Role = Me['effectiveRole'];

const RANK: Record<Role, number> = { viewer: 0, operator: 1, admin: 2 };

export type Session = {
  me: Me;
  customers: Customer[];
  /** The customer the pages are narrowed to; null means every customer the user has. */
  customerId: string | null;
  setCustomerId(id: string | null): void;
  can(role: Role): boolean;
  customerName(id: string): string;
  logout(): Promise<void>;
};

const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession outside SessionProvider');
  return s;
}

const CUSTOMER_KEY = 'webnet.customer';

export function useMe() {
  return useQuery({
    queryKey: sessionKeys.me,
    queryFn: async () => {
      // No session cookie: the login page, without a request that could only answer 401.
      if (!hasSession()) return null;
      try {
        return await unwrap(api.GET('/api/v1/auth/me'));
      } catch (err) {
        if (err instanceof ApiError && err.status === 401) return null;
        throw err;
      }
    },
    staleTime: 60_000,
  });
}

export function SessionProvider({ me, children }: { me: Me; children: ReactNode }) {
  const qc = useQueryClient();
  const customers = useQuery({
    queryKey: sessionKeys.customers,
    queryFn: () => unwrap(api.GET('/api/v1/customers', { params: { query: { pageSize: 500 } } })),
  });
  const [customerId, setCustomerIdState] = useState<string | null>(() => localStorage.getItem(CUSTOMER_KEY));

  const items = customers.data?.items;
  useEffect(() => {
    // A remembered customer this user no longer has falls back to "all".
    if (items && customerId && !items.some((c) => c.id === customerId)) setCustomerIdState(null);
  }, [items, customerId]);

  const setCustomerId = useCallback((id: string | null) => {
    if (id) localStorage.setItem(CUSTOMER_KEY, id);
    else localStorage.removeItem(CUSTOMER_KEY);
    setCustomerIdState(id);
  }, []);

  const logout = useCallback(async () => {
    await api.POST('/api/v1/auth/logout', { body: {} });
    rememberSession(null);
    qc.setQueryData(['me'], null);
    qc.removeQueries({ predicate: (q) => q.queryKey[0] !== sessionKeys.me[0] });
  }, [qc]);

  useEffect(() => {
    whenSessionLost(() => qc.setQueryData(['me'], null));
  }, [qc]);

  const value = useMemo<Session>(() => {
    const list = items ?? [];
    const names = new Map(list.map((c) => [c.id, c.name]));
    return {
      me,
      customers: list,
      customerId,
      setCustomerId,
      can: (role) => RANK[me.effectiveRole] >= RANK[role],
      customerName: (id) => names.get(id) ?? id.slice(0, 8),
      logout,
    };
  }, [me, items, customerId, setCustomerId, logout]);

  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

/** The customerId query value the current customer choice adds to list calls. */
export function useCustomerFilter(): { customerId?: string } {
  const { customerId } = useSession();
  return customerId ? { customerId } : {};
}
