import { z } from 'zod';
import { ROLES } from '../../platform/tenancy.ts';

export const sessionOut = z.object({
  userId: z.string(),
  csrfToken: z.string(),
  accessExpiresAt: z.date(),
  refreshExpiresAt: z.date(),
  accessToken: z.string().optional().describe('only when session is "token"'),
  refreshToken: z.string().optional().describe('only when session is "token"'),
});

export const apiKeyOut = z.object({
  id: z.string(),
  name: z.string(),
  prefix: z.string(),
  role: z.enum(ROLES).nullable(),
  customerIds: z.array(z.string()).nullable(),
  expiresAt: z.date().nullable(),
  lastUsedAt: z.date().nullable(),
  revokedAt: z.date().nullable(),
  createdAt: z.date(),
});
