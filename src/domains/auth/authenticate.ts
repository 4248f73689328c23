import { and, eq, sql } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import type { Db } from '../../platform/db/client.ts';
import { AppError } from '../../platform/errors.ts';
import type { Authenticator } from '../../platform/http/server.ts';
import { type Actor, lowerRole } from '../../platform/tenancy.ts';
import { userCustomers, users } from '../users/table.ts';
import { findApiKey, touchApiKey } from './api-keys.ts';
import { CSRF_HEADER, SESSION_COOKIE } from './cookies.ts';
import { verifyAccessToken } from './jwt.ts';
import { familyRevoked } from './sessions.ts';
import { sameSecret } from './tokens.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

type ActorRow = {
  id: string;
  username: string;
  role: Actor['role'];
  allCustomers: boolean;
  customerIds: string[];
};

async function loadActiveUser(db: Db, userId: string, sessionFamily?: string): Promise<ActorRow | undefined> {
  const revoked = sessionFamily ? familyRevoked(sessionFamily) : sql`false`;
  const [row] = await db
    .select({
      id: users.id,
      username: users.username,
      role: users.role,
      allCustomers: users.allCustomers,
      customerIds: sql<
        string[]
      >`coalesce((select array_agg(uc.customer_id::text) from ${userCustomers} uc where uc.user_id = ${users.id}), '{}')`,
    })
    .from(users)
    .where(and(eq(users.id, userId), eq(users.active, true), sql`not ${revoked}`));
  return row;
}

function meta(req: FastifyRequest) {
  return { ip: req.ip, userAgent: req.headers['user-agent'] };
}

/**
 * Resolves who is calling: `Authorization: Bearer <jwt | api key>` for API clients, or the
 * session cookie for the browser, which must also echo its CSRF token on unsafe methods.
 */
export function createAuthenticator(db: Db, jwtKey: Uint8Array): Authenticator {
  return async (req) => {
    const header = req.headers.authorization;
    if (header) {
      const match = /^Bearer\s+(\S+)$/i.exec(header);
      if (!match) return null;
      const token = match[1]!;
      if (token.startsWith('wnk_')) return apiKeyActor(db, token, req);
      const claims = await verifyAccessToken(jwtKey, token);
      if (!claims) return null;
      const user = await loadActiveUser(db, claims.sub, claims.sid);
      return user ? { ...toActor(user, 'bearer'), ...meta(req) } : null;
    }
    const cookie = req.cookies[SESSION_COOKIE];
    if (!cookie) return null;
    const claims = await verifyAccessToken(jwtKey, cookie);
    if (!claims) return null;
    if (!SAFE_METHODS.has(req.method)) {
      const sent = req.headers[CSRF_HEADER];
      if (typeof sent !== 'string' || !sameSecret(sent, claims.csrf)) {
        throw new AppError(403, 'csrf_failed', `missing or wrong ${CSRF_HEADER} header`);
      }
    }
    const user = await loadActiveUser(db, claims.sub, claims.sid);
    return user ? { ...toActor(user, 'session'), ...meta(req) } : null;
  };
}

function toActor(user: ActorRow, via: Actor['via']): Actor {
  return {
    userId: user.id,
    username: user.username,
    role: user.role,
    allCustomers: user.allCustomers,
    customerIds: user.customerIds,
    via,
  };
}

/** An API key acts as its owner, narrowed to the key's role and customers when it names them. */
async function apiKeyActor(db: Db, token: string, req: FastifyRequest): Promise<Actor | null> {
  const key = await findApiKey(db, token);
  if (!key) return null;
  const user = await loadActiveUser(db, key.userId);
  if (!user) return null;
  touchApiKey(db, key);
  const actor = toActor(user, 'api_key');
  if (key.role) actor.role = lowerRole(user.role, key.role);
  if (key.customerIds) {
    actor.customerIds = key.customerIds.filter((id) => user.allCustomers || user.customerIds.includes(id));
    actor.allCustomers = false;
  }
  actor.apiKey = {
    id: key.id,
    ownerRole: user.role,
    role: key.role,
    customerIds: key.customerIds,
    expiresAt: key.expiresAt,
  };
  return { ...actor, ...meta(req) };
}

/** The actor a user is now (role, customers), for work done on their behalf later, such as schedules. */
export async function actorForUser(db: Db, userId: string): Promise<Actor | undefined> {
  const user = await loadActiveUser(db, userId);
  return user ? toActor(user, 'system') : undefined;
}
