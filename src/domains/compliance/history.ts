/**
 * A device's compliance history read back: each time one of its rules changed status (written
 * by results.ts as verdicts are stored), newest first, so an operator can follow a rule that
 * flaps, not only the time its present status began.
 */
import { and, desc, eq } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.ts';
import { paginate } from '../../platform/db/paging.ts';
import { type Actor, customerScope } from '../../platform/tenancy.ts';
import { devices } from '../devices/table.ts';
import type { HistoryQuery } from './schemas.ts';
import { complianceHistory, compliancePolicies } from './table.ts';

export async function listHistory(db: Db, actor: Actor, q: HistoryQuery) {
  const h = complianceHistory;
  const where = and(
    customerScope(actor, h.customerId),
    q.customerId ? eq(h.customerId, q.customerId) : undefined,
    q.policyId ? eq(h.policyId, q.policyId) : undefined,
    q.deviceId ? eq(h.deviceId, q.deviceId) : undefined,
    q.rule ? eq(h.rule, q.rule) : undefined,
  );
  return paginate(db, h, where, q, (limit, offset) =>
    db
      .select({
        policyId: h.policyId,
        policyName: compliancePolicies.name,
        deviceId: h.deviceId,
        hostname: devices.hostname,
        rule: h.rule,
        status: h.status,
        at: h.at,
      })
      .from(h)
      .innerJoin(compliancePolicies, eq(compliancePolicies.id, h.policyId))
      .innerJoin(devices, eq(devices.id, h.deviceId))
      .where(where)
      .orderBy(desc(h.at), desc(h.id))
      .limit(limit)
      .offset(offset),
  );
}
