import { and, asc, eq, ilike, inArray, or, type SQL, sql } from 'drizzle-orm';
import type { Db, Executor } from '../../platform/db/client.ts';
import { containsPattern, paginate } from '../../platform/db/paging.ts';
import { badRequest, notFound } from '../../platform/errors.ts';
import {
  type Actor,
  canSeeCustomer,
  type Role,
  requireGlobalAdmin,
  requireRole,
} from '../../platform/tenancy.ts';
import { recordAudit } from '../audit/service.ts';
import { hashPassword } from '../auth/passwords.ts';
import { revokeUserSessions } from '../auth/sessions.ts';
import { customers } from '../customers/table.ts';
import type { UserCreate, UserOut, UserUpdate } from './schemas.ts';
import { userCustomers, users } from './table.ts';

const memberships = sql<
  string[]
>`coalesce((select array_agg(uc.customer_id::text order by uc.customer_id) from ${userCustomers} uc where uc.user_id = ${users.id}), '{}')`;

const userColumns = {
  id: users.id,
  username: users.username,
  displayName: users.displayName,
  email: users.email,
  role: users.role,
  allCustomers: users.allCustomers,
  active: users.active,
  customerIds: memberships,
  lastLoginAt: users.lastLoginAt,
  createdAt: users.createdAt,
  updatedAt: users.updatedAt,
};

/**
 * Which users an admin manages. A global admin: all. A customer-scoped admin: users whose
 * every membership lies within the admin's customers (a user shared with a customer the
 * admin cannot see is not theirs to change), never global users.
 */
function manageableBy(actor: Actor): SQL {
  if (actor.allCustomers) return sql`true`;
  const scope = actor.customerIds.length
    ? sql`uc.customer_id not in (${sql.join(
        actor.customerIds.map((id) => sql`${id}::uuid`),
        sql`, `,
      )})`
    : sql`true`;
  return sql`(${users.allCustomers} = false
    and exists (select 1 from ${userCustomers} uc where uc.user_id = ${users.id})
    and not exists (select 1 from ${userCustomers} uc where uc.user_id = ${users.id} and ${scope}))`;
}

export type UserListQuery = {
  q?: string | undefined;
  role?: Role | undefined;
  page: number;
  pageSize: number;
};

export async function listUsers(db: Db, actor: Actor, query: UserListQuery) {
  requireRole(actor, 'admin');
  const where: SQL[] = [manageableBy(actor)];
  if (query.q) {
    const like = containsPattern(query.q);
    where.push(or(ilike(users.username, like), ilike(users.displayName, like))!);
  }
  if (query.role) where.push(eq(users.role, query.role));
  const cond = and(...where);
  return paginate(db, users, cond, query, (limit, offset) =>
    db.select(userColumns).from(users).where(cond).orderBy(asc(users.username)).limit(limit).offset(offset),
  );
}

export async function getUser(db: Executor, actor: Actor, id: string): Promise<UserOut> {
  if (actor.userId !== id) requireRole(actor, 'admin');
  const cond = actor.userId === id ? eq(users.id, id) : and(eq(users.id, id), manageableBy(actor));
  const [row] = await db.select(userColumns).from(users).where(cond);
  if (!row) throw notFound('user');
  return row;
}

/** A scoped admin may only hand out what they hold themselves. */
async function checkGrant(
  exec: Executor,
  actor: Actor,
  allCustomers: boolean | undefined,
  ids: string[] | undefined,
) {
  if (allCustomers) requireGlobalAdmin(actor);
  if (!ids?.length) return;
  const unique = [...new Set(ids)];
  const found = await exec.select({ id: customers.id }).from(customers).where(inArray(customers.id, unique));
  const known = new Set(found.map((r) => r.id));
  const bad = unique.filter((id) => !known.has(id) || !canSeeCustomer(actor, id));
  if (bad.length) {
    throw badRequest(`unknown customer ${bad[0]}`, [
      { field: 'customerIds', message: `unknown customer ${bad[0]}` },
    ]);
  }
}

async function setMemberships(exec: Executor, userId: string, ids: string[]) {
  await exec.delete(userCustomers).where(eq(userCustomers.userId, userId));
  const unique = [...new Set(ids)];
  if (unique.length)
    await exec.insert(userCustomers).values(unique.map((customerId) => ({ userId, customerId })));
}

export async function createUser(db: Db, actor: Actor, input: UserCreate): Promise<UserOut> {
  requireRole(actor, 'admin');
  if (input.allCustomers) requireGlobalAdmin(actor);
  if (!actor.allCustomers && input.customerIds.length === 0) {
    throw badRequest('a user you create must belong to at least one of your customers', [
      { field: 'customerIds', message: 'at least one customer is required' },
    ]);
  }
  const passwordHash = await hashPassword(input.password);
  return db.transaction(async (tx) => {
    await checkGrant(tx, actor, input.allCustomers, input.customerIds);
    const [row] = await tx
      .insert(users)
      .values({
        username: input.username,
        passwordHash,
        displayName: input.displayName,
        email: input.email,
        role: input.role,
        allCustomers: input.allCustomers,
        active: input.active,
      })
      .returning({ id: users.id });
    await setMemberships(tx, row!.id, input.customerIds);
    await recordAudit(tx, actor, {
      action: 'user.create',
      targetType: 'user',
      targetId: row!.id,
      targetName: input.username,
      details: { role: input.role, allCustomers: input.allCustomers, customerIds: input.customerIds },
    });
    return getUser(tx, actor, row!.id);
  });
}

export async function updateUser(db: Db, actor: Actor, id: string, patch: UserUpdate): Promise<UserOut> {
  requireRole(actor, 'admin');
  return db.transaction(async (tx) => {
    const before = await getUser(tx, actor, id);
    if (id === actor.userId && ((patch.role && patch.role !== 'admin') || patch.active === false)) {
      throw badRequest('you cannot demote or deactivate yourself', [
        { field: patch.active === false ? 'active' : 'role', message: 'not on your own account' },
      ]);
    }
    if (patch.allCustomers !== undefined && patch.allCustomers !== before.allCustomers)
      requireGlobalAdmin(actor);
    await checkGrant(tx, actor, patch.allCustomers, patch.customerIds);
    const { customerIds, ...fields } = patch;
    if (Object.keys(fields).length) {
      await tx
        .update(users)
        .set({ ...fields, updatedAt: new Date() })
        .where(eq(users.id, id));
    }
    if (customerIds) {
      if (!actor.allCustomers && customerIds.length === 0) {
        throw badRequest('a user must keep at least one of your customers', [
          { field: 'customerIds', message: 'at least one customer is required' },
        ]);
      }
      await setMemberships(tx, id, customerIds);
    }
    await recordAudit(tx, actor, {
      action: 'user.update',
      targetType: 'user',
      targetId: id,
      targetName: before.username,
      details: { changed: Object.keys(patch) },
    });
    return getUser(tx, actor, id);
  });
}

export async function setUserPassword(db: Db, actor: Actor, id: string, password: string): Promise<void> {
  requireRole(actor, 'admin');
  const passwordHash = await hashPassword(password);
  await db.transaction(async (tx) => {
    const user = await getUser(tx, actor, id);
    await tx.update(users).set({ passwordHash, updatedAt: new Date() }).where(eq(users.id, id));
    await revokeUserSessions(tx, id);
    await recordAudit(tx, actor, {
      action: 'user.password_reset',
      targetType: 'user',
      targetId: id,
      targetName: user.username,
    });
  });
}

export async function deleteUser(db: Db, actor: Actor, id: string): Promise<void> {
  requireRole(actor, 'admin');
  if (id === actor.userId) {
    throw badRequest('you cannot delete your own account', [
      { field: 'id', message: 'not your own account' },
    ]);
  }
  await db.transaction(async (tx) => {
    const user = await getUser(tx, actor, id);
    await tx.delete(users).where(eq(users.id, id));
    await recordAudit(tx, actor, {
      action: 'user.delete',
      targetType: 'user',
      targetId: id,
      targetName: user.username,
    });
  });
}
