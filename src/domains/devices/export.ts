import { asc, eq } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.ts';
import type { Actor } from '../../platform/tenancy.ts';
import { credentials } from '../credentials/table.ts';
import { customers } from '../customers/table.ts';
import { toCsv } from './csv.ts';
import { type DeviceFilter, deviceFilterSql } from './filter.ts';
import { devices } from './table.ts';

const CHUNK = 5000;

/** Yields the CSV a chunk at a time, so exporting 100,000 devices never holds them all in memory. */
export async function* exportDevicesCsv(db: Db, actor: Actor, filter: DeviceFilter): AsyncGenerator<string> {
  const cond = deviceFilterSql(actor, filter);
  for (let offset = 0; ; offset += CHUNK) {
    const rows = await db
      .select({
        customer: customers.name,
        hostname: devices.hostname,
        mgmtIp: devices.mgmtIp,
        port: devices.port,
        vendor: devices.vendor,
        platform: devices.platform,
        role: devices.role,
        site: devices.site,
        tags: devices.tags,
        credential: credentials.name,
        enabled: devices.enabled,
        legacySsh: devices.legacySsh,
        transport: devices.transport,
        description: devices.description,
      })
      .from(devices)
      .innerJoin(customers, eq(customers.id, devices.customerId))
      .leftJoin(credentials, eq(credentials.id, devices.credentialId))
      .where(cond)
      .orderBy(asc(customers.name), asc(devices.hostname), asc(devices.id))
      .limit(CHUNK)
      .offset(offset);
    yield toCsv(
      rows.map((r) => ({
        customer: r.customer,
        hostname: r.hostname,
        mgmt_ip: r.mgmtIp,
        port: String(r.port),
        vendor: r.vendor,
        platform: r.platform,
        role: r.role,
        site: r.site,
        tags: r.tags.join(';'),
        credential: r.credential ?? '',
        enabled: String(r.enabled),
        legacy_ssh: String(r.legacySsh),
        transport: r.transport,
        description: r.description,
      })),
      offset === 0,
    );
    if (rows.length < CHUNK) return;
  }
}
