import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';

/**
 * The SPA from web/dist: hashed assets cached for a year, index.html never, and every other
 * GET that is not /api or /ws answered with index.html so client-side routes survive a reload.
 * Without a build, / sends the visitor to the API docs and says how to build the UI.
 */
export async function registerWebUi(http: FastifyInstance, distDir: string): Promise<void> {
  const indexFile = path.join(distDir, 'index.html');
  if (!fs.existsSync(indexFile)) {
    http.get('/', { config: { public: true }, schema: { hide: true } }, async (_req, reply) =>
      reply.redirect('/api/docs'),
    );
    return;
  }
  const index = fs.readFileSync(indexFile);
  const csp = contentSecurityPolicy(index.toString('utf8'));
  const sendIndex = (reply: FastifyReply) =>
    reply
      .type('text/html; charset=utf-8')
      .header('cache-control', 'no-cache')
      .header('content-security-policy', csp)
      .header('x-content-type-options', 'nosniff')
      .header('referrer-policy', 'same-origin')
      .send(index);

  await http.register(fastifyStatic, {
    root: distDir,
    prefix: '/',
    // One route per built file, found at start: no filesystem lookup for /api misses.
    wildcard: false,
    index: false,
    serveDotFiles: false,
    setHeaders(res, file) {
      res.header(
        'cache-control',
        file.includes(`${path.sep}assets${path.sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache',
      );
      res.header('x-content-type-options', 'nosniff');
    },
  });
  http.get('/', { config: { public: true }, schema: { hide: true } }, async (_req, reply) =>
    sendIndex(reply),
  );
  http.addHook('onRequest', async (req, reply) => {
    // Client-side routes (/devices/…, /jobs/…) are the SPA's; the router is not told each one.
    if (req.method !== 'GET' || !isSpaPath(req.url)) return;
    if (req.routeOptions.url) return;
    return sendIndex(reply);
  });
}

function isSpaPath(url: string): boolean {
  return !/^\/(api|ws|assets)(\/|$)/.test(url) && !/^\/(healthz|readyz)$/.test(url.split('?')[0] ?? '');
}

/**
 * Scripts from webnet itself only, plus index.html's own inline script (the theme, set before the
 * first paint) by its hash, and WebAssembly compiled by them (the recording player's terminal
 * emulator is WebAssembly; 'wasm-unsafe-eval' allows that and no JavaScript eval). Inline styles
 * are the charts' and the diff viewer's.
 */
function contentSecurityPolicy(html: string): string {
  const inline = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map(
    (m) =>
      `'sha256-${createHash('sha256')
        .update(m[1] ?? '')
        .digest('base64')}'`,
  );
  return [
    "default-src 'self'",
    `script-src 'self' 'wasm-unsafe-eval' ${inline.join(' ')}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "connect-src 'self'",
    "frame-ancestors 'none'",
    "base-uri 'self'",
    "form-action 'self'",
  ].join('; ');
}
