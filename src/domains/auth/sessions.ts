import { randomUUID } from 'node:crypto';
import { and, eq, isNull, lt, or, sql } from 'drizzle-orm';
import type { Executor } from '../../platform/db/client.ts';
import { refreshTokens } from './table.ts';
import { randomToken, sha256 } from './tokens.ts';

export type IssuedRefresh = { token: string; familyId: string; expiresAt: Date };

export async function issueRefreshToken(
  exec: Executor,
  userId: string,
  ttlSeconds: number,
  meta: { ip?: string | undefined; userAgent?: string | undefined },
  familyId: string = randomUUID(),
): Promise<IssuedRefresh> {
  const token = randomToken();
  const expiresAt = new Date(Date.now() + ttlSeconds * 1000);
  await exec.insert(refreshTokens).values({
    userId,
    familyId,
    tokenHash: sha256(token),
    expiresAt,
    ip: meta.ip ?? null,
    userAgent: meta.userAgent?.slice(0, 300) ?? null,
  });
  return { token, familyId, expiresAt };
}

export type RotateResult =
  | { ok: true; userId: string; next: IssuedRefresh }
  | { ok: false; reason: 'unknown' | 'expired' | 'revoked' | 'reused' };

/**
 * Spend a refresh token and issue its successor. A token spent twice means it was copied:
 * the whole family (every device of that login) is revoked.
 */
export async function rotateRefreshToken(
  exec: Executor,
  token: string,
  ttlSeconds: number,
  meta: { ip?: string | undefined; userAgent?: string | undefined },
): Promise<RotateResult> {
  const [row] = await exec
    .select()
    .from(refreshTokens)
    .where(eq(refreshTokens.tokenHash, sha256(token)));
  if (!row) return { ok: false, reason: 'unknown' };
  if (row.revokedAt) return { ok: false, reason: 'revoked' };
  if (row.expiresAt.getTime() <= Date.now()) return { ok: false, reason: 'expired' };
  const spent = await exec
    .update(refreshTokens)
    .set({ usedAt: new Date() })
    .where(and(eq(refreshTokens.id, row.id), isNull(refreshTokens.usedAt)))
    .returning({ id: refreshTokens.id });
  if (spent.length === 0) {
    await revokeFamily(exec, row.familyId);
    return { ok: false, reason: 'reused' };
  }
  const next = await issueRefreshToken(exec, row.userId, ttlSeconds, meta, row.familyId);
  return { ok: true, userId: row.userId, next };
}

export async function revokeFamily(exec: Executor, familyId: string): Promise<void> {
  await exec
    .update(refreshTokens)
    .set({ revokedAt: new Date() })
    .where(and(eq(refreshTokens.familyId, familyId), isNull(refreshTokens.revokedAt)));
}

export async function familyOf(exec: Executor, token: string): Promise<string | undefined> {
  const [row] = await exec
    .select({ familyId: refreshTokens.familyId })
    .from(refreshTokens)
    .where(eq(refreshTokens.tokenHash, sha256(token)));
  return row?.familyId;
}

/** After a password change every open session of the user ends. */
export async function revokeUserSessions(exec: Executor, userId: string): Promise<void> {
  await exec
    .update(refreshTokens)
    .set({ revokedAt: new Date() })
    .where(and(eq(refreshTokens.userId, userId), isNull(refreshTokens.revokedAt)));
}

/** A session (access token) stays valid only while its family has not been revoked. */
export const familyRevoked = (familyId: string) =>
  sql`exists (select 1 from ${refreshTokens} rt where rt.family_id = ${familyId}::uuid and rt.revoked_at is not null)`;

/** Housekeeping: drop tokens long expired. */
export async function pruneRefreshTokens(exec: Executor): Promise<void> {
  const cutoff = new Date(Date.now() - 24 * 3600 * 1000);
  await exec.delete(refreshTokens).where(or(lt(refreshTokens.expiresAt, cutoff))!);
}
