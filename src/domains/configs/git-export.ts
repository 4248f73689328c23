import { and, asc, eq, gt, or, sql } from 'drizzle-orm';
import type { Executor } from '../../platform/db/client.ts';
import type { Actor } from '../../platform/tenancy.ts';
import { getCustomer } from '../customers/service.ts';
import { hostnamesOf } from '../devices/service.ts';
import { configSnapshots } from './table.ts';

const PAGE = 200;

/** A name git accepts in an ident: no angle brackets or newlines. */
const ident = (s: string) => s.replace(/[<>\n]/g, '').trim() || 'webnet';
/** A path segment from a hostname: nothing that would climb or nest directories. */
const fileName = (hostname: string) => `${hostname.replace(/[^A-Za-z0-9._-]/g, '_')}.cfg`;

/**
 * A customer's configuration history as a `git fast-import` stream: one commit per stored change,
 * oldest first, by the user whose job took it, with the job id as the message and one file per
 * device. Written by hand because the format is a few lines of text; the server needs no git.
 * Usage: git init repo && curl … | git -C repo fast-import && git -C repo checkout main
 */
export async function* gitFastImport(
  exec: Executor,
  actor: Actor,
  customerId: string,
): AsyncGenerator<Buffer> {
  await getCustomer(exec, actor, customerId);
  let after: { createdAt: Date; id: string } | undefined;
  let mark = 0;
  const names = new Map<string, string>();
  for (;;) {
    const rows = await exec
      .select()
      .from(configSnapshots)
      .where(
        and(
          eq(configSnapshots.customerId, customerId),
          after
            ? or(
                gt(configSnapshots.createdAt, after.createdAt),
                and(eq(configSnapshots.createdAt, after.createdAt), sql`${configSnapshots.id} > ${after.id}`),
              )
            : undefined,
        ),
      )
      .orderBy(asc(configSnapshots.createdAt), asc(configSnapshots.id))
      .limit(PAGE);
    if (rows.length === 0) break;
    const unknown = [...new Set(rows.map((r) => r.deviceId).filter((d) => !names.has(d)))];
    for (const [id, hostname] of await hostnamesOf(exec, unknown)) names.set(id, hostname);
    for (const row of rows) {
      const body = Buffer.from(row.config);
      const author = ident(row.requestedByName);
      const when = `${Math.floor(row.createdAt.getTime() / 1000)} +0000`;
      const message = Buffer.from(
        `${row.jobId ?? row.source}\n\n${names.get(row.deviceId) ?? row.deviceId}: ${row.source} ${row.hash.slice(0, 12)}\n`,
      );
      mark++;
      yield Buffer.concat([
        Buffer.from(
          `commit refs/heads/main\nmark :${mark}\nauthor ${author} <${author}@webnet> ${when}\ncommitter webnet <webnet@webnet> ${when}\ndata ${message.length}\n`,
        ),
        message,
        Buffer.from(
          `${mark > 1 ? `from :${mark - 1}\n` : ''}M 644 inline ${fileName(names.get(row.deviceId) ?? row.deviceId)}\ndata ${body.length}\n`,
        ),
        body,
        Buffer.from('\n'),
      ]);
    }
    const last = rows.at(-1)!;
    after = { createdAt: last.createdAt, id: last.id };
  }
  yield Buffer.from('done\n');
}
