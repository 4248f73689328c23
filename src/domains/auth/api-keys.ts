import { randomBytes } from 'node:crypto';
import { and, desc, eq } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.ts';
import { badRequest, notFound } from '../../platform/errors.ts';
import { type Actor, canSeeCustomer, type Role } from '../../platform/tenancy.ts';
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

export async function listApiKeys(db: Db, actor: Actor) {
  return db
    .select(keyColumns)
    .from(apiKeys)
    .where(eq(apiKeys.userId, actor.userId))
    .orderBy(desc(apiKeys.createdAt));
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
  const outside = input.customerIds?.find((id) => !canSeeCustomer(actor, id));
  if (outside) {
    throw badRequest(`unknown customer ${outside}`, [
      { field: 'customerIds', message: `unknown customer ${outside}` },
    ]);
  }
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
        role: input.role ?? null,
        customerIds: input.customerIds ?? null,
        expiresAt: input.expiresAt ?? null,
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

export async function revokeApiKey(db: Db, actor: Actor, id: string): Promise<void> {
  await db.transaction(async (tx) => {
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
