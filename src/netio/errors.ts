/**
 * Why a device operation failed, in the categories a job needs to decide on a retry:
 * a timeout, a refused or reset connection may succeed later; bad credentials, a changed host
 * key, a command the device rejects or output we cannot parse will not.
 */
export const FAILURE_CATEGORIES = [
  'auth',
  'timeout',
  'refused',
  'reset',
  'host_key_changed',
  'command_error',
  'parse_error',
  'unsupported',
  'aborted',
  // The device is no longer as the work was prepared for (its config changed since a preview).
  'stale',
  // A change reached the device and was undone: a check failed, management was lost, a line was rejected.
  'reverted',
] as const;
export type FailureCategory = (typeof FAILURE_CATEGORIES)[number];

const RETRIABLE = new Set<FailureCategory>(['timeout', 'refused', 'reset']);

export class NetioError extends Error {
  readonly category: FailureCategory;
  /** Device output that explains the failure (for a command error), already cleaned. */
  readonly output: string | undefined;

  constructor(category: FailureCategory, message: string, options?: { cause?: unknown; output?: string }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'NetioError';
    this.category = category;
    this.output = options?.output;
  }

  get retriable(): boolean {
    return RETRIABLE.has(this.category);
  }
}

/** Maps a socket or ssh2 error to a category; anything unknown counts as a reset (retriable). */
export function classifyError(err: unknown): NetioError {
  if (err instanceof NetioError) return err;
  const e = err as { code?: string; level?: string; message?: string };
  const message = e?.message ?? String(err);
  if (e?.level === 'client-authentication' || /authentication methods failed/i.test(message))
    return new NetioError('auth', 'authentication failed', { cause: err });
  if (/Handshake failed|no matching/i.test(message))
    return new NetioError('unsupported', `${message} (an old device may need legacy algorithms allowed)`, {
      cause: err,
    });
  if (e?.code === 'ECONNREFUSED') return new NetioError('refused', 'connection refused', { cause: err });
  if (e?.code === 'ETIMEDOUT' || /timed out/i.test(message))
    return new NetioError('timeout', message, { cause: err });
  if (e?.code === 'ABORT_ERR' || (err as Error)?.name === 'AbortError')
    return new NetioError('aborted', 'aborted', { cause: err });
  if (e?.code === 'EHOSTUNREACH' || e?.code === 'ENETUNREACH')
    return new NetioError('timeout', `unreachable (${e.code})`, { cause: err });
  return new NetioError('reset', message, { cause: err });
}
