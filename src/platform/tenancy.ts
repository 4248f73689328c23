import { type SQL, sql } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import { inUuids } from './db/client.ts';
import { forbidden, notFound } from './errors.ts';

export const ROLES = ['viewer', 'operator', 'admin'] as const;
export type Role = (typeof ROLES)[number];
const RANK: Record<Role, number> = { viewer: 0, operator: 1, admin: 2 };

/** Who is asking. Every service call takes one; every customer-owned query is scoped by it. */
export type Actor = {
  userId: string;
  username: string;
  role: Role;
  /** Explicit grant to every customer; never implied by the role. */
  allCustomers: boolean;
  customerIds: readonly string[];
  via: 'session' | 'bearer' | 'api_key' | 'system';
  /** With `via: 'api_key'`: the key's own bounds, which bound the keys it creates, lists and revokes. */
  apiKey?: ApiKeyBounds | undefined;
  ip?: string | undefined;
  userAgent?: string | undefined;
};

/**
 * How far an API key reaches: its narrowing (null: the owner's) and expiry, with the owner's role
 * it is measured against.
 */
export type ApiKeyBounds = {
  id: string;
  ownerRole: Role;
  role: Role | null;
  customerIds: readonly string[] | null;
  expiresAt: Date | null;
};

export const roleRank = (role: Role) => RANK[role];
export const hasRole = (actor: Actor, min: Role) => RANK[actor.role] >= RANK[min];
export const lowerRole = (a: Role, b: Role): Role => (RANK[a] <= RANK[b] ? a : b);

export function requireRole(actor: Actor, min: Role): void {
  if (!hasRole(actor, min)) throw forbidden(`this needs the ${min} role; you are ${actor.role}`);
}

/** A global admin manages what belongs to no single customer: customers themselves, global users. */
export function requireGlobalAdmin(actor: Actor): void {
  requireRole(actor, 'admin');
  if (!actor.allCustomers) throw forbidden('this needs an admin with access to all customers');
}

export function canSeeCustomer(actor: Actor, customerId: string): boolean {
  return actor.allCustomers || actor.customerIds.includes(customerId);
}

/** Throws the same 404 a missing row would, so a customer's existence never leaks. */
export function assertCustomerVisible(actor: Actor, customerId: string, what = 'customer'): void {
  if (!canSeeCustomer(actor, customerId)) throw notFound(what);
}

/** The WHERE fragment that limits a customer-owned table to the actor's customers. */
export function customerScope(actor: Actor, column: PgColumn): SQL {
  if (actor.allCustomers) return sql`true`;
  if (actor.customerIds.length === 0) return sql`false`;
  // `=` for one customer (the common case) lets an index on (customer_id, x) also give the
  // order of x, so a page can stop early; `= any` cannot. Either way one parameter, so the
  // SQL text, and with it a prepared statement, is the same for every user.
  if (actor.customerIds.length === 1) return sql`${column} = ${actor.customerIds[0]}::uuid`;
  return inUuids(column, actor.customerIds);
}

/**
 * The WHERE fragment for a row that spans several customers (a job, a schedule): visible only to
 * an actor who sees every one of them.
 */
export function customerSetScope(actor: Actor, column: PgColumn): SQL {
  if (actor.allCustomers) return sql`true`;
  return sql`${column} <@ ${`{${actor.customerIds.join(',')}}`}::uuid[]`;
}

/** Narrow a requested customer filter to what the actor may see (unknown ids simply match nothing). */
export function scopedCustomerFilter(actor: Actor, requested: string[] | undefined): string[] | undefined {
  if (!requested) return undefined;
  return requested.filter((id) => canSeeCustomer(actor, id));
}

export const systemActor = (name = 'system'): Actor => ({
  userId: '00000000-0000-0000-0000-000000000000',
  username: name,
  role: 'admin',
  allCustomers: true,
  customerIds: [],
  via: 'system',
});
