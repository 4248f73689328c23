/**
 * Compliance results with their history: one row per device × policy × kind of rule, each rule's
 * verdict in it with the time its status began, a history row whenever a rule's status changes,
 * the policy's standing per day, and drift (a device starting or stopping to comply) published.
 */

import { sql } from 'drizzle-orm';
import { unnestColumns, withGenericPlans } from '../../platform/db/arrays.ts';
import { type Executor, queryRows } from '../../platform/db/client.ts';
import { publishAllIn } from '../../platform/events.ts';
import { notify } from '../notifications/outbox.ts';
import { type Drift, driftEvents } from './drift.ts';
import type { ResultStatus, RuleVerdict } from './table.ts';
import {
  type Prepared,
  prepare,
  type ResultKey,
  statusesOf,
  type Verdict,
  verdictsJson,
} from './verdicts.ts';

export type { Prepared, ResultKey };

const failingStatus = (s: string) => s === 'fail' || s === 'error';

/** One rule's verdict for a device, before it is stored. */
export type ResultRow = ResultKey & {
  rule: string;
  severity: string;
  status: string;
  findings: unknown;
  fixes: unknown;
};

/** Result rows written per statement: a batch of 500 devices under a few policies is one. */
const WRITE_ROWS = 5000;

/** A device's overall standing on a policy from its rules' statuses. */
function overall(statuses: ResultStatus[]): { status: ResultStatus; failing: number } {
  const failing = statuses.filter(failingStatus).length;
  if (statuses.includes('fail')) return { status: 'fail', failing };
  if (failing) return { status: 'error', failing };
  if (statuses.every((s) => s === 'not_applicable')) return { status: 'not_applicable', failing };
  return { status: 'pass', failing };
}

/** Stores verdicts given one per rule (see storePrepared). */
export async function storeResults(db: Executor, rows: ResultRow[]): Promise<number> {
  const groups = new Map<string, { key: ResultKey; verdicts: Verdict[] }>();
  for (const row of rows) {
    const id = `${row.policy_id}/${row.device_id}/${row.kind}`;
    let group = groups.get(id);
    if (!group) {
      const { policy_id, device_id, customer_id, kind, snapshot_id } = row;
      group = { key: { policy_id, device_id, customer_id, kind, snapshot_id }, verdicts: [] };
      groups.set(id, group);
    }
    group.verdicts.push({
      rule: row.rule,
      severity: row.severity,
      status: row.status as ResultStatus,
      findings: row.findings as RuleVerdict['findings'],
      fixes: row.fixes as RuleVerdict['fixes'],
    });
  }
  return storePrepared(
    db,
    [...groups.values()].map((g) => prepare(g.key, g.verdicts)),
  );
}

type Before = { digest: string; status: string; statuses: Record<string, [string, string]> };

const idOf = (r: { policy_id: string; device_id: string; kind: string }) =>
  `${r.policy_id}/${r.device_id}/${r.kind}`;

const keysJson = (rows: Prepared[]) =>
  JSON.stringify(rows.map((r) => ({ policy_id: r.policy_id, device_id: r.device_id, kind: r.kind })));

/**
 * The rows whose device and policy still exist, both locked as a foreign key's check would lock
 * them (FOR KEY SHARE): a delete of either waits for this transaction, and its trigger then takes
 * the rows written here along (see complianceResults). One statement per batch, where the keys
 * checked each row.
 */
async function ofLiveOwners(db: Executor, rows: Prepared[]): Promise<Prepared[]> {
  const ids = (key: 'device_id' | 'policy_id') => JSON.stringify([...new Set(rows.map((r) => r[key]))]);
  const live = await queryRows<{ id: string }>(
    db,
    sql`with d as (
          select id from devices
          where id in (select value::uuid from json_array_elements_text(${ids('device_id')}::json))
          for key share),
        p as (
          select id from compliance_policies
          where id in (select value::uuid from json_array_elements_text(${ids('policy_id')}::json))
          for key share)
        select id from d union all select id from p`,
  );
  const found = new Set(live.map((r) => r.id));
  return rows.filter((r) => found.has(r.device_id) && found.has(r.policy_id));
}

/** The stored rows of these keys: their digests and standing, and (with `statuses`) each rule's. */
async function readBefore(db: Executor, rows: Prepared[], statuses: boolean) {
  return queryRows<{
    policy_id: string;
    device_id: string;
    kind: string;
    digest: string;
    status: string;
    statuses: Before['statuses'] | null;
  }>(
    db,
    sql`select r.policy_id, r.device_id, r.kind, r.digest, r.status,
               ${
                 statuses
                   ? sql`(select coalesce(jsonb_object_agg(e->>'rule', jsonb_build_array(e->>'status',
                            coalesce(e->>'since', to_json(r.written_at) #>> '{}'))), '{}')
                          from jsonb_array_elements(r.rules) e)`
                   : sql`null::jsonb`
               } as statuses
        from compliance_results r
        join json_to_recordset(${keysJson(rows)}::json) as k(policy_id uuid, device_id uuid, kind text)
          on k.policy_id = r.policy_id and k.device_id = r.device_id and k.kind = r.kind`,
  );
}

/**
 * Stores verdicts, one row per device × policy × kind. A row whose verdicts are what they were
 * (its digest) is only marked evaluated; a changed one is written whole, each rule keeping the
 * time its status began, with a history row per rule whose status changed (or that starts out
 * failing). Devices that start or stop complying with a policy are published (compliance.drift,
 * a few dozen to an event: see drift.ts) in the same transaction, so it is heard only if the results are stored; a device newly
 * evaluated counts as drift only when it fails. A row whose device or policy was deleted meanwhile
 * is not written. Returns how many rule statuses changed.
 *
 * Today's standing of the policies whose devices moved is counted a moment later, once however
 * many batches moved it (`countDay: 'later'`, see day-counter.ts), or by the caller (`'caller'`:
 * a job evaluating a whole fleet counts it as it ends). Counted by every batch, it read every
 * result of the policy each time: quadratic over a fleet's batches.
 */
export async function storePrepared(
  db: Executor,
  given: Prepared[],
  {
    countDay = 'later',
    ownersLocked = false,
  }: {
    countDay?: 'later' | 'caller';
    /** The caller has read and locked the rows' devices and policies (FOR KEY SHARE) in this transaction. */
    ownersLocked?: boolean;
  } = {},
): Promise<number> {
  if (given.length === 0) return 0;
  const rows = ownersLocked ? given : await ofLiveOwners(db, given);
  if (rows.length === 0) return 0;
  // Most verdicts stand (a backup's new configuration, a policy saved again): the digests are
  // read first, and the per-rule statuses only of the rows that changed.
  const before = new Map<string, Before>();
  for (const b of await readBefore(db, rows, false)) before.set(idOf(b), { ...b, statuses: {} });
  const moved = rows.filter((r) => {
    const prev = before.get(idOf(r));
    return prev && prev.digest !== r.digest;
  });
  if (moved.length)
    for (const b of await readBefore(db, moved, true)) before.get(idOf(b))!.statuses = b.statuses ?? {};
  // The rows' time of writing: a verdict whose status begins now is stored without its `since`
  // (see verdictsJson), which the row's `written_at` then gives.
  const now = new Date().toISOString();
  /** The rows to write, by column; each row's verdicts (already JSON) spliced into one array. */
  const writes = {
    policy_id: [] as string[],
    device_id: [] as string[],
    kind: [] as string[],
    customer_id: [] as string[],
    status: [] as string[],
    failing: [] as number[],
    rules: [] as string[],
    digest: [] as string[],
    snapshot_id: [] as (string | null)[],
  };
  const unchanged: Record<string, unknown>[] = [];
  const history = {
    policy_id: [] as string[],
    device_id: [] as string[],
    customer_id: [] as string[],
    rule: [] as string[],
    status: [] as string[],
  };
  /** Policies whose counts of devices and compliant devices may have moved. */
  const standing = new Set<string>();
  const drift: (Drift & { customerId: string })[] = [];
  for (const row of rows) {
    const prev = before.get(idOf(row));
    const ids = { policy_id: row.policy_id, device_id: row.device_id, kind: row.kind };
    if (prev?.digest === row.digest) {
      unchanged.push({ ...ids, snapshot_id: row.snapshot_id });
      continue;
    }
    const statuses = statusesOf(row);
    /** Per rule, when its status began as JSON, or undefined when it begins now. */
    const since: (string | undefined)[] = [];
    row.rules.forEach((rule, i) => {
      const status = statuses[i]!;
      const was = prev?.statuses[rule];
      // History is drift: every change of status, and a first verdict only when it is not a pass
      // (a rule that complies from the start has its row's `since`, not 200,000 history rows).
      if (was ? was[0] !== status : status !== 'pass' && status !== 'not_applicable') {
        history.policy_id.push(row.policy_id);
        history.device_id.push(row.device_id);
        history.customer_id.push(row.customer_id);
        history.rule.push(rule);
        history.status.push(status);
      }
      since.push(was?.[0] === status ? JSON.stringify(was[1]) : undefined);
    });
    const { status, failing } = overall(statuses);
    if (!prev || prev.status !== status) standing.add(row.policy_id);
    writes.policy_id.push(row.policy_id);
    writes.device_id.push(row.device_id);
    writes.kind.push(row.kind);
    writes.customer_id.push(row.customer_id);
    writes.status.push(status);
    writes.failing.push(failing);
    // A row written afresh (a fleet's first evaluation) has every verdict begin now.
    writes.rules.push(verdictsJson(row, prev ? (i) => since[i] : undefined));
    writes.digest.push(row.digest);
    writes.snapshot_id.push(row.snapshot_id);
    const failedBefore = prev ? failingStatus(prev.status) : undefined;
    const fails = failing > 0;
    if (failedBefore !== fails && (failedBefore !== undefined || fails))
      drift.push({
        customerId: row.customer_id,
        deviceId: row.device_id,
        policyId: row.policy_id,
        complies: !fails,
        failing: row.rules.filter((_, i) => failingStatus(statuses[i]!)),
      });
  }
  await publishAllIn(db, driftEvents(drift));
  await notify(
    db,
    drift
      .filter((d) => !d.complies)
      .map((d) => ({
        customerId: d.customerId,
        type: 'compliance.drift' as const,
        deviceId: d.deviceId,
        payload: { deviceId: d.deviceId, policyId: d.policyId, failing: d.failing.slice(0, 50) },
      })),
  );
  // Planned generically: a custom plan copies the megabyte of verdicts into the plan (see withGenericPlans).
  const writing = writes.rules.length > 0 || unchanged.length > 0 || history.rule.length > 0;
  if (writing)
    await withGenericPlans(db, async () => {
      // A column each, not one JSON document of rows: PostgreSQL materialized the document's recordset
      // whole, and parsing and holding 500 devices' verdicts at once churned fresh memory. Storing
      // 10,000 devices cost it 2.4-3.2 CPU s and 125,000 page faults as jsonb, 1.6-1.9 s as json,
      // and 1.2-1.4 s with 37,000 faults so (PostgreSQL's own process, three runs each).
      // The verdicts joined by line breaks (see unnestColumns), a bounded number per statement.
      for (let at = 0; at < writes.rules.length; at += WRITE_ROWS) {
        const part = <T>(column: T[]) => column.slice(at, at + WRITE_ROWS);
        await db.execute(sql`
        insert into compliance_results (policy_id, device_id, kind, customer_id, status, failing, rules, digest,
          snapshot_id, evaluated_at, written_at)
        select policy_id, device_id, kind, customer_id, status, failing, rules::jsonb, digest, snapshot_id, now(),
          ${now}::timestamptz
        from (select ${unnestColumns({
          policy_id: ['uuid', part(writes.policy_id)],
          device_id: ['uuid', part(writes.device_id)],
          kind: ['text', part(writes.kind)],
          customer_id: ['uuid', part(writes.customer_id)],
          status: ['text', part(writes.status)],
          failing: ['int', part(writes.failing)],
          rules: ['text', part(writes.rules), 'lines'],
          digest: ['text', part(writes.digest)],
          snapshot_id: ['uuid', part(writes.snapshot_id)],
        })}) x
        on conflict (policy_id, device_id, kind) do update set customer_id = excluded.customer_id,
          status = excluded.status, failing = excluded.failing, rules = excluded.rules, digest = excluded.digest,
          snapshot_id = excluded.snapshot_id, evaluated_at = now(), written_at = excluded.written_at`);
      }
      if (unchanged.length)
        await db.execute(sql`
        update compliance_results r set evaluated_at = now(), snapshot_id = coalesce(u.snapshot_id, r.snapshot_id)
        from json_to_recordset(${JSON.stringify(unchanged)}::json) as u(policy_id uuid, device_id uuid, kind text,
          snapshot_id uuid)
        where r.policy_id = u.policy_id and r.device_id = u.device_id and r.kind = u.kind`);
      if (history.rule.length)
        await db.execute(sql`
        insert into compliance_history (policy_id, device_id, customer_id, rule, status)
        select policy_id, device_id, customer_id, rule, status
        from (select ${unnestColumns({
          policy_id: ['uuid', history.policy_id],
          device_id: ['uuid', history.device_id],
          customer_id: ['uuid', history.customer_id],
          rule: ['text', history.rule],
          status: ['text', history.status],
        })}) x`);
    });
  if (countDay === 'later') await countDayLater(db, [...standing]);
  return history.rule.length;
}

/** Asks for these policies' standing to be counted by the day counter (in the caller's transaction). */
export async function countDayLater(db: Executor, policyIds: string[]): Promise<void> {
  if (policyIds.length === 0) return;
  await db.execute(sql`
    insert into compliance_day_pending (policy_id)
    select value::uuid from json_array_elements_text(${JSON.stringify(policyIds)}::json)`);
}

/**
 * Today's standing of each policy, after its verdicts changed: the trend reads these rows. A
 * device complies when none of its rows (configuration or state) fails.
 */
export async function recordDay(db: Executor, policyIds: string[]): Promise<void> {
  if (policyIds.length === 0) return;
  await db.execute(sql`
    insert into compliance_daily (policy_id, day, devices, compliant)
    select p.id, current_date, coalesce(c.devices, 0), coalesce(c.compliant, 0)
    from (select value::uuid as id from json_array_elements_text(${JSON.stringify(policyIds)}::json)) p
    left join (
      select policy_id, count(*)::int as devices, count(*) filter (where not failing)::int as compliant
      from (select policy_id, device_id, bool_or(status in ('fail', 'error')) as failing
            from compliance_results
            where policy_id in (select value::uuid from json_array_elements_text(${JSON.stringify(policyIds)}::json))
            group by policy_id, device_id) d
      group by policy_id) c on c.policy_id = p.id
    on conflict (policy_id, day) do update set devices = excluded.devices, compliant = excluded.compliant`);
}
