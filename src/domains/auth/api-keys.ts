import { randomBytes } from 'node:crypto';
import { and, desc, eq } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.ts';
import { badRequest, notFound } from '../../platform/errors.ts';
import {
  type Actor,
  type ApiKeyBounds,
  canSeeCustomer,
  lowerRole,
  type Role,
  roleRank,
} from '../../platform/tenancy.ts';
import { recordAudit } from '../audit/service.ts';
import { apiKeys } from './table.ts';
import { randomToken, sameSecret, sha256 } from './tokens.ts';

// Format: wnk_<prefix>_<secret>. The prefix finds the row; only the secret's hash is stored.
const KEY_FORMAT = /^wnk_([A-Za-z0-9]{12})_([A-Za-z0-9_-]{43})$/;

type KeyRow = typeof apiKeys.$inferSelect;

export async function findApiKey(db: Db, token: string): Promise<KeyRow | undefined> {
  const m = KEY_FORMAT.exec(token);
  if (!m) return undefined;
  const [row] = await db.select().from(apiKeys).where(eq(apiKeys.prefix, m[1]!));
  if (!row || !sameSecret(row.secretHash, sha256(m[2]!))) return undefined;
  if (row.revokedAt) return undefined;
  if (row.expiresAt && row.expiresAt.getTime() <= Date.now()) return undefined;
  return row;
}

/** last_used_at is informational: write it at most once a minute and never make the request wait. */
export function touchApiKey(db: Db, key: KeyRow): void {
  if (key.lastUsedAt && Date.now() - key.lastUsedAt.getTime() < 60_000) return;
  db.update(apiKeys)
    .set({ lastUsedAt: new Date() })
    .where(eq(apiKeys.id, key.id))
    .catch(() => {});
}

const keyColumns = {
  id: apiKeys.id,
  name: apiKeys.name,
  prefix: apiKeys.prefix,
  role: apiKeys.role,
  customerIds: apiKeys.customerIds,
  expiresAt: apiKeys.expiresAt,
  lastUsedAt: apiKeys.lastUsedAt,
  revokedAt: apiKeys.revokedAt,
  createdAt: apiKeys.createdAt,
};

type Bounds = Pick<ApiKeyBounds, 'role' | 'customerIds' | 'expiresAt'>;

/**
 * Whether a key with `inner` bounds reaches nowhere `outer` does not: no higher role, no customer
 * outside it, no later expiry. A null role or customer list is the owner's own (the widest).
 */
export function keyWithin(ownerRole: Role, outer: Bounds, inner: Bounds): boolean {
  const rank = (b: Bounds) => roleRank(b.role ? lowerRole(ownerRole, b.role) : ownerRole);
  if (rank(inner) > rank(outer)) return false;
  if (outer.customerIds) {
    const allowed = new Set(outer.customerIds);
    if (!inner.customerIds?.every((id) => allowed.has(id))) return false;
  }
  if (outer.expiresAt) {
    if (!inner.expiresAt || inner.expiresAt.getTime() > outer.expiresAt.getTime()) return false;
  }
  return true;
}

/** The keys an actor may see and revoke: all of the user's from a login, and no wider ones from a key. */
function visibleTo(actor: Actor) {
  const key = actor.apiKey;
  return (row: Bounds & { id: string }) => !key || row.id === key.id || keyWithin(key.ownerRole, key, row);
}

export async function listApiKeys(db: Db, actor: Actor) {
  const rows = await db
    .select(keyColumns)
    .from(apiKeys)
    .where(eq(apiKeys.userId, actor.userId))
    .orderBy(desc(apiKeys.createdAt));
  return rows.filter(visibleTo(actor));
}

export type ApiKeyCreate = {
  name: string;
  role?: Role | undefined;
  customerIds?: string[] | undefined;
  expiresAt?: Date | undefined;
};

export async function createApiKey(db: Db, actor: Actor, input: ApiKeyCreate) {
  if (input.expiresAt && input.expiresAt.getTime() <= Date.now()) {
    throw badRequest('expiresAt must be in the future', [
      { field: 'expiresAt', message: 'must be in the future' },
    ]);
  }
  if (input.role && roleRank(input.role) > roleRank(actor.role)) {
    throw badRequest(`a key's role cannot be above yours (${actor.role})`, [
      { field: 'role', message: `must not be above ${actor.role}` },
    ]);
  }
  const outside = input.customerIds?.find((id) => !canSeeCustomer(actor, id));
  if (outside) {
    throw badRequest(`unknown customer ${outside}`, [
      { field: 'customerIds', message: `unknown customer ${outside}` },
    ]);
  }
  const bounds = boundsOfNewKey(actor, input);
  const prefix = randomBytes(6).toString('hex');
  const secret = randomToken(32);
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(apiKeys)
      .values({
        userId: actor.userId,
        name: input.name,
        prefix,
        secretHash: sha256(secret),
        role: bounds.role,
        customerIds: bounds.customerIds ? [...bounds.customerIds] : null,
        expiresAt: bounds.expiresAt,
      })
      .returning(keyColumns);
    await recordAudit(tx, actor, {
      action: 'api_key.create',
      targetType: 'api_key',
      targetId: row!.id,
      targetName: input.name,
    });
    return { ...row!, key: `wnk_${prefix}_${secret}` };
  });
}

/**
 * A key made from a login gets what was asked (unset: the owner's reach). A key made with a key
 * inherits that key's narrowing where the request leaves it out and may not outlive it, so a
 * leaked narrow key cannot mint a wider or longer-lived one.
 */
function boundsOfNewKey(actor: Actor, input: ApiKeyCreate): Bounds {
  const asked: Bounds = {
    role: input.role ?? null,
    customerIds: input.customerIds ?? null,
    expiresAt: input.expiresAt ?? null,
  };
  const key = actor.apiKey;
  if (!key) return asked;
  if (key.expiresAt && asked.expiresAt && asked.expiresAt.getTime() > key.expiresAt.getTime()) {
    throw badRequest('a key cannot outlive the key that creates it', [
      { field: 'expiresAt', message: `must not be after ${key.expiresAt.toISOString()}` },
    ]);
  }
  const bounds: Bounds = {
    role: asked.role ?? key.role,
    customerIds: asked.customerIds ?? key.customerIds,
    expiresAt: asked.expiresAt ?? key.expiresAt,
  };
  // The checks above already hold each part; this is the rule itself, kept as the last word.
  if (!keyWithin(key.ownerRole, key, bounds)) throw badRequest('the new key would reach beyond this key');
  return bounds;
}

export async function revokeApiKey(db: Db, actor: Actor, id: string): Promise<void> {
  await db.transaction(async (tx) => {
    if (actor.apiKey) {
      // A key wider than the caller answers as a missing one: it is not in the caller's list either.
      const [target] = await tx
        .select(keyColumns)
        .from(apiKeys)
        .where(and(eq(apiKeys.id, id), eq(apiKeys.userId, actor.userId)));
      if (!target || !visibleTo(actor)(target)) throw notFound('api key');
    }
    const [row] = await tx
      .update(apiKeys)
      .set({ revokedAt: new Date() })
      .where(and(eq(apiKeys.id, id), eq(apiKeys.userId, actor.userId)))
      .returning({ name: apiKeys.name });
    if (!row) throw notFound('api key');
    await recordAudit(tx, actor, {
      action: 'api_key.revoke',
      targetType: 'api_key',
      targetId: id,
      targetName: row.name,
    });
  });
}
