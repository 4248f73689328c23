import { and, eq, inArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db, Executor } from '../../platform/db/client.ts';
import { badRequest } from '../../platform/errors.ts';
import { type Actor, canSeeCustomer, customerScope, requireRole } from '../../platform/tenancy.ts';
import { recordAudit } from '../audit/service.ts';
import { credentialIdsByName } from '../credentials/service.ts';
import { customers } from '../customers/table.ts';
import {
  COLUMN_OF_FIELD,
  type CsvProblem,
  type CsvRow,
  parseBool,
  parseDeviceCsv,
  splitTags,
} from './csv.ts';
import { deviceFields } from './schemas.ts';
import { devices } from './table.ts';

const rowSchema = z.strictObject(deviceFields);
type RowInput = z.output<typeof rowSchema>;
type Planned = {
  line: number;
  customerId: string;
  input: RowInput;
  existingId?: string;
  action: 'create' | 'update' | 'unchanged';
};

export type ImportReport = {
  dryRun: boolean;
  ok: boolean;
  total: number;
  created: number;
  updated: number;
  unchanged: number;
  rows: { line: number; hostname: string; action: 'create' | 'update' | 'unchanged' | 'error' }[];
  errors: CsvProblem[];
};

const COMPARED = [
  'mgmtIp',
  'port',
  'vendor',
  'platform',
  'role',
  'site',
  'tags',
  'description',
  'credentialId',
  'enabled',
  'legacySsh',
  'transport',
] as const;

async function customerNames(exec: Executor, actor: Actor) {
  const rows = await exec
    .select({ id: customers.id, name: customers.name })
    .from(customers)
    .where(customerScope(actor, customers.id));
  return new Map(rows.map((r) => [r.name.toLowerCase(), r.id]));
}

/** Turns one CSV row into API input, collecting every problem with its line and column. */
function rowToInput(row: CsvRow, credentialId: string | null, problems: CsvProblem[]): RowInput | undefined {
  const v = row.values;
  const enabled = parseBool(v.enabled, true);
  const legacySsh = parseBool(v.legacy_ssh, false);
  if (enabled === undefined)
    problems.push({ line: row.line, field: 'enabled', message: 'must be true or false' });
  if (legacySsh === undefined)
    problems.push({ line: row.line, field: 'legacy_ssh', message: 'must be true or false' });
  const transport = (v.transport ?? '').trim().toLowerCase() || 'ssh';
  // A telnet device without a port answers on telnet's.
  const port = v.port ? Number(v.port) : transport === 'telnet' ? 23 : 22;
  const parsed = rowSchema.safeParse({
    hostname: v.hostname ?? '',
    mgmtIp: v.mgmt_ip ?? '',
    port,
    vendor: v.vendor ?? '',
    platform: v.platform ?? '',
    role: v.role ?? '',
    site: v.site ?? '',
    tags: splitTags(v.tags),
    description: v.description ?? '',
    credentialId,
    enabled: enabled ?? true,
    legacySsh: legacySsh ?? false,
    transport,
  });
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = COLUMN_OF_FIELD[String(issue.path[0])] ?? String(issue.path[0]);
      problems.push({ line: row.line, field, message: issue.message });
    }
    return undefined;
  }
  return enabled === undefined || legacySsh === undefined ? undefined : parsed.data;
}

export async function importDevicesCsv(
  db: Db,
  actor: Actor,
  opts: { csv: string; customerId?: string | undefined; dryRun: boolean },
): Promise<ImportReport> {
  requireRole(actor, 'operator');
  if (opts.customerId && !canSeeCustomer(actor, opts.customerId)) {
    throw badRequest('unknown customer', [{ field: 'customerId', message: 'unknown customer' }]);
  }
  const { rows, problems } = parseDeviceCsv(opts.csv);
  const byName = await customerNames(db, actor);
  if (opts.customerId && ![...byName.values()].includes(opts.customerId)) {
    throw badRequest('unknown customer', [{ field: 'customerId', message: 'unknown customer' }]);
  }
  const credentialMaps = new Map<string, Map<string, string>>();
  const planned: Planned[] = [];
  const seen = new Map<string, number>();
  for (const row of rows) {
    const named = row.values.customer;
    const customerId = named ? byName.get(named.toLowerCase()) : opts.customerId;
    if (!customerId) {
      problems.push({
        line: row.line,
        field: 'customer',
        message: named ? `unknown customer "${named}"` : 'no customer column and no customerId given',
      });
      continue;
    }
    if (!credentialMaps.has(customerId))
      credentialMaps.set(customerId, await credentialIdsByName(db, customerId));
    const credName = row.values.credential;
    const credentialId = credName ? credentialMaps.get(customerId)!.get(credName.toLowerCase()) : null;
    if (credName && !credentialId) {
      problems.push({
        line: row.line,
        field: 'credential',
        message: `no credential named "${credName}" in this customer`,
      });
    }
    const input = rowToInput(row, credentialId ?? null, problems);
    if (!input) continue;
    const key = `${customerId}|${input.hostname.toLowerCase()}`;
    const first = seen.get(key);
    if (first !== undefined) {
      problems.push({ line: row.line, field: 'hostname', message: `duplicate of line ${first}` });
      continue;
    }
    seen.set(key, row.line);
    planned.push({ line: row.line, customerId, input, action: 'create' });
  }
  await matchExisting(db, planned);
  const errorLines = new Set(problems.map((p) => p.line));
  const plannedByLine = new Map(planned.map((p) => [p.line, p]));
  const report: ImportReport = {
    dryRun: opts.dryRun,
    ok: problems.length === 0,
    total: rows.length,
    created: planned.filter((p) => p.action === 'create').length,
    updated: planned.filter((p) => p.action === 'update').length,
    unchanged: planned.filter((p) => p.action === 'unchanged').length,
    rows: rows.map((r) => {
      const p = plannedByLine.get(r.line);
      return {
        line: r.line,
        hostname: r.values.hostname ?? '',
        action: errorLines.has(r.line) || !p ? 'error' : p.action,
      };
    }),
    errors: problems.sort((a, b) => a.line - b.line),
  };
  if (!report.ok || opts.dryRun) return report;
  await db.transaction((tx) => apply(tx, actor, planned));
  return report;
}

async function matchExisting(exec: Executor, planned: Planned[]) {
  const customerIds = [...new Set(planned.map((p) => p.customerId))];
  for (const customerId of customerIds) {
    const mine = planned.filter((p) => p.customerId === customerId);
    for (let i = 0; i < mine.length; i += 1000) {
      const chunk = mine.slice(i, i + 1000);
      const existing = await exec
        .select()
        .from(devices)
        .where(
          and(
            eq(devices.customerId, customerId),
            inArray(
              sql`lower(${devices.hostname})`,
              chunk.map((p) => p.input.hostname.toLowerCase()),
            ),
          ),
        );
      const byHost = new Map(existing.map((d) => [d.hostname.toLowerCase(), d]));
      for (const p of chunk) {
        const d = byHost.get(p.input.hostname.toLowerCase());
        if (!d) continue;
        p.existingId = d.id;
        const same =
          COMPARED.every((k) => JSON.stringify(d[k]) === JSON.stringify(p.input[k])) &&
          d.hostname === p.input.hostname;
        p.action = same ? 'unchanged' : 'update';
      }
    }
  }
}

async function apply(tx: Executor, actor: Actor, planned: Planned[]) {
  const creates = planned.filter((p) => p.action === 'create');
  for (let i = 0; i < creates.length; i += 500) {
    await tx
      .insert(devices)
      .values(creates.slice(i, i + 500).map((p) => ({ ...p.input, customerId: p.customerId })));
  }
  for (const p of planned.filter((x) => x.action === 'update')) {
    await tx
      .update(devices)
      .set({ ...p.input, updatedAt: new Date() })
      .where(eq(devices.id, p.existingId!));
  }
  for (const customerId of new Set(planned.map((p) => p.customerId))) {
    const mine = planned.filter((p) => p.customerId === customerId);
    await recordAudit(tx, actor, {
      action: 'device.import',
      customerId,
      targetType: 'device',
      details: {
        created: mine.filter((p) => p.action === 'create').length,
        updated: mine.filter((p) => p.action === 'update').length,
        unchanged: mine.filter((p) => p.action === 'unchanged').length,
      },
    });
  }
}
