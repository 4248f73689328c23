/** Query keys of topology links, for the graph and for one device's neighbours. */
export const topologyKeys = {
  all: ['topology'] as const,
  links: (filter: object, stale: boolean) => ['topology', 'links', filter, stale] as const,
  ofDevice: (deviceId: string) => ['topology', deviceId] as const,
};
