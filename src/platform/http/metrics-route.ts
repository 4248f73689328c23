import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { metrics } from '../metrics.ts';

/** The token as given, compared in constant time. */
function tokenMatches(header: string | undefined, token: string): boolean {
  const given = Buffer.from(header?.replace(/^Bearer\s+/i, '') ?? '');
  const want = Buffer.from(token);
  return given.length === want.length && timingSafeEqual(given, want);
}

/**
 * GET /metrics in Prometheus's text format. Open by default, as Prometheus expects to scrape;
 * with WEBNET_METRICS_TOKEN set it wants that bearer token. It holds counts and timings by kind,
 * nothing of any customer's.
 */
export function metricsRoute(app: FastifyInstance, token: string | undefined): void {
  app.get('/metrics', { config: { public: true }, schema: { hide: true } }, async (req, reply) => {
    if (token && !tokenMatches(req.headers.authorization, token))
      return reply
        .code(401)
        .header('www-authenticate', 'Bearer')
        .send({
          error: { code: 'unauthorized', message: 'the metrics need the bearer token WEBNET_METRICS_TOKEN' },
        });
    reply.header('content-type', metrics.contentType);
    return reply.send(await metrics.metrics());
  });
}
