import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Db } from '../../platform/db/client.ts';
import { errorResponses, idParams, instant, name } from '../../platform/http/schemas.ts';
import { actorOf, type TypedServer } from '../../platform/http/server.ts';
import { throttle } from '../../platform/http/throttle.ts';
import { ROLES } from '../../platform/tenancy.ts';
import { password, userOut } from '../users/schemas.ts';
import { getUser } from '../users/service.ts';
import { createApiKey, listApiKeys, revokeApiKey } from './api-keys.ts';
import {
  checkCookieCsrf,
  clearSessionCookies,
  REFRESH_COOKIE,
  type SecureCookies,
  setSessionCookies,
} from './cookies.ts';
import { apiKeyOut, sessionOut } from './schemas.ts';
import { type AuthSettings, changeOwnPassword, login, logout, refresh, type Session } from './service.ts';

export type AuthRouteOptions = AuthSettings & {
  secureCookies: SecureCookies;
  /** Per minute per client address and username (logins), and per user (password changes). */
  loginRateLimit: number;
  /** Per minute per client address, whatever the username. */
  loginRateLimitPerAddress: number;
};

const MINUTE = 60_000;

const usernameOf = (req: FastifyRequest) =>
  String((req.body as { username?: unknown } | undefined)?.username ?? '').toLowerCase();

export function authRoutes(app: TypedServer, db: Db, opts: AuthRouteOptions) {
  const meta = (req: FastifyRequest) => ({ ip: req.ip, userAgent: req.headers['user-agent'] });
  function answer(req: FastifyRequest, reply: FastifyReply, s: Session, mode: 'cookie' | 'token') {
    const base = {
      userId: s.userId,
      csrfToken: s.csrfToken,
      accessExpiresAt: s.accessExpiresAt,
      refreshExpiresAt: s.refreshExpiresAt,
    };
    if (mode === 'token') return { ...base, accessToken: s.accessToken, refreshToken: s.refreshToken };
    setSessionCookies(req, reply, s, opts.secureCookies);
    return base;
  }

  // Two limits on logins: per address and username stops a brute force on one account, per
  // address alone stops a spray over many usernames. Both count every attempt.
  const loginLimits = [
    throttle({ max: opts.loginRateLimitPerAddress, windowMs: MINUTE, key: (req) => req.ip }),
    throttle({ max: opts.loginRateLimit, windowMs: MINUTE, key: (req) => `${req.ip}|${usernameOf(req)}` }),
  ];
  // A stolen session must not become a way to guess the current password.
  const passwordLimit = throttle({
    max: opts.loginRateLimit,
    windowMs: MINUTE,
    key: (req) => req.actor?.userId ?? req.ip,
  });

  app.post(
    '/api/v1/auth/login',
    {
      config: { public: true },
      preHandler: loginLimits,
      schema: {
        tags: ['auth'],
        summary: 'Log in; session "cookie" (browser) sets httpOnly cookies, "token" returns bearer tokens',
        security: [],
        body: z.strictObject({
          username: z.string().min(1).max(200),
          password: z.string().min(1).max(1024),
          session: z.enum(['cookie', 'token']).default('cookie'),
        }),
        response: { 200: sessionOut, ...errorResponses },
      },
    },
    async (req, reply) => {
      const s = await login(db, opts, req.body.username, req.body.password, meta(req));
      return answer(req, reply, s, req.body.session);
    },
  );

  app.post(
    '/api/v1/auth/refresh',
    {
      config: { public: true },
      schema: {
        tags: ['auth'],
        summary: 'Trade a refresh token (cookie or body) for a new session; the old token is spent',
        security: [],
        body: z.strictObject({ refreshToken: z.string().min(1).max(200).optional() }).default({}),
        response: { 200: sessionOut, ...errorResponses },
      },
    },
    async (req, reply) => {
      const fromBody = req.body.refreshToken;
      if (!fromBody) checkCookieCsrf(req);
      const token = fromBody ?? req.cookies[REFRESH_COOKIE];
      if (!token) {
        clearSessionCookies(reply);
        return reply.code(401).send({ error: { code: 'unauthorized', message: 'no refresh token' } });
      }
      try {
        const s = await refresh(db, opts, token, meta(req));
        return answer(req, reply, s, fromBody ? 'token' : 'cookie');
      } catch (err) {
        if (!fromBody) clearSessionCookies(reply);
        throw err;
      }
    },
  );

  app.post(
    '/api/v1/auth/logout',
    {
      config: { public: true },
      schema: {
        tags: ['auth'],
        summary: 'End the session: its refresh token family is revoked and cookies cleared',
        security: [],
        body: z.strictObject({ refreshToken: z.string().min(1).max(200).optional() }).default({}),
        response: { 204: z.null() },
      },
    },
    async (req, reply) => {
      if (!req.body.refreshToken) checkCookieCsrf(req);
      await logout(db, req.body.refreshToken ?? req.cookies[REFRESH_COOKIE]);
      clearSessionCookies(reply);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/v1/auth/me',
    {
      schema: {
        tags: ['auth'],
        summary: 'The logged-in user, with the role and customers this credential acts with',
        response: {
          200: userOut.extend({
            effectiveRole: z.enum(ROLES),
            via: z.string(),
            effectiveCustomerIds: z.array(z.string()),
          }),
          ...errorResponses,
        },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      const user = await getUser(db, actor, actor.userId);
      return {
        ...user,
        effectiveRole: actor.role,
        via: actor.via,
        effectiveCustomerIds: [...actor.customerIds],
      };
    },
  );

  app.get(
    '/api/v1/ping',
    {
      schema: {
        tags: ['auth'],
        summary: 'Check a credential: answers who you are without touching anything else',
        response: {
          200: z.object({ pong: z.literal(true), userId: z.string(), role: z.enum(ROLES) }),
          ...errorResponses,
        },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      return { pong: true as const, userId: actor.userId, role: actor.role };
    },
  );

  app.post(
    '/api/v1/auth/password',
    {
      preHandler: passwordLimit,
      schema: {
        tags: ['auth'],
        summary: 'Change your own password; every session of yours ends',
        body: z.strictObject({ currentPassword: z.string().min(1).max(1024), newPassword: password }),
        response: { 204: z.null(), ...errorResponses },
      },
    },
    async (req, reply) => {
      await changeOwnPassword(db, actorOf(req), req.body.currentPassword, req.body.newPassword);
      clearSessionCookies(reply);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/v1/api-keys',
    {
      schema: {
        tags: ['auth'],
        summary: 'Your API keys (secrets are never shown again)',
        response: { 200: z.array(apiKeyOut), ...errorResponses },
      },
    },
    async (req) => listApiKeys(db, actorOf(req)),
  );

  app.post(
    '/api/v1/api-keys',
    {
      schema: {
        tags: ['auth'],
        summary: 'Create an API key; the key is in this answer only',
        body: z.strictObject({
          name: name(100),
          role: z.enum(ROLES).optional().describe('a lower role than yours, to narrow the key'),
          customerIds: z.array(z.uuid()).max(1000).optional().describe('a subset of your customers'),
          expiresAt: instant().optional(),
        }),
        response: { 201: apiKeyOut.extend({ key: z.string() }), ...errorResponses },
      },
    },
    async (req, reply) => reply.code(201).send(await createApiKey(db, actorOf(req), req.body)),
  );

  app.delete(
    '/api/v1/api-keys/:id',
    {
      schema: {
        tags: ['auth'],
        summary: 'Revoke one of your API keys',
        params: idParams,
        response: { 204: z.null(), ...errorResponses },
      },
    },
    async (req, reply) => {
      await revokeApiKey(db, actorOf(req), req.params.id);
      return reply.code(204).send(null);
    },
  );
}
