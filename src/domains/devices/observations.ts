import { and, sql } from 'drizzle-orm';
import { pgArray } from '../../platform/db/arrays.ts';
import type { Executor, Tx } from '../../platform/db/client.ts';
import { inUuids, queryRows } from '../../platform/db/client.ts';
import { notify } from '../notifications/outbox.ts';
import { type DeviceFacts, devices } from './table.ts';

/** What jobs need of a device to reach it (the credential is opened by the credentials domain). */
export async function devicesForTasks(exec: Executor, ids: string[]) {
  if (ids.length === 0) return [];
  return exec
    .select({
      id: devices.id,
      customerId: devices.customerId,
      hostname: devices.hostname,
      mgmtIp: sql<string>`host(${devices.mgmtIp})`,
      port: devices.port,
      platform: devices.platform,
      legacySsh: devices.legacySsh,
      transport: devices.transport,
      hostKey: devices.sshHostKeyFingerprint,
      credentialId: devices.credentialId,
      learnedCredentialId: devices.learnedCredentialId,
      credentialsFailedAt: devices.credentialsFailedAt,
      tags: devices.tags,
      site: devices.site,
      role: devices.role,
      enabled: devices.enabled,
    })
    .from(devices)
    .where(inUuids(devices.id, ids));
}

export type Observation = {
  deviceId: string;
  /** Reached (true), not reached (false), or nothing learnt about reachability (undefined). */
  reachable?: boolean;
  /** Why it was not reached (said in the notification when it was reachable before). */
  why?: string | null;
  hostKey?: string | undefined;
  /** The customer credential that logged in (devices without one of their own). */
  credentialId?: string | undefined;
  /** Every credential the device may try was refused. */
  credentialsFailed?: boolean;
  /** A backup's result: the device's last backup from now on. */
  backup?: { jobId: string; at: Date; ok: boolean; category: string | null; error: string | null };
};

/**
 * What a job learnt by talking to devices: reachable or not, seen when, the SSH host key (pinned
 * the first time; a changed key is refused by netio, never silently re-pinned), and for devices
 * trying the customer's credentials, the one that logged in or the time all were refused.
 */
export async function recordObservations(tx: Tx, observations: Observation[]): Promise<void> {
  if (observations.length === 0) return;
  const last = new Map(observations.map((o) => [o.deviceId, o]));
  const list = [...last.values()];
  await notifyUnreachable(tx, list);
  await queryRows(
    tx,
    sql`update devices d set
          reachability = case when u.reachable is null then d.reachability
                              when u.reachable then 'reachable' else 'unreachable' end,
          last_seen_at = case when u.reachable then now() else d.last_seen_at end,
          ssh_host_key_fingerprint = coalesce(d.ssh_host_key_fingerprint, nullif(u.host_key, '')),
          learned_credential_id = coalesce(u.credential_id, d.learned_credential_id),
          credentials_failed_at = case when u.credentials_failed then now()
                                       when u.credential_id is not null then null
                                       else d.credentials_failed_at end,
          last_backup_at = coalesce(u.backup_at, d.last_backup_at),
          last_backup_result = case when u.backup_at is null then d.last_backup_result
                                    when u.backup_ok then 'success' else 'failed' end,
          last_backup_error_category = case when u.backup_at is null then d.last_backup_error_category
                                            else u.backup_category end,
          last_backup_error = case when u.backup_at is null then d.last_backup_error else u.backup_error end,
          last_backup_job_id = coalesce(u.backup_job, d.last_backup_job_id),
          last_backup_ok_at = case when u.backup_ok then u.backup_at else d.last_backup_ok_at end,
          updated_at = now()
        from unnest(${`{${list.map((o) => o.deviceId).join(',')}}`}::uuid[],
                    ${pgArray(list.map((o) => o.reachable ?? null))}::boolean[],
                    ${pgArray(list.map((o) => o.hostKey ?? null))}::text[],
                    ${pgArray(list.map((o) => o.credentialId ?? null))}::uuid[],
                    ${pgArray(list.map((o) => o.credentialsFailed ?? false))}::boolean[],
                    ${pgArray(list.map((o) => o.backup?.at.toISOString() ?? null))}::timestamptz[],
                    ${pgArray(list.map((o) => o.backup?.ok ?? null))}::boolean[],
                    ${pgArray(list.map((o) => o.backup?.category ?? null))}::text[],
                    ${pgArray(list.map((o) => o.backup?.error ?? null))}::text[],
                    ${pgArray(list.map((o) => o.backup?.jobId ?? null))}::uuid[])
          as u(id, reachable, host_key, credential_id, credentials_failed,
               backup_at, backup_ok, backup_category, backup_error, backup_job)
        where d.id = u.id`,
  );
}

/** Devices that were not known unreachable and now are: one event each (read before the update). */
async function notifyUnreachable(tx: Tx, list: Observation[]): Promise<void> {
  const down = list.filter((o) => o.reachable === false);
  if (down.length === 0) return;
  const flipped = await tx
    .select({ id: devices.id, customerId: devices.customerId, hostname: devices.hostname })
    .from(devices)
    .where(
      and(
        inUuids(
          devices.id,
          down.map((o) => o.deviceId),
        ),
        sql`${devices.reachability} is distinct from 'unreachable'`,
      ),
    );
  const why = new Map(down.map((o) => [o.deviceId, o.why ?? null]));
  await notify(
    tx,
    flipped.map((d) => ({
      customerId: d.customerId,
      type: 'device.unreachable' as const,
      deviceId: d.id,
      payload: { deviceId: d.id, hostname: d.hostname, error: why.get(d.id) },
    })),
  );
}

export type FactsUpdate = {
  deviceId: string;
  facts: DeviceFacts;
  platform?: string | undefined;
  vendor?: string;
};

/** Facts replace the old ones; a platform or vendor is only filled in where the inventory had none. */
export async function storeFacts(tx: Tx, updates: FactsUpdate[]): Promise<void> {
  for (const u of updates) {
    await tx
      .update(devices)
      .set({
        facts: u.facts,
        platform: u.platform ? sql`coalesce(nullif(${devices.platform}, ''), ${u.platform})` : undefined,
        vendor: u.vendor ? sql`coalesce(nullif(${devices.vendor}, ''), ${u.vendor})` : undefined,
        updatedAt: new Date(),
      })
      .where(sql`${devices.id} = ${u.deviceId}`);
  }
}

/** Devices of one customer by hostname, case-insensitive, also matching a reported FQDN's first label. */
export async function deviceIdsByHostname(
  exec: Executor,
  customerId: string,
  names: string[],
): Promise<Map<string, string>> {
  const wanted = [...new Set(names.flatMap((n) => [n.toLowerCase(), n.toLowerCase().split('.')[0]!]))];
  if (wanted.length === 0) return new Map();
  const rows = await exec
    .select({ id: devices.id, hostname: devices.hostname })
    .from(devices)
    .where(
      sql`${devices.customerId} = ${customerId} and lower(${devices.hostname}) = any(${pgArray(wanted)}::text[])`,
    );
  const byName = new Map(rows.map((r) => [r.hostname.toLowerCase(), r.id]));
  const out = new Map<string, string>();
  for (const n of names) {
    const id = byName.get(n.toLowerCase()) ?? byName.get(n.toLowerCase().split('.')[0]!);
    if (id) out.set(n, id);
  }
  return out;
}
