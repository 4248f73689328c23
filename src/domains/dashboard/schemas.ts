import { z } from 'zod';

export const facet = z.array(z.object({ value: z.string(), count: z.number().int() }));

export const facetsOut = z.object({
  total: z.number().int(),
  enabled: z.number().int(),
  vendor: facet,
  platform: facet,
  role: facet,
  site: facet,
  tag: facet,
  reachability: facet,
});

export const customerQuery = z.strictObject({ customerId: z.uuid().optional() });
