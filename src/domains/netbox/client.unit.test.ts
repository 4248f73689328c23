import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { devicesUrl, fetchNetboxDevices } from './client.ts';
import { platformOf } from './mapping.ts';

let server: http.Server;
let base = '';
/** The `next` link the server answers its first page with. */
let next: (port: number) => string | null = () => null;
const seen: string[] = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    seen.push(`${req.headers.host}${req.url}`);
    const port = (server.address() as AddressInfo).port;
    const first = !req.url?.includes('offset=1');
    res.writeHead(200, { 'content-type': 'application/json' }).end(
      JSON.stringify({
        count: 2,
        next: first ? next(port) : null,
        previous: null,
        results: [{ id: first ? 1 : 2, name: `d${first ? 1 : 2}`, platform: null, site: null }],
      }),
    );
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe('the NetBox client', () => {
  it('asks with NetBox’s own filter keys, repeated for several values', () => {
    expect(devicesUrl('https://nb.example.net/', { site: ['a', 'b'], status: ['active'] }, 100)).toBe(
      'https://nb.example.net/api/dcim/devices/?limit=100&offset=0&site=a&site=b&status=active',
    );
    // A NetBox under a path prefix keeps it.
    expect(devicesUrl('https://example.net/netbox', {})).toMatch(
      /^https:\/\/example\.net\/netbox\/api\/dcim\/devices\//,
    );
  });

  it('follows next on the same host, also when a proxy wrote it with another scheme', async () => {
    next = (port) => `https://127.0.0.1:${port}/api/dcim/devices/?limit=1&offset=1`;
    seen.length = 0;
    const devices = await fetchNetboxDevices(base, 'tok', {});
    expect(devices.map((d) => d.name)).toEqual(['d1', 'd2']);
    expect(seen).toHaveLength(2);
  });

  it('never sends the token to another host a next link names', async () => {
    next = () => 'http://203.0.113.9/api/dcim/devices/?limit=1&offset=1';
    await expect(fetchNetboxDevices(base, 'tok', {})).rejects.toThrow(
      "NetBox's next page points elsewhere (http://203.0.113.9); not followed",
    );
  });

  it('maps platform slugs to webnet platforms, the customer’s map first, unknown ones to none', () => {
    expect(platformOf('cisco-ios', {})).toBe('cisco_ios');
    expect(platformOf('ios-xe', {})).toBe('cisco_ios');
    expect(platformOf('catalyst', { catalyst: 'cisco_ios' })).toBe('cisco_ios');
    expect(platformOf('opengear', {})).toBe('');
    expect(platformOf('ios-xe', { 'ios-xe': 'not_a_platform' })).toBe('');
  });
});
