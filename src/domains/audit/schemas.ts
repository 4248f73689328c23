import { z } from 'zod';

export const auditEvent = z.object({
  id: z.number(),
  at: z.date(),
  actorUserId: z.string().nullable(),
  actorName: z.string(),
  customerId: z.string().nullable(),
  action: z.string(),
  targetType: z.string(),
  targetId: z.string().nullable(),
  targetName: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
  ip: z.string().nullable(),
});
