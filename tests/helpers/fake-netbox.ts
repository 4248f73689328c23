import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fixturesDir } from './fixtures.ts';

/** A device as NetBox 4's REST API serves it (the fields the sync reads, and the rest as they come). */
export type NetboxDevice = {
  id: number;
  name: string | null;
  role: { id: number; slug: string; name: string } | null;
  platform: { id: number; slug: string; name: string } | null;
  site: { id: number; slug: string; name: string };
  tenant: { id: number; slug: string; name: string } | null;
  status: { value: string; label: string };
  primary_ip: { id: number; family: number; address: string } | null;
  primary_ip4: { id: number; family: number; address: string } | null;
  primary_ip6: { id: number; family: number; address: string } | null;
  tags: { id: number; name: string; slug: string; color: string }[];
  custom_fields: Record<string, unknown>;
  [field: string]: unknown;
};

/**
 * pynetbox's recorded `GET /api/dcim/devices/` body in current NetBox's names: its status was a
 * boolean then and is `{value, label}` now; tags are objects. The rest is as NetBox sent it.
 */
export function recordedDevices(): NetboxDevice[] {
  const body = JSON.parse(fs.readFileSync(path.join(fixturesDir('pynetbox'), 'devices.json'), 'utf8'));
  return body.results.map((d: Record<string, unknown>) => ({
    ...d,
    status: { value: 'active', label: 'Active' },
    tags: [],
    tenant: d.tenant ?? null,
  }));
}

const LABELS: Record<string, string> = { active: 'Active', offline: 'Offline', planned: 'Planned' };
export const statusOf = (value: string) => ({ value, label: LABELS[value] ?? value });

/**
 * A NetBox that answers as the real one does, for the parts a sync uses: `Authorization: Token`
 * (403 `{"detail": "Invalid token"}` otherwise), `limit`/`offset` paging with absolute `next` and
 * `previous` links, the `site`, `role`, `tag`, `status` and `tenant` filters (repeated keys OR;
 * an unknown site is a 400 naming it, as NetBox's filter forms answer), and 5xx when told to fail.
 */
export async function startFakeNetbox(
  token: string,
  devices: NetboxDevice[] = recordedDevices(),
  /** NetBox's MAX_PAGE_SIZE: a larger `limit` is cut to it (1000 unless an admin set another). */
  maxPageSize = 1000,
) {
  const requests: { url: string; authorization: string | undefined }[] = [];
  let failures: number[] = [];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', `http://${req.headers.host}`);
    requests.push({ url: req.url ?? '', authorization: req.headers.authorization });
    const send = (status: number, body: unknown) =>
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    const failure = failures.shift();
    if (failure) return send(failure, { detail: 'Server Error' });
    if (!req.headers.authorization)
      return send(403, { detail: 'Authentication credentials were not provided.' });
    if (req.headers.authorization !== `Token ${token}`) return send(403, { detail: 'Invalid token' });
    if (url.pathname !== '/api/dcim/devices/') return send(404, { detail: 'Not found.' });
    const q = url.searchParams;
    const sites = new Set(devices.map((d) => d.site.slug));
    for (const s of q.getAll('site'))
      if (!sites.has(s))
        return send(400, { site: [`Select a valid choice. ${s} is not one of the available choices.`] });
    const any = (key: string, value: (d: NetboxDevice) => string[]) => {
      const wanted = q.getAll(key);
      return (d: NetboxDevice) => wanted.length === 0 || value(d).some((v) => wanted.includes(v));
    };
    const matching = devices
      .filter(any('site', (d) => [d.site.slug]))
      .filter(any('role', (d) => (d.role ? [d.role.slug] : [])))
      .filter(any('status', (d) => [d.status.value]))
      .filter(any('tenant', (d) => (d.tenant ? [d.tenant.slug] : [])))
      // NetBox's tag filter is AND across repeated tags.
      .filter((d) => q.getAll('tag').every((t) => d.tags.some((x) => x.slug === t)))
      .sort((a, b) => a.id - b.id);
    const limit = Math.min(Number(q.get('limit') ?? 50) || 50, maxPageSize);
    const offset = Number(q.get('offset') ?? 0) || 0;
    const link = (at: number) => {
      const u = new URL(url);
      u.searchParams.set('limit', String(limit));
      u.searchParams.set('offset', String(at));
      return u.toString();
    };
    send(200, {
      count: matching.length,
      next: offset + limit < matching.length ? link(offset + limit) : null,
      previous: offset > 0 ? link(Math.max(0, offset - limit)) : null,
      results: matching.slice(offset, offset + limit),
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    devices,
    requests,
    /** The next requests answer these statuses (a 502, a 503) before NetBox recovers. */
    failNext(...statuses: number[]) {
      failures = statuses;
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
