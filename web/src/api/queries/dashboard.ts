/** Query keys of the dashboard's figures. */
export const dashboardKeys = {
  all: ['dashboard'] as const,
  summary: (filter: object) => ['dashboard', filter] as const,
};
