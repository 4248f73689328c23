/**
 * Configuration rules evaluated for devices on their latest stored configuration: after a backup
 * stores a new snapshot (in the same transaction, for the devices whose configuration changed),
 * and for every device in scope when a policy changes (the compliance_evaluate job). Each device's
 * configuration is parsed once for all the rules of all its policies; results are written per
 * device × policy × rule, with a history row whenever a status changes.
 */

import { createHash } from 'node:crypto';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { type Executor, queryRows } from '../../platform/db/client.ts';
import { publishAllIn } from '../../platform/events.ts';
import { systemActor } from '../../platform/tenancy.ts';
import { templateDevice, templateDeviceColumns } from '../changes/template.ts';
import { configLatest, configSnapshots } from '../configs/table.ts';
import { type DeviceFilter, deviceFilterSql } from '../devices/filter.ts';
import { devices } from '../devices/table.ts';
import { notify } from '../notifications/outbox.ts';
import { evaluateRule, type RuleResult } from './config-rules.ts';
import { type CompiledPolicy, compilePolicy } from './policy.ts';
import { parseConfig, styleOf } from './sections.ts';
import { compliancePolicies, type ResultStatus, type RuleVerdict } from './table.ts';

type PolicyRow = { id: string; customerId: string; revision: number; source: string; scope: DeviceFilter };

/** Compiled policies by id, for the revision they were compiled at. */
const compiled = new Map<string, { revision: number; policy: CompiledPolicy }>();

function compiledOf(row: PolicyRow): CompiledPolicy {
  const known = compiled.get(row.id);
  if (known?.revision === row.revision) return known.policy;
  // Stored policies were checked when saved: compiling again cannot fail but for a bug.
  const policy = compilePolicy(row.source);
  compiled.set(row.id, { revision: row.revision, policy });
  return policy;
}

const system = systemActor('compliance');

/** The ids among `ids` that a policy's scope selects (the device filter, defined once). */
async function inScope(db: Executor, policy: PolicyRow, ids: string[]): Promise<Set<string>> {
  const rows = await db
    .select({ id: devices.id })
    .from(devices)
    .where(
      and(
        inArray(devices.id, ids),
        deviceFilterSql(system, { ...policy.scope, customerId: [policy.customerId] }),
      ),
    );
  return new Set(rows.map((r) => r.id));
}

/** A configuration just stored for a device. */
export type NewSnapshot = { deviceId: string; snapshotId: string; config: string };

export type Evaluated = {
  devices: number;
  results: number;
  changed: number;
  /** Per device evaluated: its rules, and how many of them it fails. */
  perDevice: Map<string, { rules: number; failing: number }>;
};

/**
 * Evaluates the configuration rules of every policy (or of `onlyPolicy`) for these devices on
 * their latest snapshots, and stores the results. A device out of a policy's scope loses its
 * results for that policy.
 */
export async function evaluateDevices(
  db: Executor,
  targets: string[] | NewSnapshot[],
  onlyPolicy?: string,
): Promise<Evaluated> {
  const out: Evaluated = { devices: 0, results: 0, changed: 0, perDevice: new Map() };
  if (targets.length === 0) return out;
  const deviceIds = targets.map((t) => (typeof t === 'string' ? t : t.deviceId));
  const found = await db.select(templateDeviceColumns).from(devices).where(inArray(devices.id, deviceIds));
  const customers = [...new Set(found.map((r) => r.customerId))];
  if (customers.length === 0) return out;
  const policies = (await db
    .select({
      id: compliancePolicies.id,
      customerId: compliancePolicies.customerId,
      revision: compliancePolicies.revision,
      source: compliancePolicies.source,
      scope: compliancePolicies.scope,
    })
    .from(compliancePolicies)
    .where(
      and(
        inArray(compliancePolicies.customerId, customers),
        sql`${compliancePolicies.ruleCount} > 0`,
        onlyPolicy ? eq(compliancePolicies.id, onlyPolicy) : undefined,
      ),
    )) as PolicyRow[];
  // Most customers of most backups have no policy: nothing more is read.
  if (policies.length === 0) return out;
  // A backup hands over the configurations it stored; otherwise they are read.
  const snapshots = new Map<string, { snapshotId: string; config: string }>();
  if (typeof targets[0] === 'string')
    for (const r of await db
      .select({
        deviceId: configLatest.deviceId,
        snapshotId: configLatest.snapshotId,
        config: configSnapshots.config,
      })
      .from(configLatest)
      .innerJoin(configSnapshots, eq(configSnapshots.id, configLatest.snapshotId))
      .where(inArray(configLatest.deviceId, deviceIds)))
      snapshots.set(r.deviceId, r);
  else for (const t of targets as NewSnapshot[]) snapshots.set(t.deviceId, t);
  const rows = found.flatMap((d) => {
    const s = snapshots.get(d.id);
    return s ? [{ ...d, ...s }] : [];
  });
  const results: { policyId: string; device: (typeof rows)[number]; result: RuleResult }[] = [];
  const outOfScope: { policyId: string; deviceIds: string[] }[] = [];
  /** Per device, the policies whose scope holds it. */
  const policiesOf = new Map<string, PolicyRow[]>();
  for (const policy of policies) {
    const candidates = rows.filter((r) => r.customerId === policy.customerId);
    if (candidates.length === 0) continue;
    const scope = await inScope(
      db,
      policy,
      candidates.map((r) => r.id),
    );
    outOfScope.push({
      policyId: policy.id,
      deviceIds: candidates.filter((r) => !scope.has(r.id)).map((r) => r.id),
    });
    for (const device of candidates) {
      if (!scope.has(device.id)) continue;
      const mine = policiesOf.get(device.id);
      if (mine) mine.push(policy);
      else policiesOf.set(device.id, [policy]);
    }
  }
  // Device by device, every policy on one parse that is dropped before the next device is
  // parsed: its hundreds of line objects die young (a cheap scavenge) instead of living through
  // the batch into the old generation, where collecting them is dear (measured on 10,000
  // devices: webnet's CPU per device 0.86 → 0.66 ms in the full evaluation, 0.59 → 0.47 ms in
  // the incremental one).
  for (const device of rows) {
    const mine = policiesOf.get(device.id);
    if (!mine) continue;
    const config = parseConfig(device.config, styleOf(device.platform));
    const seen = templateDevice(device);
    for (const policy of mine)
      for (const rule of compiledOf(policy).rules)
        results.push({ policyId: policy.id, device, result: evaluateRule(rule, config, seen) });
    out.devices++;
  }
  for (const { policyId, deviceIds: ids } of outOfScope)
    if (ids.length)
      await db.execute(
        sql`delete from compliance_results where policy_id = ${policyId} and kind = 'config'
            and device_id in (select value::uuid from json_array_elements_text(${JSON.stringify(ids)}::json))`,
      );
  out.results = results.length;
  for (const { device, result } of results) {
    const d = out.perDevice.get(device.id) ?? { rules: 0, failing: 0 };
    d.rules++;
    if (result.status === 'fail' || result.status === 'error') d.failing++;
    out.perDevice.set(device.id, d);
  }
  out.changed = await storeResults(
    db,
    results.map(({ policyId, device, result }) => ({
      policy_id: policyId,
      device_id: device.id,
      customer_id: device.customerId,
      rule: result.rule,
      kind: 'config',
      severity: result.severity,
      status: result.status,
      findings: result.findings,
      fixes: result.fixes,
      snapshot_id: device.snapshotId,
    })),
  );
  return out;
}

/** The topic of a device that starts or stops complying with a policy (for notifications). */
export const DRIFT_TOPIC = 'compliance.drift';

export type DriftEvent = {
  topic: typeof DRIFT_TOPIC;
  customerId: string;
  deviceId: string;
  policyId: string;
  complies: boolean;
  /** The rules it fails now. */
  failing: string[];
};

const failingStatus = (s: string) => s === 'fail' || s === 'error';

export type ResultRow = {
  policy_id: string;
  device_id: string;
  customer_id: string;
  rule: string;
  kind: 'config' | 'state';
  severity: string;
  status: string;
  findings: unknown;
  fixes: unknown;
  snapshot_id: string | null;
};

type Group = { first: ResultRow; verdicts: Omit<RuleVerdict, 'since'>[] };
type Before = {
  policy_id: string;
  device_id: string;
  kind: string;
  digest: string;
  status: string;
  statuses: Record<string, [string, string]>;
};

/** A device's overall standing on a policy from its rules' verdicts. */
function overall(verdicts: { status: string }[]): { status: ResultStatus; failing: number } {
  const failing = verdicts.filter((v) => failingStatus(v.status)).length;
  if (verdicts.some((v) => v.status === 'fail')) return { status: 'fail', failing };
  if (failing) return { status: 'error', failing };
  if (verdicts.every((v) => v.status === 'not_applicable')) return { status: 'not_applicable', failing };
  return { status: 'pass', failing };
}

/**
 * Stores verdicts, one row per device × policy × kind. A row whose verdicts are what they were
 * (its digest) is only marked evaluated; a changed one is written whole, each rule keeping the
 * time its status began, with a history row per rule whose status changed (or that starts out
 * failing). A device
 * that starts or stops complying with a policy is published (compliance.drift) in the same
 * transaction, so it is heard only if the results are stored; a device newly evaluated counts
 * as drift only when it fails. Returns how many rule statuses changed.
 */
export async function storeResults(db: Executor, rows: ResultRow[]): Promise<number> {
  if (rows.length === 0) return 0;
  const groups = new Map<string, Group>();
  for (const row of rows) {
    const key = `${row.policy_id}/${row.device_id}/${row.kind}`;
    const group = groups.get(key) ?? { first: row, verdicts: [] };
    group.verdicts.push({
      rule: row.rule,
      severity: row.severity,
      status: row.status as ResultStatus,
      findings: row.findings as RuleVerdict['findings'],
      fixes: row.fixes as RuleVerdict['fixes'],
    });
    groups.set(key, group);
  }
  const keyOf = (g: Group) => ({
    policy_id: g.first.policy_id,
    device_id: g.first.device_id,
    kind: g.first.kind,
  });
  // Most verdicts stand (a backup's new configuration, a policy saved again): the digests are
  // read first, and the per-rule statuses only of the rows that changed.
  const before = new Map(
    (
      await queryRows<Omit<Before, 'statuses'>>(
        db,
        sql`select r.policy_id, r.device_id, r.kind, r.digest, r.status
            from compliance_results r
            join json_to_recordset(${JSON.stringify([...groups.values()].map(keyOf))}::json)
              as k(policy_id uuid, device_id uuid, kind text)
              on k.policy_id = r.policy_id and k.device_id = r.device_id and k.kind = r.kind`,
      )
    ).map((b) => [`${b.policy_id}/${b.device_id}/${b.kind}`, { ...b, statuses: {} } as Before]),
  );
  const digests = new Map<string, string>();
  for (const [key, { verdicts }] of groups)
    digests.set(key, createHash('sha1').update(JSON.stringify(verdicts)).digest('base64'));
  const moved = [...groups].filter(([key]) => {
    const prev = before.get(key);
    return prev && prev.digest !== digests.get(key);
  });
  if (moved.length)
    for (const row of await queryRows<{
      policy_id: string;
      device_id: string;
      kind: string;
      statuses: Before['statuses'];
    }>(
      db,
      sql`select r.policy_id, r.device_id, r.kind,
                 (select coalesce(jsonb_object_agg(e->>'rule', jsonb_build_array(e->>'status', e->>'since')), '{}')
                  from jsonb_array_elements(r.rules) e) as statuses
          from compliance_results r
          join json_to_recordset(${JSON.stringify(moved.map(([, g]) => keyOf(g)))}::json)
            as k(policy_id uuid, device_id uuid, kind text)
            on k.policy_id = r.policy_id and k.device_id = r.device_id and k.kind = r.kind`,
    ))
      before.get(`${row.policy_id}/${row.device_id}/${row.kind}`)!.statuses = row.statuses;
  const now = new Date().toISOString();
  const writes: Record<string, unknown>[] = [];
  const unchanged: Record<string, unknown>[] = [];
  const history: Record<string, unknown>[] = [];
  /** Policies whose counts of devices and compliant devices may have moved. */
  const standing = new Set<string>();
  const drift: DriftEvent[] = [];
  for (const [key, { first, verdicts }] of groups) {
    const digest = digests.get(key)!;
    const prev = before.get(key);
    const ids = { policy_id: first.policy_id, device_id: first.device_id, kind: first.kind };
    if (prev?.digest === digest) {
      unchanged.push({ ...ids, snapshot_id: first.snapshot_id });
      continue;
    }
    const rules: RuleVerdict[] = verdicts.map((v) => {
      const was = prev?.statuses[v.rule];
      // History is drift: every change of status, and a first verdict only when it is not a pass
      // (a rule that complies from the start has its row's `since`, not 200,000 history rows).
      if (was ? was[0] !== v.status : v.status !== 'pass' && v.status !== 'not_applicable')
        history.push({ ...ids, customer_id: first.customer_id, rule: v.rule, status: v.status });
      return { ...v, since: was?.[0] === v.status ? was[1] : now };
    });
    const { status, failing } = overall(verdicts);
    if (!prev || prev.status !== status) standing.add(first.policy_id);
    writes.push({
      ...ids,
      customer_id: first.customer_id,
      status,
      failing,
      rules,
      digest,
      snapshot_id: first.snapshot_id,
    });
    const failedBefore = prev ? failingStatus(prev.status) : undefined;
    const fails = failing > 0;
    if (failedBefore !== fails && (failedBefore !== undefined || fails))
      drift.push({
        topic: DRIFT_TOPIC,
        customerId: first.customer_id,
        deviceId: first.device_id,
        policyId: first.policy_id,
        complies: !fails,
        failing: verdicts
          .filter((v) => failingStatus(v.status))
          .map((v) => v.rule)
          .slice(0, 50),
      });
  }
  await publishAllIn(db, drift);
  await notify(
    db,
    drift
      .filter((d) => !d.complies)
      .map((d) => ({
        customerId: d.customerId,
        type: 'compliance.drift' as const,
        deviceId: d.deviceId,
        payload: { deviceId: d.deviceId, policyId: d.policyId, failing: d.failing },
      })),
  );
  // As jsonb from the start: read as json, each row's verdicts were parsed once more to become
  // jsonb, which made this the largest statement of an evaluation (57 → 20 ms per batch measured).
  if (writes.length)
    await db.execute(sql`
      insert into compliance_results (policy_id, device_id, kind, customer_id, status, failing, rules, digest,
        snapshot_id, evaluated_at)
      select policy_id, device_id, kind, customer_id, status, failing, rules, digest, snapshot_id, now()
      from jsonb_to_recordset(${JSON.stringify(writes)}::jsonb) as x(policy_id uuid, device_id uuid, kind text,
        customer_id uuid, status text, failing int, rules jsonb, digest text, snapshot_id uuid)
      on conflict (policy_id, device_id, kind) do update set customer_id = excluded.customer_id,
        status = excluded.status, failing = excluded.failing, rules = excluded.rules, digest = excluded.digest,
        snapshot_id = excluded.snapshot_id, evaluated_at = now()`);
  if (unchanged.length)
    await db.execute(sql`
      update compliance_results r set evaluated_at = now(), snapshot_id = coalesce(u.snapshot_id, r.snapshot_id)
      from json_to_recordset(${JSON.stringify(unchanged)}::json) as u(policy_id uuid, device_id uuid, kind text,
        snapshot_id uuid)
      where r.policy_id = u.policy_id and r.device_id = u.device_id and r.kind = u.kind`);
  if (history.length)
    await db.execute(sql`
      insert into compliance_history (policy_id, device_id, customer_id, rule, status)
      select policy_id, device_id, customer_id, rule, status
      from json_to_recordset(${JSON.stringify(history)}::json) as x(policy_id uuid, device_id uuid, kind text,
        customer_id uuid, rule text, status text)`);
  await recordDay(db, [...standing]);
  return history.length;
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
