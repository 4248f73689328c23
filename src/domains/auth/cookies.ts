import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../platform/errors.ts';
import type { Session } from './service.ts';
import { sameSecret } from './tokens.ts';

/**
 * The browser's session lives in three cookies: the access token and the refresh token,
 * httpOnly, and the CSRF token, readable by the page, which echoes it in a header on every
 * unsafe request. All SameSite=Strict; Secure over HTTPS (or as configured).
 */
export const SESSION_COOKIE = 'webnet_session';
export const REFRESH_COOKIE = 'webnet_refresh';
export const CSRF_COOKIE = 'webnet_csrf';
export const CSRF_HEADER = 'x-csrf-token';

/** The refresh cookie goes only to the routes that spend it. */
const REFRESH_PATH = '/api/v1/auth';

export type SecureCookies = 'true' | 'false' | 'auto';

export function setSessionCookies(
  req: FastifyRequest,
  reply: FastifyReply,
  s: Session,
  secureCookies: SecureCookies,
) {
  const secure = secureCookies === 'true' || (secureCookies === 'auto' && req.protocol === 'https');
  const base = { secure, sameSite: 'strict' as const };
  reply.setCookie(SESSION_COOKIE, s.accessToken, {
    ...base,
    httpOnly: true,
    path: '/',
    expires: s.accessExpiresAt,
  });
  reply.setCookie(REFRESH_COOKIE, s.refreshToken, {
    ...base,
    httpOnly: true,
    path: REFRESH_PATH,
    expires: s.refreshExpiresAt,
  });
  // Readable by the page on purpose: the SPA echoes it in the x-csrf-token header.
  reply.setCookie(CSRF_COOKIE, s.csrfToken, {
    ...base,
    httpOnly: false,
    path: '/',
    expires: s.refreshExpiresAt,
  });
}

export function clearSessionCookies(reply: FastifyReply) {
  reply.clearCookie(SESSION_COOKIE, { path: '/' });
  reply.clearCookie(REFRESH_COOKIE, { path: REFRESH_PATH });
  reply.clearCookie(CSRF_COOKIE, { path: '/' });
}

/**
 * Refresh and logout act on the refresh cookie with no access token to carry the CSRF token, so
 * they check the double-submitted cookie: another site's page can make the browser send the
 * cookies but can neither read nor echo them.
 */
export function checkCookieCsrf(req: FastifyRequest): void {
  if (!req.cookies[REFRESH_COOKIE] && !req.cookies[SESSION_COOKIE]) return;
  const sent = req.headers[CSRF_HEADER];
  const expected = req.cookies[CSRF_COOKIE];
  if (typeof sent !== 'string' || !expected || !sameSecret(sent, expected)) {
    throw new AppError(403, 'csrf_failed', `missing or wrong ${CSRF_HEADER} header`);
  }
}
