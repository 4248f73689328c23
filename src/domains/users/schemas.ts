import { z } from 'zod';
import { label, name } from '../../platform/http/schemas.ts';
import { ROLES } from '../../platform/tenancy.ts';

export const password = z.string().min(10, 'must be at least 10 characters').max(256);
export const username = name(64).regex(/^[A-Za-z0-9._@-]+$/, 'letters, digits and . _ @ - only');

export const userOut = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  email: z.string().nullable(),
  role: z.enum(ROLES),
  allCustomers: z.boolean(),
  active: z.boolean(),
  customerIds: z.array(z.string()),
  lastLoginAt: z.date().nullable(),
  createdAt: z.date(),
  updatedAt: z.date(),
});
export type UserOut = z.output<typeof userOut>;

export const userCreate = z.strictObject({
  username,
  password,
  displayName: label(100).default(''),
  email: z.email().max(200).nullable().default(null),
  role: z.enum(ROLES).default('viewer'),
  allCustomers: z.boolean().default(false),
  active: z.boolean().default(true),
  customerIds: z.array(z.uuid()).max(1000).default([]),
});
export type UserCreate = z.output<typeof userCreate>;

export const userUpdate = z.strictObject({
  displayName: label(100).optional(),
  email: z.email().max(200).nullable().optional(),
  role: z.enum(ROLES).optional(),
  allCustomers: z.boolean().optional(),
  active: z.boolean().optional(),
  customerIds: z.array(z.uuid()).max(1000).optional(),
});
export type UserUpdate = z.output<typeof userUpdate>;
