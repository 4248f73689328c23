import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerWebUi } from './web-ui.ts';

const THEME_SCRIPT = "document.documentElement.classList.add('dark');";
let dist: string;
let app: FastifyInstance;

async function server(dir: string): Promise<FastifyInstance> {
  const f = Fastify();
  f.get('/api/v1/ping', async () => ({ pong: true }));
  f.setNotFoundHandler((req, reply) =>
    reply.code(404).send({ error: { code: 'not_found', message: req.url } }),
  );
  await registerWebUi(f, dir);
  await f.ready();
  return f;
}

beforeAll(async () => {
  dist = fs.mkdtempSync(path.join(os.tmpdir(), 'webnet-dist-'));
  fs.mkdirSync(path.join(dist, 'assets'));
  fs.writeFileSync(
    path.join(dist, 'index.html'),
    `<!doctype html><html><head><script>${THEME_SCRIPT}</script><script type="module" src="/assets/app-1a2b.js"></script></head><body><div id="root"></div></body></html>`,
  );
  fs.writeFileSync(path.join(dist, 'assets', 'app-1a2b.js'), 'console.log("app")');
  app = await server(dist);
});
afterAll(async () => {
  await app?.close();
  fs.rmSync(dist, { recursive: true, force: true });
});

describe('the web UI as webnet serves it', () => {
  it('serves index.html at / uncached, with a CSP that allows only its own inline script by hash', async () => {
    const res = await app.inject({ method: 'GET', url: '/' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/html');
    expect(res.headers['cache-control']).toBe('no-cache');
    const hash = createHash('sha256').update(THEME_SCRIPT).digest('base64');
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain(`script-src 'self' 'wasm-unsafe-eval' 'sha256-${hash}'`);
    expect(csp).toContain("frame-ancestors 'none'");
    // WebAssembly may compile (the recording player); JavaScript eval may not.
    expect(csp).not.toContain("'unsafe-eval'");
  });

  it('answers a client-side route such as /devices/42 with the app, so a reload keeps the page', async () => {
    const res = await app.inject({ method: 'GET', url: '/devices/42?tab=configs' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<div id="root">');
  });

  it('caches hashed assets for good, and a missing asset is a 404, not the app', async () => {
    const hit = await app.inject({ method: 'GET', url: '/assets/app-1a2b.js' });
    expect(hit.statusCode).toBe(200);
    expect(hit.headers['cache-control']).toContain('immutable');
    const miss = await app.inject({ method: 'GET', url: '/assets/gone-0000.js' });
    expect(miss.statusCode).toBe(404);
  });

  it('leaves /api to the API: unknown API paths and non-GET requests get JSON 404s', async () => {
    expect((await app.inject({ method: 'GET', url: '/api/v1/ping' })).json()).toEqual({ pong: true });
    const api = await app.inject({ method: 'GET', url: '/api/v1/nothing' });
    expect(api.statusCode).toBe(404);
    expect(api.json().error.code).toBe('not_found');
    const post = await app.inject({ method: 'POST', url: '/devices' });
    expect(post.statusCode).toBe(404);
    expect(post.headers['content-type']).toContain('application/json');
  });

  it('without a build, sends / to the API docs', async () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'webnet-nodist-'));
    const bare = await server(empty);
    const res = await bare.inject({ method: 'GET', url: '/' });
    expect(res.statusCode).toBe(302);
    expect(res.headers.location).toBe('/api/docs');
    await bare.close();
    fs.rmSync(empty, { recursive: true, force: true });
  });
});
