import { z } from 'zod';
import { name } from '../../platform/http/schemas.ts';

export const credentialOut = z.object({
  id: z.string(),
  customerId: z.string(),
  name: z.string(),
  username: z.string(),
  hasPassword: z.boolean(),
  hasEnableSecret: z.boolean(),
  hasPrivateKey: z.boolean(),
  priority: z.number(),
  scope: z
    .object({
      tags: z.array(z.string()).optional(),
      site: z.array(z.string()).optional(),
      role: z.array(z.string()).optional(),
    })
    .nullable(),
  createdAt: z.date(),
  updatedAt: z.date(),
});

// Write-only: set a string, clear with null, leave out to keep. An empty string is a secret that
// is empty (a device whose enable prompt is answered with Enter), not "none".
export const secret = (max: number) =>
  z
    .string()
    .max(max)
    .nullable()
    .optional()
    .describe('write-only: a string sets it ("" is an empty secret), null clears it, absent keeps it');

const scopeValues = z.array(z.string().min(1).max(100)).max(100).optional();

export const credentialFields = {
  name: name(100),
  priority: z
    .number()
    .int()
    .min(0)
    .max(1000)
    .optional()
    .describe(
      'devices without a credential of their own try the customer’s in this order, lowest first (default 100)',
    ),
  scope: z
    .strictObject({ tags: scopeValues, site: scopeValues, role: scopeValues })
    .nullable()
    .optional()
    .describe('which of those devices may try it: any of these tags, sites or roles (null: every device)'),
  username: z.string().min(1).max(128),
  password: secret(1024),
  enableSecret: secret(1024),
  privateKey: secret(16384).refine(
    (v) => !v || /-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(v),
    'must be a PEM or OpenSSH private key',
  ),
};
