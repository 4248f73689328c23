/** Query keys of jobs: lists, one job, its devices and outputs (all under ['jobs'], so a job's end refreshes them). */
export const jobKeys = {
  all: ['jobs'] as const,
  list: (query: object) => ['jobs', 'list', query] as const,
  one: (id: string) => ['jobs', 'one', id] as const,
  devices: (id: string, q: string, status: string) => ['jobs', id, 'devices', q, status] as const,
  output: (id: string, hostname: string) => ['jobs', id, 'output', hostname] as const,
  outputGroups: (id: string) => ['jobs', id, 'output-groups'] as const,
  ofDevice: (deviceId: string) => ['jobs', 'device', deviceId] as const,
  active: (filter: object) => ['jobs', 'active', filter] as const,
  recent: (filter: object) => ['jobs', 'recent', filter] as const,
};
