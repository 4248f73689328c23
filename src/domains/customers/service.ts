import { and, asc, eq, ilike, type SQL } from 'drizzle-orm';
import type { Db, Executor } from '../../platform/db/client.ts';
import { containsPattern, paginate } from '../../platform/db/paging.ts';
import { notFound } from '../../platform/errors.ts';
import {
  type Actor,
  assertCustomerVisible,
  customerScope,
  requireGlobalAdmin,
  requireRole,
} from '../../platform/tenancy.ts';
import { recordAudit } from '../audit/service.ts';
import { customerIpRanges, customers } from './table.ts';

export type CustomerInput = {
  name: string;
  description: string;
  changesNeedApproval?: boolean;
  terminalRecordsInput?: boolean;
};

const columns = {
  id: customers.id,
  name: customers.name,
  description: customers.description,
  changesNeedApproval: customers.changesNeedApproval,
  terminalRecordsInput: customers.terminalRecordsInput,
  createdAt: customers.createdAt,
  updatedAt: customers.updatedAt,
};

export async function listCustomers(
  db: Db,
  actor: Actor,
  q: { q?: string | undefined; page: number; pageSize: number },
) {
  const where: SQL[] = [customerScope(actor, customers.id)];
  if (q.q) where.push(ilike(customers.name, containsPattern(q.q)));
  const cond = and(...where);
  return paginate(db, customers, cond, q, (limit, offset) =>
    db.select(columns).from(customers).where(cond).orderBy(asc(customers.name)).limit(limit).offset(offset),
  );
}

export async function getCustomer(exec: Executor, actor: Actor, id: string) {
  assertCustomerVisible(actor, id);
  const [row] = await exec.select(columns).from(customers).where(eq(customers.id, id));
  if (!row) throw notFound('customer');
  return row;
}

/** Used by other domains to check a customer they were given exists and is the actor's. */
export const requireCustomer = getCustomer;

export async function createCustomer(db: Db, actor: Actor, input: CustomerInput) {
  requireGlobalAdmin(actor);
  return db.transaction(async (tx) => {
    const [row] = await tx.insert(customers).values(input).returning(columns);
    await recordAudit(tx, actor, {
      action: 'customer.create',
      customerId: row!.id,
      targetType: 'customer',
      targetId: row!.id,
      targetName: row!.name,
    });
    return row!;
  });
}

export async function updateCustomer(db: Db, actor: Actor, id: string, patch: Partial<CustomerInput>) {
  requireRole(actor, 'admin');
  return db.transaction(async (tx) => {
    await getCustomer(tx, actor, id);
    const [row] = await tx
      .update(customers)
      .set({ ...patch, updatedAt: new Date() })
      .where(eq(customers.id, id))
      .returning(columns);
    await recordAudit(tx, actor, {
      action: 'customer.update',
      customerId: id,
      targetType: 'customer',
      targetId: id,
      targetName: row!.name,
      details: { changed: Object.keys(patch) },
    });
    return row!;
  });
}

export async function deleteCustomer(db: Db, actor: Actor, id: string) {
  requireRole(actor, 'admin');
  await db.transaction(async (tx) => {
    const row = await getCustomer(tx, actor, id);
    requireGlobalAdmin(actor);
    await tx.delete(customers).where(eq(customers.id, id));
    await recordAudit(tx, actor, {
      action: 'customer.delete',
      customerId: id,
      targetType: 'customer',
      targetId: id,
      targetName: row.name,
    });
  });
}

const rangeColumns = {
  id: customerIpRanges.id,
  customerId: customerIpRanges.customerId,
  cidr: customerIpRanges.cidr,
  description: customerIpRanges.description,
  createdAt: customerIpRanges.createdAt,
};

export async function listIpRanges(db: Db, actor: Actor, customerId: string) {
  await getCustomer(db, actor, customerId);
  return db
    .select(rangeColumns)
    .from(customerIpRanges)
    .where(eq(customerIpRanges.customerId, customerId))
    .orderBy(asc(customerIpRanges.cidr));
}

export async function addIpRange(
  db: Db,
  actor: Actor,
  customerId: string,
  input: { cidr: string; description: string },
) {
  requireRole(actor, 'admin');
  return db.transaction(async (tx) => {
    await getCustomer(tx, actor, customerId);
    const [row] = await tx
      .insert(customerIpRanges)
      .values({ customerId, cidr: input.cidr, description: input.description })
      .returning(rangeColumns);
    await recordAudit(tx, actor, {
      action: 'customer.ip_range.create',
      customerId,
      targetType: 'ip_range',
      targetId: row!.id,
      targetName: row!.cidr,
    });
    return row!;
  });
}

export async function deleteIpRange(db: Db, actor: Actor, customerId: string, rangeId: string) {
  requireRole(actor, 'admin');
  await db.transaction(async (tx) => {
    await getCustomer(tx, actor, customerId);
    const [row] = await tx
      .delete(customerIpRanges)
      .where(and(eq(customerIpRanges.id, rangeId), eq(customerIpRanges.customerId, customerId)))
      .returning(rangeColumns);
    if (!row) throw notFound('ip range');
    await recordAudit(tx, actor, {
      action: 'customer.ip_range.delete',
      customerId,
      targetType: 'ip_range',
      targetId: rangeId,
      targetName: row.cidr,
    });
  });
}
