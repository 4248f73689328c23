import { and, eq, inArray, or, sql } from 'drizzle-orm';
import type { Tx } from '../../platform/db/client.ts';
import { devices } from '../devices/table.ts';
import type { Stored, StoreItem } from '../jobs/contract.ts';
import type { Found } from './probe.ts';
import { discoveredDevices } from './table.ts';

type Known = { id: string; mgmtIp: string; hostname: string; serial: string };

/** The inventory device a found one already is: by address, then serial, then hostname. */
function matchOf(f: Found, known: Known[]) {
  const byAddress = known.find((k) => k.mgmtIp === f.address);
  if (byAddress) return { match: 'address' as const, id: byAddress.id };
  const bySerial = f.serial ? known.find((k) => k.serial === f.serial) : undefined;
  if (bySerial) return { match: 'serial' as const, id: bySerial.id };
  const name = f.hostname.toLowerCase();
  const byName = name ? known.find((k) => k.hostname.toLowerCase() === name) : undefined;
  if (byName) return { match: 'hostname' as const, id: byName.id };
  return undefined;
}

/**
 * A block's finds, in the transaction that records the block as done (so a block that runs
 * twice stores them once), each marked new or known against the customer's inventory.
 */
export async function storeFound(tx: Tx, items: StoreItem<Found[]>[]): Promise<Stored[]> {
  for (const item of items) {
    const found = item.value;
    if (found.length === 0) continue;
    const customerId = item.device.customerId;
    const serials = found.map((f) => f.serial).filter(Boolean);
    const names = found.map((f) => f.hostname.toLowerCase()).filter(Boolean);
    const known: Known[] = await tx
      .select({
        id: devices.id,
        mgmtIp: sql<string>`host(${devices.mgmtIp})`,
        hostname: devices.hostname,
        serial: sql<string>`coalesce(${devices.facts}->>'serial', '')`,
      })
      .from(devices)
      .where(
        and(
          eq(devices.customerId, customerId),
          or(
            inArray(
              sql`host(${devices.mgmtIp})`,
              found.map((f) => f.address),
            ),
            serials.length ? inArray(sql`${devices.facts}->>'serial'`, serials) : undefined,
            names.length ? inArray(sql`lower(${devices.hostname})`, names) : undefined,
          ),
        ),
      );
    await tx
      .insert(discoveredDevices)
      .values(
        found.map((f) => {
          const m = matchOf(f, known);
          return {
            jobId: item.jobId,
            customerId,
            address: f.address,
            port: f.port,
            transport: f.transport,
            banner: f.banner,
            hostKey: f.hostKey,
            platform: f.platform,
            hostname: f.hostname,
            serial: f.serial,
            model: f.model,
            osVersion: f.osVersion,
            credentialId: f.credentialId,
            note: f.note,
            status: m ? ('known' as const) : ('new' as const),
            match: m?.match ?? null,
            matchedDeviceId: m?.id ?? null,
          };
        }),
      )
      .onConflictDoNothing();
  }
  return items.map(() => ({}));
}
