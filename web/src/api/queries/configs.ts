/** Query keys of configuration history, diffs and search. */
export const configKeys = {
  all: ['configs'] as const,
  history: (deviceId: string, page: number) => ['configs', deviceId, page] as const,
  diff: (deviceId: string, from: string | null, to: string | null) =>
    ['configs', deviceId, 'diff', from, to] as const,
  search: (query: object) => ['configs', 'search', query] as const,
  snapshot: (id: string) => ['configs', 'snapshot', id] as const,
};
