import { and, desc, eq, getTableColumns, sql } from 'drizzle-orm';
import { insignificantLines, platformByName } from '../../netio/index.ts';
import type { Db, Executor } from '../../platform/db/client.ts';
import { inUuids, queryRows } from '../../platform/db/client.ts';
import { containsPattern, paginate } from '../../platform/db/paging.ts';
import { AppError, badRequest, notFound } from '../../platform/errors.ts';
import { type Actor, customerScope } from '../../platform/tenancy.ts';
import { getDevice, hostnamesOf } from '../devices/service.ts';
import { devices } from '../devices/table.ts';
import { diffConfigs } from './diff.ts';
import { configLatest, configSearch, configSnapshots } from './table.ts';

const { config: _config, ...metaColumns } = getTableColumns(configSnapshots);

export async function listSnapshots(
  exec: Executor,
  actor: Actor,
  deviceId: string,
  q: { page: number; pageSize: number },
) {
  await getDevice(exec, actor, deviceId);
  const cond = eq(configSnapshots.deviceId, deviceId);
  return paginate(exec, configSnapshots, cond, q, (limit, offset) =>
    exec
      .select(metaColumns)
      .from(configSnapshots)
      .where(cond)
      .orderBy(desc(configSnapshots.createdAt), desc(configSnapshots.id))
      .limit(limit)
      .offset(offset),
  );
}

export async function getSnapshot(exec: Executor, actor: Actor, id: string) {
  const [row] = await exec
    .select()
    .from(configSnapshots)
    .where(and(eq(configSnapshots.id, id), customerScope(actor, configSnapshots.customerId)));
  if (!row) throw notFound('config snapshot');
  return row;
}

/**
 * A snapshot as the config viewer shows it: its text, and the lines its device's platform keeps
 * but does not count as a change (the viewer dims them, as the diff ignores them).
 */
export async function getSnapshotView(exec: Executor, actor: Actor, id: string) {
  const snap = await getSnapshot(exec, actor, id);
  const [device] = await exec
    .select({ platform: devices.platform })
    .from(devices)
    .where(eq(devices.id, snap.deviceId));
  const rules = device ? platformByName(device.platform)?.backup.insignificant : undefined;
  return { ...snap, insignificantLines: rules ? insignificantLines(snap.config, rules) : [] };
}

/** The snapshot before `snapshot` of the same device, if any. */
async function previousOf(exec: Executor, snapshot: { deviceId: string; createdAt: Date; id: string }) {
  const [row] = await exec
    .select()
    .from(configSnapshots)
    .where(
      and(
        eq(configSnapshots.deviceId, snapshot.deviceId),
        sql`(${configSnapshots.createdAt}, ${configSnapshots.id}) < (${snapshot.createdAt.toISOString()}::timestamptz, ${snapshot.id}::uuid)`,
      ),
    )
    .orderBy(desc(configSnapshots.createdAt), desc(configSnapshots.id))
    .limit(1);
  return row;
}

async function latestOf(exec: Executor, actor: Actor, deviceId: string) {
  await getDevice(exec, actor, deviceId);
  const [row] = await exec
    .select()
    .from(configSnapshots)
    .where(eq(configSnapshots.deviceId, deviceId))
    .orderBy(desc(configSnapshots.createdAt), desc(configSnapshots.id))
    .limit(1);
  if (!row) throw notFound('config snapshot');
  return row;
}

type Snapshot = typeof configSnapshots.$inferSelect;
const meta = ({ config: _, ...rest }: Snapshot) => rest;
const label = (s: Snapshot) => `${s.createdAt.toISOString()} ${s.id}`;

/**
 * The change between two snapshots the caller can see. Without `from`, the snapshot before `to`;
 * without `to`, the device's latest. Any two may be compared, even of different devices.
 */
export async function diffSnapshots(
  exec: Executor,
  actor: Actor,
  q: { deviceId?: string | undefined; from?: string | undefined; to?: string | undefined; context: number },
) {
  if (!q.to && !q.deviceId) throw badRequest('say which snapshot', [{ field: 'to', message: 'required' }]);
  const to = q.to ? await getSnapshot(exec, actor, q.to) : await latestOf(exec, actor, q.deviceId!);
  if (q.deviceId && to.deviceId !== q.deviceId) throw notFound('config snapshot');
  const from = q.from ? await getSnapshot(exec, actor, q.from) : await previousOf(exec, to);
  if (!from)
    throw new AppError(
      404,
      'not_found',
      'this is the first snapshot of the device; there is nothing before it to compare',
    );
  const diff = diffConfigs(
    { name: from.deviceId, label: label(from), text: from.config },
    { name: to.deviceId, label: label(to), text: to.config },
    q.context,
  );
  return { from: meta(from), to: meta(to), ...diff };
}

export type SearchQuery = {
  q: string;
  regex: boolean;
  caseSensitive: boolean;
  customerId?: string | undefined;
  page: number;
  pageSize: number;
  maxLines: number;
};

/** Compiles the query as the lines will be matched; a pattern JavaScript rejects is the user's 400. */
function lineMatcher(q: SearchQuery): (line: string) => boolean {
  if (!q.regex) {
    const needle = q.caseSensitive ? q.q : q.q.toLowerCase();
    return q.caseSensitive ? (l) => l.includes(needle) : (l) => l.toLowerCase().includes(needle);
  }
  try {
    const re = new RegExp(q.q, q.caseSensitive ? '' : 'i');
    return (l) => re.test(l);
  } catch (err) {
    throw badRequest('not a valid regular expression', [{ field: 'q', message: (err as Error).message }]);
  }
}

/**
 * Every device's latest configuration that matches, within the caller's customers, with the matching
 * lines. The trigram index of the search table finds candidates; a device whose latest snapshot the
 * indexer has not copied there yet is read from the snapshot itself, so results are never stale.
 */
export async function searchConfigs(db: Db, actor: Actor, q: SearchQuery) {
  const matches = lineMatcher(q);
  const op = sql.raw(q.regex ? (q.caseSensitive ? '~' : '~*') : q.caseSensitive ? 'like' : 'ilike');
  // (?n): newline-sensitive, so ^ and $ match at each line as they do in the line matcher above.
  const pattern = q.regex ? `(?n)${q.q}` : containsPattern(q.q);
  const scope = and(
    customerScope(actor, configLatest.customerId),
    q.customerId ? eq(configLatest.customerId, q.customerId) : undefined,
  );
  const l = configLatest;
  const cols = sql`${l.deviceId} as device_id, ${l.customerId} as customer_id, ${l.snapshotId} as snapshot_id, ${l.changedAt} as changed_at`;
  type Found = { device_id: string; customer_id: string; snapshot_id: string; changed_at: string | Date };
  const ids = (list: string[]) => `{${list.join(',')}}`;
  try {
    // One snapshot of the database for every read below: the indexed copies are read first and the
    // snapshots not copied yet after, so under READ COMMITTED a copy the indexer committed between
    // the two was in neither (400 of 100,000 devices missing from a search right after a backup).
    const consistent = { isolationLevel: 'repeatable read', accessMode: 'read only' } as const;
    return await db.transaction(async (tx) => {
      // Candidates through the trigram index only. The configs live out of line (TOAST), so the
      // planner believes reading them all is cheap and would filter every row instead: measured
      // 1.4 s against 28 ms for one match in 10,000 20 KB configs.
      await tx.execute(sql`set local enable_seqscan = off`);
      await tx.execute(sql`set local enable_indexscan = off`);
      const hits = await queryRows<{ device_id: string; snapshot_id: string }>(
        tx,
        sql`select device_id, snapshot_id from ${configSearch}
            where ${customerScope(actor, configSearch.customerId)} and config ${op} ${pattern}`,
      );
      await tx.execute(sql`set local enable_seqscan = on`);
      await tx.execute(sql`set local enable_indexscan = on`);
      // Still each device's latest, and in scope.
      const indexed = await queryRows<Found>(
        tx,
        sql`select ${cols} from ${l}
            where ${scope} and (${l.deviceId}, ${l.snapshotId}) in (
              select * from unnest(${ids(hits.map((h) => h.device_id))}::uuid[], ${ids(hits.map((h) => h.snapshot_id))}::uuid[]))`,
      );
      // Latest snapshots the indexer has not copied yet are searched where they are. Found first
      // on their own: otherwise the planner matches every snapshot's text
      // before it looks for the few that are pending.
      const pendingRows = await queryRows<Found>(
        tx,
        sql`select ${cols} from ${l}
            where ${scope} and not exists (
              select 1 from config_search cs where cs.device_id = ${l.deviceId} and cs.snapshot_id = ${l.snapshotId})`,
      );
      const matching = pendingRows.length
        ? new Set(
            (
              await queryRows<{ id: string }>(
                tx,
                sql`select id from ${configSnapshots}
                    where id = any(${ids(pendingRows.map((r) => r.snapshot_id))}::uuid[]) and config ${op} ${pattern}`,
              )
            ).map((r) => r.id),
          )
        : new Set<string>();
      const unindexed = pendingRows.filter((r) => matching.has(r.snapshot_id));
      const found = [...indexed, ...unindexed];
      // Devices in hostname order, as people look them up (the id breaks a tie across customers).
      const hostnames = await hostnamesOf(
        tx,
        found.map((r) => r.device_id),
      );
      const nameOf = (r: { device_id: string }) => hostnames.get(r.device_id) ?? '';
      const all = found.sort(
        (a, b) => nameOf(a).localeCompare(nameOf(b)) || (a.device_id < b.device_id ? -1 : 1),
      );
      const pageRows = all.slice((q.page - 1) * q.pageSize, q.page * q.pageSize);
      const texts = new Map(
        (
          await queryRows<{ id: string; config: string }>(
            tx,
            sql`select id, config from ${configSnapshots} where ${inUuids(
              sql`id`,
              pageRows.map((r) => r.snapshot_id),
            )}`,
          )
        ).map((r) => [r.id, r.config]),
      );
      const rows = pageRows.map((r) => ({ ...r, config: texts.get(r.snapshot_id) ?? '' }));
      const items = rows.map((r) => {
        const lines: { line: number; text: string }[] = [];
        let total = 0;
        for (const [i, text] of r.config.split('\n').entries()) {
          if (!matches(text)) continue;
          total++;
          if (lines.length < q.maxLines) lines.push({ line: i + 1, text });
        }
        return {
          deviceId: r.device_id,
          hostname: hostnames.get(r.device_id) ?? '',
          customerId: r.customer_id,
          snapshotId: r.snapshot_id,
          changedAt: new Date(r.changed_at),
          matchCount: total,
          lines,
        };
      });
      return {
        items,
        total: all.length,
        page: q.page,
        pageSize: q.pageSize,
        indexPending: pendingRows.length,
      };
    }, consistent);
  } catch (err) {
    // PostgreSQL's regular expressions differ from JavaScript's in corners; its refusal is still a 400.
    const e = err as { code?: string; cause?: { code?: string } };
    if (e.code === '2201B' || e.cause?.code === '2201B')
      throw badRequest('not a valid regular expression', [{ field: 'q', message: 'PostgreSQL rejects it' }]);
    throw err;
  }
}
