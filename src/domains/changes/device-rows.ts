import { sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.ts';
import { coalesced, perDatabase } from '../../platform/db/coalesce.ts';
import { preparedRows } from '../../platform/db/prepared.ts';
import type { ChangeCheck, ChangeDeviceState, ChangeMode } from './table.ts';

/**
 * What a change's device tasks read and write of their change, one row per device, coalesced
 * across the devices a worker runs at once (see coalesced): a 1,000-device commit reads its rows
 * and records "applied" and "confirmed" in a few dozen statements instead of 3,000.
 */
type Key = { changeId: string; deviceId: string };

/** What a commit needs of its change and of the device's row. */
export type CommitRow = {
  change: { id: string; mode: ChangeMode; checks: ChangeCheck[]; confirmMinutes: number };
  rendered: string | null;
  state: ChangeDeviceState;
  reason: string | null;
  commitMethod: string | null;
  runningHash: string | null;
  targetSnapshotId: string | null;
};

/** What a preview needs: the mode, the rendered text, and the snapshot a rollback goes back to. */
export type PreviewRow = { mode: ChangeMode; rendered: string | null; target: string | null };

export type StateUpdate = Key & {
  state: ChangeDeviceState;
  /** Left as it is when absent; `null` clears it. */
  reason?: string | null;
  commitMethod?: string;
  commitName?: string;
};

const uuids = (ids: readonly string[]) => `{${ids.join(',')}}`;
const keyOf = (k: Key) => `${k.changeId}/${k.deviceId}`;

/** Rows in the order of the keys asked for; a key with no row gets `undefined`. */
function inKeyOrder<R extends Key>(keys: readonly Key[], rows: R[]): (R | undefined)[] {
  const byKey = new Map(rows.map((r) => [keyOf(r), r]));
  return keys.map((k) => byKey.get(keyOf(k)));
}

const keysIn = (keys: readonly Key[]) => sql`(cd.change_id, cd.device_id) in (select * from unnest(
  ${uuids(keys.map((k) => k.changeId))}::uuid[], ${uuids(keys.map((k) => k.deviceId))}::uuid[]))`;

async function commitRows(db: Db, keys: readonly Key[]): Promise<(CommitRow | undefined)[]> {
  const rows = await preparedRows<Key & Omit<CommitRow, 'change'>>(
    db,
    sql`select cd.change_id as "changeId", cd.device_id as "deviceId", cd.rendered, cd.state, cd.reason,
               cd.commit_method as "commitMethod", cd.running_hash as "runningHash",
               cd.target_snapshot_id as "targetSnapshotId"
        from change_devices cd where ${keysIn(keys)}`,
  );
  // The change once per batch, not once per device: its checks are the same for all of them.
  const changeIds = [...new Set(rows.map((r) => r.changeId))];
  const changes = changeIds.length
    ? await preparedRows<CommitRow['change']>(
        db,
        sql`select id, mode, checks, confirm_minutes as "confirmMinutes" from changes
            where id = any(${uuids(changeIds)}::uuid[])`,
      )
    : [];
  const byId = new Map(changes.map((c) => [c.id, c]));
  return inKeyOrder(keys, rows).map((r) => {
    const change = r && byId.get(r.changeId);
    if (!r || !change) return undefined;
    const { changeId: _c, deviceId: _d, ...row } = r;
    return { change, ...row };
  });
}

async function previewRows(db: Db, keys: readonly Key[]): Promise<(PreviewRow | undefined)[]> {
  const rows = await preparedRows<Key & PreviewRow>(
    db,
    sql`select cd.change_id as "changeId", cd.device_id as "deviceId", c.mode, cd.rendered, s.config as target
        from change_devices cd join changes c on c.id = cd.change_id
        left join config_snapshots s on s.id = cd.target_snapshot_id
        where ${keysIn(keys)}`,
  );
  return inKeyOrder(keys, rows).map((r) => r && { mode: r.mode, rendered: r.rendered, target: r.target });
}

async function writeStates(db: Db, updates: readonly StateUpdate[]): Promise<true[]> {
  const rows = updates.map((u) => ({
    change_id: u.changeId,
    device_id: u.deviceId,
    state: u.state,
    has_reason: u.reason !== undefined,
    reason: u.reason ?? null,
    commit_method: u.commitMethod ?? null,
    commit_name: u.commitName ?? null,
  }));
  await db.execute(sql`
    update change_devices cd set state = u.state,
      reason = case when u.has_reason then u.reason else cd.reason end,
      commit_method = coalesce(u.commit_method, cd.commit_method),
      commit_name = coalesce(u.commit_name, cd.commit_name),
      updated_at = now()
    from json_to_recordset(${JSON.stringify(rows)}::json) as u(change_id uuid, device_id uuid, state text,
      has_reason boolean, reason text, commit_method text, commit_name text)
    where cd.change_id = u.change_id and cd.device_id = u.device_id`);
  return updates.map(() => true);
}

/** The change rows of one database, read and written by its device tasks. */
export const changeDeviceRows = perDatabase((db: Db) => ({
  forCommit: coalesced<Key, CommitRow | undefined>((keys) => commitRows(db, keys)),
  forPreview: coalesced<Key, PreviewRow | undefined>((keys) => previewRows(db, keys)),
  /** Resolves once this device's new state is stored (a device task awaits each of its steps). */
  setState: coalesced<StateUpdate, true>((updates) => writeStates(db, updates)),
}));
