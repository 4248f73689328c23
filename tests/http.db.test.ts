/**
 * What only a real socket shows: answers Node's HTTP parser gives before a route exists (headers
 * too large, a request that never completes) keep the one error shape, and the headers that keep
 * API answers out of caches and the docs page out of frames.
 */
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, testApp } from './helpers/app.ts';

let t: TestApp;
let port: number;

beforeAll(async () => {
  t = await testApp({ WEBNET_REQUEST_TIMEOUT: '2' }, { worker: false });
  await t.http.listen({ port: 0, host: '127.0.0.1' });
  port = (t.http.server.address() as net.AddressInfo).port;
});
afterAll(() => t.stop());

/** Writes raw bytes and reads until the server closes the connection (or `waitMs` passes). */
function raw(chunks: string[], waitMs = 10_000): Promise<{ text: string; ms: number }> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const socket = net.connect(port, '127.0.0.1');
    let text = '';
    const timer = setTimeout(() => {
      socket.destroy();
      resolve({ text, ms: Date.now() - started });
    }, waitMs);
    socket.on('data', (d) => {
      text += d;
    });
    socket.on('close', () => {
      clearTimeout(timer);
      resolve({ text, ms: Date.now() - started });
    });
    socket.on('error', reject);
    for (const c of chunks) socket.write(c);
  });
}

const bodyOf = (text: string) => JSON.parse(text.slice(text.indexOf('\r\n\r\n') + 4));

describe('errors before a route', () => {
  it('an over-long URL answers 431 in the error shape', async () => {
    const res = await fetch(`http://127.0.0.1:${port}/api/v1/devices?q=${'x'.repeat(20_000)}`);
    expect(res.status).toBe(431);
    const body = (await res.json()) as { error: { code: string; message: unknown } };
    expect(body.error).toMatchObject({ code: 'headers_too_large' });
    expect(typeof body.error.message).toBe('string');
  });

  it('an over-long header answers 431 in the error shape', async () => {
    const { text } = await raw([
      `GET /api/v1/ping HTTP/1.1\r\nHost: x\r\nX-Big: ${'y'.repeat(20_000)}\r\n\r\n`,
    ]);
    expect(text).toMatch(/^HTTP\/1\.1 431 /);
    expect(bodyOf(text).error.code).toBe('headers_too_large');
  });

  it('a body that never completes is dropped after the request timeout, with a 408', async () => {
    const { text, ms } = await raw([
      'POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"user',
    ]);
    expect(text).toMatch(/^HTTP\/1\.1 408 /);
    expect(bodyOf(text).error.code).toBe('request_timeout');
    // 2 s timeout, checked every second.
    expect(ms).toBeLessThan(4500);
  });

  it('a malformed request line answers 400 in the error shape', async () => {
    const { text } = await raw(['GARBAGE\r\n\r\n']);
    expect(text).toMatch(/^HTTP\/1\.1 400 /);
    expect(bodyOf(text).error.code).toBe('bad_request');
  });
});

describe('response headers', () => {
  it('API answers are neither cached nor sniffed, errors included', async () => {
    for (const path of ['/api/v1/ping', '/api/v1/nothing-here', '/api/openapi.json']) {
      const res = await fetch(`http://127.0.0.1:${port}${path}`);
      expect(res.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(res.headers.get('cache-control'), path).toBe('no-store');
    }
  });

  it('the API docs carry a content security policy that forbids framing', async () => {
    const res = await fetch(`http://127.0.0.1:${port}/api/docs/`);
    expect(res.status).toBe(200);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).not.toContain('upgrade-insecure-requests');
  });
});
