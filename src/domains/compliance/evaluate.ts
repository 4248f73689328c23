/**
 * Configuration rules evaluated for devices on their latest stored configuration: after a backup
 * stores a new snapshot (in the same transaction, for the devices whose configuration changed),
 * and for every device in scope when a policy changes (the compliance_evaluate job). Each device's
 * configuration is parsed once for all the rules of all its policies; results are written per
 * device × policy × rule, with a history row whenever a status changes.
 */

import { and, eq, inArray, sql } from 'drizzle-orm';
import { type Executor, inUuids } from '../../platform/db/client.ts';
import { forEachRow } from '../../platform/db/stream.ts';
import { systemActor } from '../../platform/tenancy.ts';
import { templateDevice, templateDeviceColumns } from '../changes/template.ts';
import { configLatest, configSnapshots } from '../configs/table.ts';
import { type DeviceFilter, deviceFilterSql } from '../devices/filter.ts';
import { devices } from '../devices/table.ts';
import { type DeviceConfig, type DeviceVerdicts, evaluateDevice } from './evaluate-device.ts';
import { evaluateOnThread, movableConfigs, startEvaluatorThreads } from './evaluator-threads.ts';
import { type CompiledPolicy, compilePolicy } from './policy.ts';
import { type Prepared, storePrepared } from './results.ts';
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

/**
 * The policies with rules of these devices' customers (or `onlyPolicy`), locked as a foreign key's
 * check would lock them (FOR KEY SHARE): a delete waits for this transaction, whose results its
 * trigger then takes along. Most customers of most backups have none: a backup's batch then costs
 * this one statement.
 */
async function policiesOf(db: Executor, deviceIds: string[], onlyPolicy?: string): Promise<PolicyRow[]> {
  return (await db
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
        sql`${compliancePolicies.ruleCount} > 0`,
        onlyPolicy ? eq(compliancePolicies.id, onlyPolicy) : undefined,
        sql`${compliancePolicies.customerId} in (select ${devices.customerId} from ${devices}
              where ${inUuids(devices.id, deviceIds)})`,
      ),
    )
    .for('key share')) as PolicyRow[];
}

/**
 * The devices of the policies' customers as templates see them, each with the policies whose
 * scope (the device filter, defined once) holds it, locked as policiesOf locks the policies. One
 * statement for every policy's scope, where a statement per policy and one more for the locks
 * read the same devices three times per batch.
 */
async function devicesOf(db: Executor, deviceIds: string[], policies: PolicyRow[]) {
  const scopes = policies.map(
    (p) =>
      sql`case when ${deviceFilterSql(system, { ...p.scope, customerId: [p.customerId] })} then ${p.id} end`,
  );
  return db
    .select({
      ...templateDeviceColumns,
      policyIds: sql<string[]>`array_remove(array[${sql.join(scopes, sql`, `)}]::text[], null)`,
    })
    .from(devices)
    .where(
      and(
        inUuids(devices.id, deviceIds),
        inArray(devices.customerId, [...new Set(policies.map((p) => p.customerId))]),
      ),
    )
    .for('key share');
}

/**
 * How many configurations go to an evaluator thread per message. A batch's configurations are read
 * in one statement whose rows stream in (forEachRow) and leave for a thread 50 at a time as they
 * arrive, so a configuration read is sent and let go before the young generation is collected,
 * where the whole batch's, held at once, were copied and promoted by each scavenge.
 */
const POST_CHUNK = 50;

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
 * results for that policy. `countDay` as in storePrepared.
 */
export async function evaluateDevices(
  db: Executor,
  targets: string[] | NewSnapshot[],
  onlyPolicy?: string,
  options: { countDay?: 'later' | 'caller' } = {},
): Promise<Evaluated> {
  const out: Evaluated = { devices: 0, results: 0, changed: 0, perDevice: new Map() };
  if (targets.length === 0) return out;
  // A fleet's configurations are evaluated on threads, which load while the devices are read.
  if (typeof targets[0] === 'string') startEvaluatorThreads();
  const deviceIds = targets.map((t) => (typeof t === 'string' ? t : t.deviceId));
  const policies = await policiesOf(db, deviceIds, onlyPolicy);
  if (policies.length === 0) return out;
  const found = await devicesOf(db, deviceIds, policies);
  // A device out of a policy's scope (of its customer) loses its results for that policy.
  const outOfScope = policies.map((p) => ({
    policyId: p.id,
    deviceIds: found
      .filter((d) => d.customerId === p.customerId && !d.policyIds.includes(p.id))
      .map((d) => d.id),
  }));
  const prepared: Prepared[] = [];
  const inScopeDevices = found.filter((d) => d.policyIds.length > 0);
  const input = (
    device: (typeof found)[number],
    snapshot: { snapshotId: string; config: DeviceConfig['config'] },
  ): DeviceConfig => ({
    deviceId: device.id,
    customerId: device.customerId,
    platform: device.platform,
    seen: templateDevice(device),
    snapshotId: snapshot.snapshotId,
    config: snapshot.config,
    policyIds: device.policyIds,
  });
  const take = (v: DeviceVerdicts) => {
    prepared.push(...v.prepared);
    out.perDevice.set(v.deviceId, { rules: v.rules, failing: v.failing });
    out.results += v.rules;
    out.devices++;
  };
  if (typeof targets[0] !== 'string') {
    // A backup hands over the configurations it stored, a few at a time: evaluated here.
    const given = new Map((targets as NewSnapshot[]).map((t) => [t.deviceId, t]));
    const rulesOf = new Map(policies.map((p) => [p.id, compiledOf(p).rules]));
    for (const device of inScopeDevices) {
      const snapshot = given.get(device.id);
      if (snapshot) take(evaluateDevice(input(device, snapshot), rulesOf));
    }
  } else {
    // A fleet: each chunk read goes to an evaluator thread while the next is read.
    const byId = new Map(inScopeDevices.map((d) => [d.id, d]));
    const rules = policies.map((p) => ({
      id: p.id,
      revision: p.revision,
      rules: compiledOf(p).source.rules,
    }));
    const evaluated: Promise<DeviceVerdicts[]>[] = [];
    let chunk: { device: (typeof found)[number]; snapshotId: string; config: string }[] = [];
    const post = () => {
      const configs = movableConfigs(chunk.map((c) => c.config));
      const running = evaluateOnThread(
        rules,
        chunk.map((c, i) => input(c.device, { snapshotId: c.snapshotId, config: configs[i]! })),
      );
      // Awaited below, in order; a failure is reported there.
      running.catch(() => undefined);
      evaluated.push(running);
      chunk = [];
    };
    await forEachRow<{ deviceId: string; snapshotId: string; config: string }>(
      db,
      sql`select l.device_id as "deviceId", l.snapshot_id as "snapshotId", s.config
          from ${configLatest} l join ${configSnapshots} s on s.id = l.snapshot_id
          where ${inUuids(sql`l.device_id`, [...byId.keys()])}`,
      (row) => {
        chunk.push({ device: byId.get(row.deviceId)!, snapshotId: row.snapshotId, config: row.config });
        if (chunk.length === POST_CHUNK) post();
      },
    );
    if (chunk.length) post();
    for (const running of evaluated) for (const v of await running) take(v);
  }
  for (const { policyId, deviceIds: ids } of outOfScope)
    if (ids.length)
      await db.execute(
        sql`delete from compliance_results where policy_id = ${policyId} and kind = 'config'
            and device_id in (select value::uuid from json_array_elements_text(${JSON.stringify(ids)}::json))`,
      );
  // The devices and policies are locked above: storePrepared need not look for them again.
  out.changed = await storePrepared(db, prepared, { ...options, ownersLocked: true });
  return out;
}
