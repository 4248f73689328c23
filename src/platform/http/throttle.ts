import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../errors.ts';

export type ThrottleOptions = {
  /** Attempts allowed per window and key. */
  max: number;
  windowMs: number;
  /** What is counted together: an address, an address and a username, a user. */
  key: (req: FastifyRequest) => string;
};

/**
 * Fixed-window attempt counters, in memory (per process, like the sessions they protect from
 * guessing). Written here rather than taken from @fastify/rate-limit because that plugin runs
 * only one limit per request, and a login needs two: per address and username (a brute force on
 * one account) and per address alone (a spray over many usernames).
 */
export function throttle(opts: ThrottleOptions) {
  const windows = new Map<string, { count: number; resetAt: number }>();
  let nextSweep = Date.now() + opts.windowMs;

  function sweep(now: number) {
    if (now < nextSweep) return;
    for (const [k, w] of windows) if (w.resetAt <= now) windows.delete(k);
    nextSweep = now + opts.windowMs;
  }

  /** A preHandler: counts the attempt and answers 429 with Retry-After once the window is full. */
  return async function check(req: FastifyRequest, reply: FastifyReply): Promise<void> {
    const now = Date.now();
    sweep(now);
    const key = opts.key(req);
    let w = windows.get(key);
    if (!w || w.resetAt <= now) {
      w = { count: 0, resetAt: now + opts.windowMs };
      windows.set(key, w);
    }
    w.count++;
    if (w.count > opts.max) {
      const seconds = Math.max(1, Math.ceil((w.resetAt - now) / 1000));
      reply.header('retry-after', String(seconds));
      throw new AppError(429, 'rate_limited', `too many attempts; try again in ${seconds} s`);
    }
  };
}
