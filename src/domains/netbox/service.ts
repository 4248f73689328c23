import { eq, sql } from 'drizzle-orm';
import type { Db, Executor } from '../../platform/db/client.ts';
import { notFound, validationFailed } from '../../platform/errors.ts';
import type { SecretBox } from '../../platform/secrets.ts';
import { type Actor, requireRole } from '../../platform/tenancy.ts';
import { recordAudit } from '../audit/service.ts';
import { requireCustomer } from '../customers/service.ts';
import type { NetboxSourceIn } from './schemas.ts';
import { netboxSources } from './table.ts';

const publicColumns = {
  customerId: netboxSources.customerId,
  url: netboxSources.url,
  hasToken: sql<boolean>`${netboxSources.tokenEnc} is not null`,
  filters: netboxSources.filters,
  platformMap: netboxSources.platformMap,
  customFields: netboxSources.customFields,
  disableMissing: netboxSources.disableMissing,
  lastSyncAt: netboxSources.lastSyncAt,
  lastSyncJobId: netboxSources.lastSyncJobId,
  createdAt: netboxSources.createdAt,
  updatedAt: netboxSources.updatedAt,
};

// The customer is bound into the ciphertext: a token copied to another customer's row fails to open.
const context = (customerId: string) => `netbox:${customerId}:token`;

/** The customer's source, or null when it has none (another customer's answers 404). */
export async function findNetboxSource(exec: Executor, actor: Actor, customerId: string) {
  await requireCustomer(exec, actor, customerId);
  const [row] = await exec
    .select(publicColumns)
    .from(netboxSources)
    .where(eq(netboxSources.customerId, customerId));
  return row ?? null;
}

export async function getNetboxSource(exec: Executor, actor: Actor, customerId: string) {
  const row = await findNetboxSource(exec, actor, customerId);
  if (!row) throw notFound('NetBox source');
  return row;
}

/** Creates or replaces the customer's NetBox source (admins); a token left out keeps the stored one. */
export async function putNetboxSource(
  db: Db,
  box: SecretBox,
  actor: Actor,
  customerId: string,
  input: NetboxSourceIn,
) {
  requireRole(actor, 'admin');
  return db.transaction(async (tx) => {
    await requireCustomer(tx, actor, customerId);
    const [before] = await tx
      .select({ tokenEnc: netboxSources.tokenEnc })
      .from(netboxSources)
      .where(eq(netboxSources.customerId, customerId));
    if (!before && !input.token)
      throw validationFailed([{ field: 'token', message: 'is required the first time' }]);
    const tokenEnc = input.token ? box.encrypt(input.token, context(customerId)) : before!.tokenEnc;
    const values = {
      url: input.url,
      tokenEnc,
      filters: input.filters,
      platformMap: input.platformMap,
      customFields: input.customFields,
      disableMissing: input.disableMissing,
      updatedAt: new Date(),
    };
    await tx
      .insert(netboxSources)
      .values({ customerId, ...values })
      .onConflictDoUpdate({ target: netboxSources.customerId, set: values });
    await recordAudit(tx, actor, {
      action: before ? 'netbox.update' : 'netbox.create',
      customerId,
      targetType: 'customer',
      targetId: customerId,
      // Never the token.
      details: { url: input.url, filters: input.filters, tokenChanged: Boolean(input.token) },
    });
    return getNetboxSource(tx, actor, customerId);
  });
}

export async function deleteNetboxSource(db: Db, actor: Actor, customerId: string) {
  requireRole(actor, 'admin');
  await db.transaction(async (tx) => {
    await getNetboxSource(tx, actor, customerId);
    await tx.delete(netboxSources).where(eq(netboxSources.customerId, customerId));
    await recordAudit(tx, actor, {
      action: 'netbox.delete',
      customerId,
      targetType: 'customer',
      targetId: customerId,
    });
  });
}

/** For the sync only: the source with its token opened. Never reaches an HTTP answer. */
export async function openNetboxSource(exec: Executor, box: SecretBox, customerId: string) {
  const [row] = await exec.select().from(netboxSources).where(eq(netboxSources.customerId, customerId));
  if (!row) return undefined;
  return { ...row, token: box.decrypt(row.tokenEnc, context(customerId)) };
}
