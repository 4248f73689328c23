import type { FastifyRequest } from 'fastify';
import { forbidden } from '../errors.ts';
import type { Actor } from '../tenancy.ts';

/** The host:port of an Origin header; a malformed one matches no host. */
function hostOf(origin: string): string | undefined {
  try {
    return new URL(origin).host;
  } catch {
    return undefined;
  }
}

/**
 * A page of another site may open a WebSocket with this site's cookies (browsers do not apply
 * CORS to WebSockets); only our own pages may. Bearer tokens and API keys are not sent by a
 * browser on its own, so they need no such check.
 */
export function refuseCrossOrigin(req: FastifyRequest, actor: Actor): void {
  const origin = req.headers.origin;
  if (actor.via === 'session' && origin && hostOf(origin) !== req.headers.host)
    throw forbidden('cross-origin WebSocket refused');
}
