import { OutboundRefused, outboundFetch } from '../../platform/http/outbound.ts';
import type { NetboxFilters } from './table.ts';

/** What a sync reads of a NetBox device (NetBox 3.6+ and 4.x; `device_role` before 3.6). */
export type NetboxDevice = {
  id: number;
  name: string | null;
  role?: { slug: string } | null;
  device_role?: { slug: string } | null;
  platform: { slug: string } | null;
  site: { slug: string } | null;
  tenant?: { slug: string } | null;
  status?: { value: string | boolean } | null;
  device_type?: { manufacturer?: { slug: string } | null } | null;
  primary_ip?: { address: string } | null;
  primary_ip4?: { address: string } | null;
  primary_ip6?: { address: string } | null;
  tags?: { slug: string }[];
  custom_fields?: Record<string, unknown>;
};

export class NetboxError extends Error {
  readonly status: number | null;
  /** webnet itself refused the address (trying again cannot help). */
  readonly refused: boolean;
  constructor(message: string, status: number | null, refused = false) {
    super(message);
    this.status = status;
    this.refused = refused;
  }
}

const PAGE = 500;
const TIMEOUT_MS = 30_000;
/** NetBox behind a proxy that restarts answers 502/503 for a moment: a page is asked again. */
const RETRIES = 3;

/** The first URL of the device list, with the filters as NetBox takes them (repeated keys). */
export function devicesUrl(base: string, filters: NetboxFilters, limit = PAGE): string {
  const url = new URL('api/dcim/devices/', base.endsWith('/') ? base : `${base}/`);
  url.searchParams.set('limit', String(limit));
  url.searchParams.set('offset', '0');
  for (const key of ['site', 'role', 'tag', 'status', 'tenant'] as const)
    for (const v of filters[key] ?? []) url.searchParams.append(key, v);
  return url.toString();
}

/** NetBox's error body (`{"detail": …}` or `{"site": ["…"]}`), in one line. */
function reason(body: unknown): string {
  if (body && typeof body === 'object') {
    if ('detail' in body) return String((body as { detail: unknown }).detail);
    return Object.entries(body)
      .map(([k, v]) => `${k}: ${Array.isArray(v) ? v.join(' ') : String(v)}`)
      .join('; ');
  }
  return '';
}

async function getPage(url: string, token: string, signal: AbortSignal | undefined) {
  for (let attempt = 1; ; attempt++) {
    let res: Awaited<ReturnType<typeof outboundFetch>>;
    try {
      res = await outboundFetch(url, {
        headers: { authorization: `Token ${token}`, accept: 'application/json' },
        signal: signal
          ? AbortSignal.any([signal, AbortSignal.timeout(TIMEOUT_MS)])
          : AbortSignal.timeout(TIMEOUT_MS),
        redirect: 'error',
      });
    } catch (err) {
      const e = err as Error & { cause?: Error & { code?: string } };
      if (signal?.aborted) throw e;
      const refused = [e, e.cause].find((x) => x instanceof OutboundRefused);
      if (refused) throw new NetboxError(refused.message, null, true);
      if (attempt < RETRIES) continue;
      throw new NetboxError(`NetBox did not answer: ${e.cause?.code ?? e.message}`, null);
    }
    const body: unknown = await res.json().catch(() => null);
    if (res.ok) return body as { count: number; next: string | null; results: NetboxDevice[] };
    if ((res.status >= 500 || res.status === 429) && attempt < RETRIES) {
      await new Promise((r) => setTimeout(r, 250 * 2 ** attempt));
      continue;
    }
    const why = reason(body);
    if (res.status === 401 || res.status === 403)
      throw new NetboxError(`NetBox refused the token (${res.status}${why ? `: ${why}` : ''})`, res.status);
    throw new NetboxError(`NetBox answered ${res.status}${why ? `: ${why}` : ''}`, res.status);
  }
}

/**
 * Every device NetBox lists under the filters, page by page through `next`. A `next` that leaves
 * the NetBox it started at is refused: the token is never sent to another host.
 */
export async function fetchNetboxDevices(
  base: string,
  token: string,
  filters: NetboxFilters,
  signal?: AbortSignal,
): Promise<NetboxDevice[]> {
  const origin = new URL(base).origin;
  const out: NetboxDevice[] = [];
  let url: string | null = devicesUrl(base, filters);
  while (url) {
    const next: URL = new URL(url);
    // NetBox behind a proxy that ends TLS writes its links as http://: same host, our scheme.
    if (next.host === new URL(origin).host) url = `${origin}${next.pathname}${next.search}`;
    else throw new NetboxError(`NetBox's next page points elsewhere (${next.origin}); not followed`, null);
    const page = await getPage(url, token, signal);
    if (!Array.isArray(page?.results)) throw new NetboxError('NetBox answered without a device list', null);
    out.push(...page.results);
    url = page.next;
  }
  return out;
}
