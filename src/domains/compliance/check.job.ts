import { and, eq, inArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import {
  type BackupOptions,
  getArpTable,
  getBgpNeighbors,
  getBgpNeighborsDetail,
  getEnvironment,
  getFacts,
  getInterfaces,
  getInterfacesIp,
  getLldpNeighbors,
  getLldpNeighborsDetail,
  getMacAddressTable,
  getNtpServers,
  getRouteTo,
  getSnmpInformation,
  getUsers,
  getVlans,
  NetioError,
  ping,
} from '../../netio/index.ts';
import type { Session } from '../../netio/session.ts';
import { systemActor } from '../../platform/tenancy.ts';
import { type DeviceFilter, deviceFilterSql } from '../devices/filter.ts';
import { devices } from '../devices/table.ts';
import { defineJob } from '../jobs/contract.ts';
import { onDevice } from '../jobs/device-target.ts';
import { compilePolicy, type STATE_GETTERS } from './policy.ts';
import { type ResultRow, storeResults } from './results.ts';
import { compliancePolicies } from './table.ts';
import { complianceReport, type Json, NotImplementedGetter } from './validate.ts';

/**
 * NAPALM's getter names, read through netio. Those answered from the configuration read it as a
 * backup does, secrets redacted with the same key (a community is a marker, never its name).
 */
type Read = (s: Session, o: BackupOptions, kwargs: Record<string, unknown>) => Promise<unknown>;

/** ping's `_kwargs` as NAPALM names them (destination, source, ttl, timeout, size, count, vrf). */
const pingWith: Read = (s, _o, k) => {
  const text = (v: unknown) => (typeof v === 'string' ? v : v === undefined ? undefined : String(v));
  const int = (v: unknown) => (v === undefined ? undefined : Number(v));
  return ping(s, {
    destination: text(k.destination) ?? '',
    ...(k.source !== undefined ? { source: text(k.source) } : {}),
    ...(k.vrf !== undefined ? { vrf: text(k.vrf) } : {}),
    ...(k.ttl !== undefined ? { ttl: int(k.ttl) } : {}),
    ...(k.timeout !== undefined ? { timeout: int(k.timeout) } : {}),
    ...(k.size !== undefined ? { size: int(k.size) } : {}),
    ...(k.count !== undefined ? { count: int(k.count) } : {}),
  });
};

const GETTERS: Record<(typeof STATE_GETTERS)[number], Read> = {
  get_facts: getFacts,
  get_interfaces: getInterfaces,
  get_interfaces_ip: getInterfacesIp,
  get_lldp_neighbors: getLldpNeighbors,
  get_lldp_neighbors_detail: getLldpNeighborsDetail,
  get_ntp_servers: getNtpServers,
  get_users: getUsers,
  get_snmp_information: getSnmpInformation,
  get_arp_table: getArpTable,
  get_mac_address_table: getMacAddressTable,
  get_environment: getEnvironment,
  get_vlans: getVlans,
  get_bgp_neighbors: getBgpNeighbors,
  get_bgp_neighbors_detail: (s, _o, k) =>
    getBgpNeighborsDetail(s, {
      neighborAddress: typeof k.neighbor_address === 'string' ? k.neighbor_address : undefined,
    }),
  get_route_to: (s, _o, k) =>
    getRouteTo(s, {
      destination: typeof k.destination === 'string' ? k.destination : '',
      protocol: typeof k.protocol === 'string' ? k.protocol : undefined,
    }),
  ping: pingWith,
};

export const complianceCheckOutput = z.object({
  policies: z.number().describe('policies with state rules in scope for the device'),
  failing: z.number().describe('getter checks the device does not comply with'),
  reports: z.record(z.string(), z.unknown()).describe("NAPALM's compliance report per policy name"),
});

type Value = { rows: ResultRow[] };

const system = systemActor('compliance');

/**
 * State rules: the getters each policy in scope names are read from the device (each once, however
 * many policies name it) and judged as NAPALM's compliance_report does. One result per policy and
 * getter, its findings the report's entry for it.
 */
export const complianceCheckJob = defineJob({
  type: 'compliance_check',
  description:
    "Read the getters of the devices' compliance policies and judge them as NAPALM's validate does",
  payload: z.strictObject({
    policyId: z
      .uuid()
      .optional()
      .describe('only this policy (default: every policy of the devices’ customers)'),
  }),
  output: complianceCheckOutput,
  needsCredential: true,
  async run(device, payload, ctx) {
    const policies = await ctx.db
      .select({
        id: compliancePolicies.id,
        name: compliancePolicies.name,
        source: compliancePolicies.source,
        scope: compliancePolicies.scope,
      })
      .from(compliancePolicies)
      .where(
        and(
          eq(compliancePolicies.customerId, device.customerId),
          sql`${compliancePolicies.stateCount} > 0`,
          payload.policyId ? eq(compliancePolicies.id, payload.policyId) : undefined,
        ),
      );
    const inScope: typeof policies = [];
    for (const p of policies) {
      const [hit] = await ctx.db
        .select({ id: devices.id })
        .from(devices)
        .where(
          and(
            inArray(devices.id, [device.id]),
            deviceFilterSql(system, { ...(p.scope as DeviceFilter), customerId: [device.customerId] }),
          ),
        );
      if (hit) inScope.push(p);
    }
    if (inScope.length === 0)
      return {
        summary: 'no state rules for this device',
        output: { policies: 0, failing: 0, reports: {} },
        value: { rows: [] },
      };
    return onDevice(device, ctx, async (session, hostKey) => {
      const read = new Map<string, Promise<unknown>>();
      const rows: ResultRow[] = [];
      const reports: Record<string, unknown> = {};
      let failing = 0;
      for (const p of inScope) {
        const checks = compilePolicy(p.source).source.state as Json;
        const report = await complianceReport(checks, async (getter, kwargs) => {
          const fn = GETTERS[getter as keyof typeof GETTERS];
          if (!fn) throw new NotImplementedGetter(getter);
          // Read once per getter and arguments (two pings to two destinations are two reads).
          const key = `${getter} ${JSON.stringify(kwargs)}`;
          if (!read.has(key)) read.set(key, fn(session, { redactionKey: ctx.redactionKey }, kwargs));
          try {
            return (await read.get(key)) as Json;
          } catch (err) {
            if (err instanceof NetioError && err.category === 'unsupported')
              throw new NotImplementedGetter(getter);
            throw err;
          }
        });
        reports[p.name] = report;
        for (const [key, entry] of Object.entries(report)) {
          if (key === 'complies' || key === 'skipped') continue;
          const e = entry as { complies?: boolean; skipped?: boolean };
          const status = e.skipped ? 'not_applicable' : e.complies ? 'pass' : 'fail';
          if (status === 'fail') failing++;
          rows.push({
            policy_id: p.id,
            device_id: device.id,
            customer_id: device.customerId,
            rule: `state: ${key}`,
            kind: 'state',
            severity: 'medium',
            status,
            findings: entry,
            fixes: [],
            snapshot_id: null,
          });
        }
      }
      return {
        summary: failing ? `${failing} state checks fail` : 'complies',
        output: { policies: inScope.length, failing, reports },
        hostKey,
        value: { rows } satisfies Value,
      };
    });
  },
  async store(tx, items) {
    await storeResults(
      tx,
      items.flatMap((i) => i.value.rows),
    );
    return items.map((i) => ({
      count:
        i.value.rows.length === 0
          ? 'no state rules'
          : i.value.rows.some((r) => r.status === 'fail')
            ? 'failing'
            : 'compliant',
    }));
  },
});
