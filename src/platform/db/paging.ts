import { type SQL, sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import type { Executor } from './client.ts';

export type PageRequest = { page: number; pageSize: number };
export type Page<T> = { items: T[]; total: number; page: number; pageSize: number };

/** A page of rows and the total matching `where`, fetched side by side. */
export async function paginate<T>(
  exec: Executor,
  table: PgTable,
  where: SQL | undefined,
  req: PageRequest,
  rows: (limit: number, offset: number) => Promise<T[]>,
): Promise<Page<T>> {
  const [items, [count]] = await Promise.all([
    rows(req.pageSize, (req.page - 1) * req.pageSize),
    exec.select({ n: sql<number>`count(*)::int` }).from(table).where(where),
  ]);
  return { items, total: count?.n ?? 0, page: req.page, pageSize: req.pageSize };
}

// The user's own % _ \ are taken literally.
const escapeLike = (text: string) => text.replace(/[%_\\]/g, '\\$&');
/** `%text%` for LIKE/ILIKE. */
export const containsPattern = (text: string) => `%${escapeLike(text)}%`;
/** `text%` for LIKE/ILIKE. */
export const prefixPattern = (text: string) => `${escapeLike(text)}%`;
