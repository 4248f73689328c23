import createClient from 'openapi-fetch';
import type { components, paths } from './schema';

/** A contract the server publishes in its OpenAPI document outside the routes (WebSocket messages). */
export type Schema<N extends keyof components['schemas']> = components['schemas'][N];

/** A failed API call as the server described it: code, message and the fields at fault. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly fields: { field: string; message: string }[];
  constructor(
    status: number,
    code: string,
    message: string,
    fields: { field: string; message: string }[] = [],
  ) {
    super(message);
    this.status = status;
    this.code = code;
    this.fields = fields;
  }
  fieldError(name: string): string | undefined {
    return this.fields.find((f) => f.field === name || f.field.startsWith(`${name}.`))?.message;
  }
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export function cookie(name: string): string | undefined {
  const hit = document.cookie.split('; ').find((c) => c.startsWith(`${name}=`));
  return hit ? decodeURIComponent(hit.slice(name.length + 1)) : undefined;
}

/** Cookie sessions must echo the CSRF cookie on every unsafe request. */
function withCsrf(req: Request): Request {
  if (!UNSAFE.has(req.method)) return req;
  const token = cookie('webnet_csrf');
  if (token) req.headers.set('x-csrf-token', token);
  return req;
}

let refreshing: Promise<boolean> | null = null;
let onSessionLost: () => void = () => {};
export function whenSessionLost(fn: () => void) {
  onSessionLost = fn;
}

const EXPIRY_KEY = 'webnet.accessExpiresAt';

/** Remembers when the access cookie runs out, so it is renewed before a request meets a 401. */
export function rememberSession(session: { accessExpiresAt: string } | null) {
  if (session) localStorage.setItem(EXPIRY_KEY, session.accessExpiresAt);
  else localStorage.removeItem(EXPIRY_KEY);
}

/** Whether this browser holds a session at all (the CSRF cookie lives as long as the refresh token). */
export const hasSession = () => cookie('webnet_csrf') !== undefined;

/** One refresh at a time, however many requests found the session about to expire together. */
function refreshSession(): Promise<boolean> {
  refreshing ??= fetch(
    withCsrf(
      new Request('/api/v1/auth/refresh', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      }),
    ),
  )
    .then(async (r) => {
      rememberSession(r.ok ? ((await r.json()) as { accessExpiresAt: string }) : null);
      return r.ok;
    })
    .catch(() => false)
    .finally(() => {
      refreshing = null;
    });
  return refreshing;
}

function expiresSoon(): boolean {
  const at = localStorage.getItem(EXPIRY_KEY);
  return at !== null && Date.parse(at) - Date.now() < 30_000;
}

/**
 * fetch with CSRF, renewing the short-lived access cookie shortly before it expires (and once more
 * if a request still met an expired one).
 */
export async function apiFetch(input: Request): Promise<Response> {
  const isAuth = input.url.includes('/api/v1/auth/');
  if (!isAuth && expiresSoon() && !(await refreshSession())) {
    onSessionLost();
    return new Response(JSON.stringify({ error: { code: 'unauthorized', message: 'session expired' } }), {
      status: 401,
      headers: { 'content-type': 'application/json' },
    });
  }
  const retry = input.clone();
  const res = await fetch(withCsrf(input));
  if (res.status !== 401 || isAuth) return res;
  if (await refreshSession()) return fetch(withCsrf(retry));
  onSessionLost();
  return res;
}

export const api = createClient<paths>({ baseUrl: '', fetch: apiFetch });

type ErrorBody = {
  error?: { code?: string; message?: string; fields?: { field: string; message: string }[] };
};

export function toApiError(response: Response, error: unknown): ApiError {
  const e = (error as ErrorBody | undefined)?.error;
  return new ApiError(
    response.status,
    e?.code ?? 'http_error',
    e?.message ?? `${response.status} ${response.statusText}`,
    e?.fields ?? [],
  );
}

/** The data of an openapi-fetch answer, or its error thrown as an ApiError (for TanStack Query). */
export async function unwrap<T>(
  call: Promise<{ data?: T; error?: unknown; response: Response }>,
): Promise<T> {
  const { data, error, response } = await call;
  if (!response.ok) throw toApiError(response, error);
  return data as T;
}

/** Text and file bodies openapi-fetch does not model (CSV import, raw config). */
export async function fetchText(url: string, init: RequestInit = {}): Promise<string> {
  const res = await apiFetch(new Request(url, init));
  const text = await res.text();
  if (!res.ok) {
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
    throw toApiError(res, body);
  }
  return text;
}

export async function fetchJson<T>(url: string, init: RequestInit = {}): Promise<T> {
  return JSON.parse(await fetchText(url, init)) as T;
}

export type Schemas = paths;
/** The JSON body of a path's successful GET. */
export type GetResult<P extends keyof paths> = paths[P] extends {
  get: { responses: { 200: { content: { 'application/json': infer R } } } };
}
  ? R
  : never;
/** What a path's POST answers with (200). */
export type PostResult<P extends keyof paths> = paths[P] extends {
  post: { responses: { 200: { content: { 'application/json': infer R } } } };
}
  ? R
  : never;
/** The query string a path's GET takes. */
export type Query<P extends keyof paths> = paths[P] extends { get: { parameters: { query?: infer Q } } }
  ? Q
  : never;
