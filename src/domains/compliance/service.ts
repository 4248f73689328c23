import { and, eq, type SQL, sql } from 'drizzle-orm';
import { type Db, type Executor, queryRows } from '../../platform/db/client.ts';
import { paginate } from '../../platform/db/paging.ts';
import { AppError, badRequest, conflict, notFound } from '../../platform/errors.ts';
import {
  type Actor,
  assertCustomerVisible,
  customerScope,
  requireRole,
  systemActor,
} from '../../platform/tenancy.ts';
import { recordAudit } from '../audit/service.ts';
import { createChange } from '../changes/service.ts';
import { templateDevice, templateDeviceColumns } from '../changes/template.ts';
import { configLatest, configSnapshots } from '../configs/table.ts';
import { requireCustomer } from '../customers/service.ts';
import { type DeviceFilter, deviceFilterSql } from '../devices/filter.ts';
import { devices } from '../devices/table.ts';
import { createJob, type JobDeps } from '../jobs/service.ts';
import { evaluateRule, type Fix, remediation } from './config-rules.ts';
import { type CompiledPolicy, compilePolicy, PolicyError } from './policy.ts';
import { recordDay } from './results.ts';
import type { PolicyCreate } from './schemas.ts';
import { parseConfig, styleOf } from './sections.ts';
import { compliancePolicies, complianceResults, type ResultStatus } from './table.ts';

type PolicyRow = typeof compliancePolicies.$inferSelect;

/** Compiles a policy the user sent; what is wrong comes back as a 400 naming `source` and the line. */
function compileOrRefuse(source: string): CompiledPolicy {
  try {
    return compilePolicy(source);
  } catch (err) {
    if (err instanceof PolicyError)
      throw badRequest(`source: ${err.message}`, [{ field: 'source', message: err.message }]);
    throw err;
  }
}

const policyScope = (actor: Actor): SQL => customerScope(actor, compliancePolicies.customerId);

/** A policy with how many devices have results and how many of them pass every rule. */
async function withCounts(db: Executor, rows: PolicyRow[]) {
  if (rows.length === 0) return [];
  const counts = await db
    .select({
      policyId: complianceResults.policyId,
      devices: sql<number>`count(distinct ${complianceResults.deviceId})::int`,
      failing: sql<number>`count(distinct ${complianceResults.deviceId}) filter (where ${complianceResults.status} in ('fail', 'error'))::int`,
    })
    .from(complianceResults)
    .where(sql`${complianceResults.policyId} in ${rows.map((r) => r.id)}`)
    .groupBy(complianceResults.policyId);
  const byId = new Map(counts.map((c) => [c.policyId, c]));
  return rows.map((r) => {
    const c = byId.get(r.id);
    return { ...r, devices: c?.devices ?? 0, compliant: (c?.devices ?? 0) - (c?.failing ?? 0) };
  });
}

export async function listPolicies(
  db: Db,
  actor: Actor,
  q: { page: number; pageSize: number; customerId?: string | undefined },
) {
  const where = and(
    policyScope(actor),
    q.customerId ? eq(compliancePolicies.customerId, q.customerId) : undefined,
  );
  const page = await paginate(db, compliancePolicies, where, q, (limit, offset) =>
    db
      .select()
      .from(compliancePolicies)
      .where(where)
      .orderBy(compliancePolicies.name)
      .limit(limit)
      .offset(offset),
  );
  return { ...page, items: await withCounts(db, page.items) };
}

async function policyRow(db: Executor, actor: Actor, id: string): Promise<PolicyRow> {
  const [row] = await db
    .select()
    .from(compliancePolicies)
    .where(and(eq(compliancePolicies.id, id), policyScope(actor)));
  if (!row) throw notFound('policy');
  return row;
}

export async function getPolicy(db: Db, actor: Actor, id: string) {
  return (await withCounts(db, [await policyRow(db, actor, id)]))[0]!;
}

/** Re-evaluates a policy on every device in its scope: a job, so its progress can be watched. */
async function evaluateJob(deps: JobDeps, actor: Actor, row: PolicyRow): Promise<string | null> {
  if (row.ruleCount === 0) return null;
  try {
    const job = await createJob(deps, actor, {
      type: 'compliance_evaluate',
      targets: { filter: { ...(row.scope as DeviceFilter), customerId: [row.customerId] } },
      payload: { policyId: row.id },
      // Work items of 500 devices (see complianceEvaluateJob), a few in flight: each keeps a core
      // busy reading, evaluating and storing; more would wait on the same cores and hold memory.
      options: { concurrency: 4, timeoutSeconds: 120, retries: 0 },
    });
    return job.id;
  } catch (err) {
    // No device in scope yet: nothing to evaluate until one is added and backed up.
    if (err instanceof AppError && err.status === 400) return null;
    throw err;
  }
}

function fieldsOf(policy: CompiledPolicy) {
  return {
    name: policy.source.name,
    description: policy.source.description,
    scope: policy.source.scope as Record<string, unknown>,
    ruleCount: policy.rules.length,
    stateCount: policy.source.state.length,
  };
}

/** A unique violation on the policy's name becomes a 409 naming the source. */
const refuseTakenName = (name: string) => (err: unknown) => {
  if (typeof err === 'object' && err !== null && 'code' in err && (err as { code: string }).code === '23505')
    throw conflict(`a policy named "${name}" exists for this customer`, 'source');
  throw err;
};

export async function createPolicy(deps: JobDeps, actor: Actor, input: PolicyCreate) {
  requireRole(actor, 'operator');
  await requireCustomer(deps.db, actor, input.customerId);
  const policy = compileOrRefuse(input.source);
  const row = await deps.db
    .transaction(async (tx) => {
      const [created] = await tx
        .insert(compliancePolicies)
        .values({
          customerId: input.customerId,
          source: input.source,
          createdByName: actor.username,
          ...fieldsOf(policy),
        })
        .returning();
      await recordAudit(tx, actor, {
        action: 'compliance.policy.create',
        customerId: input.customerId,
        targetType: 'compliance_policy',
        targetId: created!.id,
        targetName: created!.name,
      });
      return created!;
    })
    .catch(refuseTakenName(policy.source.name));
  return { ...(await getPolicy(deps.db, actor, row.id)), jobId: await evaluateJob(deps, actor, row) };
}

export async function updatePolicy(deps: JobDeps, actor: Actor, id: string, input: { source: string }) {
  requireRole(actor, 'operator');
  const before = await policyRow(deps.db, actor, id);
  const policy = compileOrRefuse(input.source);
  const row = await deps.db
    .transaction(async (tx) => {
      const [updated] = await tx
        .update(compliancePolicies)
        .set({
          source: input.source,
          ...fieldsOf(policy),
          revision: sql`${compliancePolicies.revision} + 1`,
          updatedAt: new Date(),
        })
        .where(eq(compliancePolicies.id, id))
        .returning();
      // Devices the new scope leaves out lose their results now (the evaluation only visits the
      // devices in scope); the others keep theirs until it compares, so a rule whose verdict
      // stands keeps its history and the time it began.
      const inScope = deviceFilterSql(systemActor('compliance'), {
        ...(policy.source.scope as DeviceFilter),
        customerId: [before.customerId],
      });
      await tx
        .delete(complianceResults)
        .where(
          and(
            eq(complianceResults.policyId, id),
            sql`${complianceResults.deviceId} not in (select ${devices.id} from ${devices} where ${inScope})`,
          ),
        );
      await recordDay(tx, [id]);
      // State verdicts stand until the next state check, unless the policy has none left.
      if (policy.source.state.length === 0)
        await tx
          .delete(complianceResults)
          .where(and(eq(complianceResults.policyId, id), eq(complianceResults.kind, 'state')));
      await recordAudit(tx, actor, {
        action: 'compliance.policy.update',
        customerId: before.customerId,
        targetType: 'compliance_policy',
        targetId: id,
        targetName: updated!.name,
        details: { revision: updated!.revision },
      });
      return updated!;
    })
    .catch(refuseTakenName(policy.source.name));
  return { ...(await getPolicy(deps.db, actor, row.id)), jobId: await evaluateJob(deps, actor, row) };
}

export async function deletePolicy(db: Db, actor: Actor, id: string) {
  requireRole(actor, 'operator');
  const row = await policyRow(db, actor, id);
  await db.transaction(async (tx) => {
    await tx.delete(compliancePolicies).where(eq(compliancePolicies.id, id));
    await recordAudit(tx, actor, {
      action: 'compliance.policy.delete',
      customerId: row.customerId,
      targetType: 'compliance_policy',
      targetId: id,
      targetName: row.name,
    });
  });
}

/** A device the actor sees, with its latest stored configuration (404 otherwise). */
async function deviceWithConfig(db: Executor, actor: Actor, deviceId: string) {
  const [row] = await db
    .select({
      ...templateDeviceColumns,
      config: configSnapshots.config,
    })
    .from(devices)
    .leftJoin(configLatest, eq(configLatest.deviceId, devices.id))
    .leftJoin(configSnapshots, eq(configSnapshots.id, configLatest.snapshotId))
    .where(and(eq(devices.id, deviceId), customerScope(actor, devices.customerId)));
  if (!row) throw notFound('device');
  return row;
}

/** "Test on device X": the policy as written, on one device's stored configuration, saving nothing. */
export async function testPolicy(db: Db, actor: Actor, input: { source: string; deviceId: string }) {
  // Part of writing a policy, which viewers do not.
  requireRole(actor, 'operator');
  const policy = compileOrRefuse(input.source);
  const device = await deviceWithConfig(db, actor, input.deviceId);
  if (device.config === null)
    throw badRequest('the device has no stored configuration yet', [
      { field: 'deviceId', message: 'has no stored configuration; back it up first' },
    ]);
  const [scoped] = await db
    .select({ id: devices.id })
    .from(devices)
    .where(
      and(
        eq(devices.id, device.id),
        deviceFilterSql(actor, { ...(policy.source.scope as DeviceFilter), customerId: [device.customerId] }),
      ),
    );
  const style = styleOf(device.platform);
  const parsed = parseConfig(device.config, style);
  const seen = templateDevice(device);
  const results = policy.rules.map((rule) => evaluateRule(rule, parsed, seen));
  return {
    deviceId: device.id,
    hostname: device.hostname,
    inScope: scoped !== undefined,
    results: results.map((r) => ({
      rule: r.rule,
      severity: r.severity,
      status: r.status,
      findings: r.findings,
      remediation: remediation(r.fixes, style),
    })),
    remediation: remediation(
      results.flatMap((r) => r.fixes),
      style,
    ),
  };
}

/**
 * The last 30 days of a policy: devices with results and how many complied, each day as of its
 * last change (a day without one carries the day before forward; days before the first are left
 * out).
 */
export async function policyTrend(db: Db, actor: Actor, id: string) {
  await policyRow(db, actor, id);
  const rows = await queryRows<{ day: string; devices: number; compliant: number }>(
    db,
    sql`select to_char(g.day, 'YYYY-MM-DD') as day, d.devices, d.compliant
        from generate_series(current_date - 29, current_date, interval '1 day') as g(day)
        cross join lateral (
          select devices, compliant from compliance_daily
          where policy_id = ${id} and day <= g.day order by day desc limit 1) d
        order by g.day`,
  );
  return { items: rows };
}

type ResultItem = {
  policyId: string;
  policyName: string;
  deviceId: string;
  hostname: string;
  platform: string;
  rule: string;
  kind: 'config' | 'state';
  severity: string;
  status: ResultStatus;
  findings: unknown;
  fixes: Fix[];
  snapshotId: string | null;
  since: string;
  evaluatedAt: Date;
};

/** Per rule, from each device × policy row's verdicts: failing first, then by device, policy, rule. */
export async function listResults(
  db: Db,
  actor: Actor,
  q: {
    page: number;
    pageSize: number;
    customerId?: string | undefined;
    policyId?: string | undefined;
    deviceId?: string | undefined;
    status?: ResultStatus | undefined;
  },
) {
  const from = sql`from ${complianceResults} cross join lateral jsonb_array_elements(${complianceResults.rules}) v
    join ${compliancePolicies} on ${compliancePolicies.id} = ${complianceResults.policyId}
    join ${devices} on ${devices.id} = ${complianceResults.deviceId}
    where ${and(
      customerScope(actor, complianceResults.customerId),
      q.customerId ? eq(complianceResults.customerId, q.customerId) : undefined,
      q.policyId ? eq(complianceResults.policyId, q.policyId) : undefined,
      q.deviceId ? eq(complianceResults.deviceId, q.deviceId) : undefined,
      // A row whose status is pass holds no failing rule: the index narrows before the unnest.
      q.status === 'fail' ? sql`${complianceResults.failing} > 0` : undefined,
      q.status ? sql`v->>'status' = ${q.status}` : undefined,
    )}`;
  const [items, [count]] = await Promise.all([
    queryRows<ResultItem>(
      db,
      sql`select ${complianceResults.policyId} as "policyId", ${compliancePolicies.name} as "policyName",
                 ${complianceResults.deviceId} as "deviceId", ${devices.hostname} as hostname,
                 ${devices.platform} as platform, v->>'rule' as rule, ${complianceResults.kind} as kind,
                 v->>'severity' as severity, v->>'status' as status,
                 coalesce(v->'findings', '[]') as findings, coalesce(v->'fixes', '[]') as fixes, ${complianceResults.snapshotId} as "snapshotId",
                 coalesce(v->>'since', to_json(${complianceResults.writtenAt}) #>> '{}') as since,
                 ${complianceResults.evaluatedAt} as "evaluatedAt"
          ${from}
          order by (v->>'status' = 'fail') desc, ${devices.hostname}, ${compliancePolicies.name}, v->>'rule'
          limit ${q.pageSize} offset ${(q.page - 1) * q.pageSize}`,
    ),
    queryRows<{ n: number }>(db, sql`select count(*)::int as n ${from}`),
  ]);
  return {
    items: items.map(({ fixes, platform, since, evaluatedAt, ...r }) => ({
      ...r,
      since: new Date(since),
      evaluatedAt: new Date(evaluatedAt),
      remediation: remediation(fixes, styleOf(platform)),
    })),
    total: count?.n ?? 0,
    page: q.page,
    pageSize: q.pageSize,
  };
}

/**
 * One click from failures to a fix: a draft change with, per device, the configuration that
 * fixes its failing configuration rules (of one policy or all), ready for preview. Devices with
 * nothing to fix are left out; none at all is a 400.
 */
export async function remediate(
  deps: JobDeps,
  actor: Actor,
  input: {
    customerId: string;
    policyId?: string | undefined;
    deviceIds: string[];
    title?: string | undefined;
  },
) {
  requireRole(actor, 'operator');
  assertCustomerVisible(actor, input.customerId);
  const rows = await deps.db
    .select({
      deviceId: complianceResults.deviceId,
      hostname: devices.hostname,
      platform: devices.platform,
      rules: complianceResults.rules,
      policyName: compliancePolicies.name,
    })
    .from(complianceResults)
    .innerJoin(devices, eq(devices.id, complianceResults.deviceId))
    .innerJoin(compliancePolicies, eq(compliancePolicies.id, complianceResults.policyId))
    .where(
      and(
        eq(complianceResults.customerId, input.customerId),
        customerScope(actor, complianceResults.customerId),
        sql`${complianceResults.failing} > 0`,
        eq(complianceResults.kind, 'config'),
        sql`${complianceResults.deviceId} in ${input.deviceIds}`,
        input.policyId ? eq(complianceResults.policyId, input.policyId) : undefined,
      ),
    )
    .orderBy(devices.hostname, compliancePolicies.name);
  const perDevice = new Map<
    string,
    { hostname: string; platform: string; fixes: Fix[]; policies: Set<string> }
  >();
  for (const r of rows) {
    const fixes = r.rules.filter((v) => v.status === 'fail').flatMap((v) => v.fixes ?? []);
    const d = perDevice.get(r.deviceId) ?? {
      hostname: r.hostname,
      platform: r.platform,
      fixes: [],
      policies: new Set(),
    };
    d.fixes.push(...fixes);
    d.policies.add(r.policyName);
    perDevice.set(r.deviceId, d);
  }
  const fixes = [...perDevice.entries()]
    .map(([id, d]) => ({ id, ...d, text: remediation(d.fixes, styleOf(d.platform)) }))
    .filter((d) => d.text.trim() !== '');
  if (fixes.length === 0)
    throw badRequest('none of these devices has a failing rule webnet can fix', [
      { field: 'deviceIds', message: 'no failing configuration rule with a fix' },
    ]);
  const policies = [...new Set(fixes.flatMap((d) => [...d.policies]))];
  return createChange(deps.db, actor, {
    customerId: input.customerId,
    title: input.title ?? `Remediate ${policies.slice(0, 3).join(', ')}${policies.length > 3 ? ', …' : ''}`,
    description: `Generated from the failing compliance rules of ${fixes.length} device${fixes.length === 1 ? '' : 's'} (${policies.join(', ')}).`,
    targets: { deviceIds: fixes.map((d) => d.id) },
    mode: 'merge',
    // Each device's own fix, as a variable: the template itself holds nothing device-specific.
    template: '{{ remediation }}',
    variables: {},
    deviceVariables: Object.fromEntries(fixes.map((d) => [d.hostname, { remediation: d.text }])),
    rollout: { canary: 1, batchSize: 50, pauseSeconds: 0, maxFailurePercent: 0 },
    confirmMinutes: 5,
    checks: [],
  });
}
