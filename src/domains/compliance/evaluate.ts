/**
 * Configuration rules evaluated for devices on their latest stored configuration: after a backup
 * stores a new snapshot (in the same transaction, for the devices whose configuration changed),
 * and for every device in scope when a policy changes (the compliance_evaluate job). Each device's
 * configuration is parsed once for all the rules of all its policies; results are written per
 * device × policy × rule, with a history row whenever a status changes.
 */
import { and, eq, inArray, sql } from 'drizzle-orm';
import { type Executor, queryRows } from '../../platform/db/client.ts';
import { publishIn } from '../../platform/events.ts';
import { systemActor } from '../../platform/tenancy.ts';
import { templateDevice, templateDeviceColumns } from '../changes/template.ts';
import { configLatest, configSnapshots } from '../configs/table.ts';
import { type DeviceFilter, deviceFilterSql } from '../devices/filter.ts';
import { devices } from '../devices/table.ts';
import { evaluateRule, type RuleResult } from './config-rules.ts';
import { type CompiledPolicy, compilePolicy } from './policy.ts';
import { parseConfig, styleOf } from './sections.ts';
import { compliancePolicies } from './table.ts';

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
  const parsed = new Map<string, ReturnType<typeof parseConfig>>();
  const results: { policyId: string; device: (typeof rows)[number]; result: RuleResult }[] = [];
  const outOfScope: { policyId: string; deviceIds: string[] }[] = [];
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
    const { rules } = compiledOf(policy);
    for (const device of candidates) {
      if (!scope.has(device.id)) continue;
      let config = parsed.get(device.id);
      if (!config) {
        config = parseConfig(device.config, styleOf(device.platform));
        parsed.set(device.id, config);
      }
      const seen = { device: templateDevice(device) };
      for (const rule of rules)
        results.push({ policyId: policy.id, device, result: evaluateRule(rule, config, seen.device) });
    }
  }
  for (const { policyId, deviceIds: ids } of outOfScope)
    if (ids.length)
      await db.execute(
        sql`delete from compliance_results where policy_id = ${policyId} and kind = 'config'
            and device_id in (select value::uuid from json_array_elements_text(${JSON.stringify(ids)}::json))`,
      );
  out.devices = parsed.size;
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

/**
 * Compares each device × policy with what was stored before (of the same kind of rules): one
 * that starts or stops complying is published, in the same transaction, so it is heard only if
 * the results are stored. A device newly evaluated counts as drift only when it fails.
 */
async function publishDrift(db: Executor, rows: ResultRow[], payload: string): Promise<void> {
  const before = await queryRows<{ policy_id: string; device_id: string; failing: boolean }>(
    db,
    sql`select r.policy_id, r.device_id, bool_or(r.status in ('fail', 'error')) as failing
        from compliance_results r
        join (select distinct policy_id, device_id, kind from json_to_recordset(${payload}::json)
                as x(policy_id uuid, device_id uuid, kind text)) p
          on p.policy_id = r.policy_id and p.device_id = r.device_id and p.kind = r.kind
        group by r.policy_id, r.device_id`,
  );
  const was = new Map(before.map((b) => [`${b.policy_id}/${b.device_id}`, b.failing]));
  const now = new Map<string, { row: ResultRow; failing: string[] }>();
  for (const row of rows) {
    const key = `${row.policy_id}/${row.device_id}`;
    const pair = now.get(key) ?? { row, failing: [] };
    if (failingStatus(row.status)) pair.failing.push(row.rule);
    now.set(key, pair);
  }
  for (const [key, { row, failing }] of now) {
    const failedBefore = was.get(key);
    const fails = failing.length > 0;
    if (failedBefore === fails || (failedBefore === undefined && !fails)) continue;
    await publishIn(db, {
      topic: DRIFT_TOPIC,
      customerId: row.customer_id,
      deviceId: row.device_id,
      policyId: row.policy_id,
      complies: !fails,
      failing: failing.slice(0, 50),
    } satisfies DriftEvent);
  }
}

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

/**
 * Upserts results in one statement and records a history row for each status that changed (or
 * is new); returns how many changed. Rules no longer in a policy lose their rows.
 */
export async function storeResults(db: Executor, rows: ResultRow[]): Promise<number> {
  if (rows.length === 0) return 0;
  const payload = JSON.stringify(rows);
  await publishDrift(db, rows, payload);
  const changed = await queryRows<{ n: number }>(
    db,
    sql`with input as (
          select * from json_to_recordset(${payload}::json) as x(policy_id uuid, device_id uuid, customer_id uuid,
            rule text, kind text, severity text, status text, findings jsonb, fixes jsonb, snapshot_id uuid)
        ), before as (
          select r.policy_id, r.device_id, r.rule, r.status from compliance_results r
          join input i using (policy_id, device_id, rule)
        ), history as (
          insert into compliance_history (policy_id, device_id, customer_id, rule, status)
          select i.policy_id, i.device_id, i.customer_id, i.rule, i.status from input i
          left join before b using (policy_id, device_id, rule)
          where b.status is distinct from i.status
          returning 1
        ), upsert as (
          insert into compliance_results (policy_id, device_id, customer_id, rule, kind, severity, status, findings,
            fixes, snapshot_id, since, evaluated_at)
          select policy_id, device_id, customer_id, rule, kind, severity, status, findings, fixes, snapshot_id, now(), now()
          from input
          on conflict (policy_id, device_id, rule) do update set
            kind = excluded.kind, severity = excluded.severity, findings = excluded.findings,
            fixes = excluded.fixes, snapshot_id = excluded.snapshot_id, evaluated_at = now(),
            since = case when compliance_results.status = excluded.status then compliance_results.since else now() end,
            status = excluded.status
          returning 1
        ), stale as (
          delete from compliance_results r
          using (select distinct policy_id, device_id, kind from input) d
          where r.policy_id = d.policy_id and r.device_id = d.device_id and r.kind = d.kind
            and not exists (select 1 from input i where i.policy_id = r.policy_id and i.device_id = r.device_id
                              and i.rule = r.rule)
          returning 1
        )
        select (select count(*) from history)::int as n, (select count(*) from upsert) as u,
               (select count(*) from stale) as s`,
  );
  return changed[0]?.n ?? 0;
}
