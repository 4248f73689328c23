/** Query keys of who is logged in and the customers they see: kept when a session's other data is dropped. */
export const sessionKeys = {
  me: ['me'] as const,
  customers: ['customers', 'all'] as const,
};
