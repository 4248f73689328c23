import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.ts';
import { badRequest, forbidden, unauthorized } from '../../platform/errors.ts';
import type { Actor } from '../../platform/tenancy.ts';
import { recordAudit } from '../audit/service.ts';
import { users } from '../users/table.ts';
import { signAccessToken } from './jwt.ts';
import { burnPasswordCheck, hashPassword, verifyPassword } from './passwords.ts';
import {
  familyOf,
  issueRefreshToken,
  revokeFamily,
  revokeUserSessions,
  rotateRefreshToken,
} from './sessions.ts';
import { randomToken } from './tokens.ts';

export type AuthSettings = { jwtKey: Uint8Array; accessTtl: number; refreshTtl: number };
export type ClientMeta = { ip?: string | undefined; userAgent?: string | undefined };

export type Session = {
  userId: string;
  accessToken: string;
  refreshToken: string;
  csrfToken: string;
  accessExpiresAt: Date;
  refreshExpiresAt: Date;
};

const anonymous = (meta: ClientMeta, username: string): Actor => ({
  userId: '00000000-0000-0000-0000-000000000000',
  username,
  role: 'viewer',
  allCustomers: false,
  customerIds: [],
  via: 'system',
  ...meta,
});

async function startSession(db: Db, s: AuthSettings, userId: string, meta: ClientMeta, familyId?: string) {
  const refresh = await issueRefreshToken(db, userId, s.refreshTtl, meta, familyId);
  return sessionFor(s, userId, refresh);
}

async function sessionFor(
  s: AuthSettings,
  userId: string,
  refresh: { token: string; familyId: string; expiresAt: Date },
): Promise<Session> {
  const csrfToken = randomToken(24);
  const accessToken = await signAccessToken(
    s.jwtKey,
    { sub: userId, sid: refresh.familyId, csrf: csrfToken },
    s.accessTtl,
  );
  return {
    userId,
    accessToken,
    refreshToken: refresh.token,
    csrfToken,
    accessExpiresAt: new Date(Date.now() + s.accessTtl * 1000),
    refreshExpiresAt: refresh.expiresAt,
  };
}

/** One answer for an unknown user, a wrong password and a disabled account: no username probing. */
export async function login(
  db: Db,
  s: AuthSettings,
  username: string,
  password: string,
  meta: ClientMeta,
): Promise<Session> {
  const [user] = await db
    .select({
      id: users.id,
      username: users.username,
      passwordHash: users.passwordHash,
      active: users.active,
    })
    .from(users)
    .where(eq(sql`lower(${users.username})`, username.toLowerCase()));
  let ok = false;
  if (user) ok = await verifyPassword(user.passwordHash, password);
  else await burnPasswordCheck(password);
  if (!user || !ok || !user.active) {
    await recordAudit(db, anonymous(meta, username.slice(0, 64)), {
      action: 'auth.login_failed',
      targetType: 'user',
      targetId: user?.id ?? null,
      targetName: username.slice(0, 64),
    });
    throw unauthorized('invalid username or password');
  }
  await db.update(users).set({ lastLoginAt: new Date() }).where(eq(users.id, user.id));
  const session = await startSession(db, s, user.id, meta, randomUUID());
  await recordAudit(
    db,
    { ...anonymous(meta, user.username), userId: user.id, via: 'session' },
    {
      action: 'auth.login',
      targetType: 'user',
      targetId: user.id,
      targetName: user.username,
    },
  );
  return session;
}

export async function refresh(db: Db, s: AuthSettings, token: string, meta: ClientMeta): Promise<Session> {
  const result = await db.transaction((tx) => rotateRefreshToken(tx, token, s.refreshTtl, meta));
  if (!result.ok) throw unauthorized(`refresh token ${result.reason}; log in again`);
  const [user] = await db.select({ active: users.active }).from(users).where(eq(users.id, result.userId));
  if (!user?.active) throw unauthorized('account disabled');
  return sessionFor(s, result.userId, result.next);
}

export async function logout(db: Db, token: string | undefined): Promise<void> {
  if (!token) return;
  const family = await familyOf(db, token);
  if (family) await revokeFamily(db, family);
}

export async function changeOwnPassword(db: Db, actor: Actor, current: string, next: string): Promise<void> {
  // A key is a narrower, longer-lived credential than a login; it must not take over the account.
  if (actor.via === 'api_key') throw forbidden('an API key cannot change a password; log in to change it');
  const [user] = await db
    .select({ passwordHash: users.passwordHash })
    .from(users)
    .where(eq(users.id, actor.userId));
  if (!user || !(await verifyPassword(user.passwordHash, current))) {
    throw badRequest('current password is wrong', [{ field: 'currentPassword', message: 'is wrong' }]);
  }
  const passwordHash = await hashPassword(next);
  await db.transaction(async (tx) => {
    await tx.update(users).set({ passwordHash, updatedAt: new Date() }).where(eq(users.id, actor.userId));
    await revokeUserSessions(tx, actor.userId);
    await recordAudit(tx, actor, {
      action: 'user.password_change',
      targetType: 'user',
      targetId: actor.userId,
      targetName: actor.username,
    });
  });
}
