import { AppError } from '../errors.ts';

type PgLikeError = { code?: string; constraint?: string; table?: string; detail?: string; message?: string };

/** Drizzle wraps driver errors; walk the cause chain to the one PostgreSQL raised. */
function findPgError(err: unknown): PgLikeError | undefined {
  let cur: unknown = err;
  for (let depth = 0; cur && depth < 5; depth++) {
    const e = cur as PgLikeError & { cause?: unknown };
    if (typeof e.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code)) return e;
    cur = e.cause;
  }
  return undefined;
}

/**
 * Constraint names follow `<table>_<field>_uq` (see the domain tables), so a unique
 * violation can name the field without a lookup table per domain.
 */
function fieldOf(constraint: string | undefined, table: string | undefined): string | undefined {
  if (!constraint) return undefined;
  let name = constraint.replace(/_(uq|unique|ck|fk|key)$/, '');
  if (table && name.startsWith(`${table}_`)) name = name.slice(table.length + 1);
  return name.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
}

/** Maps database errors a client can cause into 4xx answers; anything else stays a 500. */
export function mapDatabaseError(err: unknown): AppError | undefined {
  const pg = findPgError(err);
  if (!pg) return undefined;
  const field = fieldOf(pg.constraint, pg.table);
  switch (pg.code) {
    case '23505':
      return new AppError(409, 'conflict', `${field ?? 'value'} already exists`, [
        { field: field ?? 'value', message: 'already exists' },
      ]);
    case '23503':
      return new AppError(
        409,
        'conflict',
        'the object is referenced by, or refers to, another that does not allow it',
      );
    case '23514':
      return new AppError(400, 'validation_failed', `${field ?? 'value'} is out of range`, [
        { field: field ?? 'value', message: 'out of range' },
      ]);
    case '22P02':
    case '22003':
    case '22007':
    case '22008':
    case '22001':
    case '22021':
    case '54000':
      return new AppError(400, 'bad_request', 'a value is malformed or too large');
    default:
      return undefined;
  }
}
