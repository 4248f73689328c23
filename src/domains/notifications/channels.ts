import { randomUUID } from 'node:crypto';
import { and, asc, eq, type SQL, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { Db, Executor } from '../../platform/db/client.ts';
import { paginate } from '../../platform/db/paging.ts';
import { notFound, validationFailed } from '../../platform/errors.ts';
import type { SecretBox } from '../../platform/secrets.ts';
import { type Actor, customerScope, requireRole } from '../../platform/tenancy.ts';
import { recordAudit } from '../audit/service.ts';
import { requireCustomer } from '../customers/service.ts';
import { type ChannelCreate, type ChannelUpdate, channelSecrets, channelSettings } from './schemas.ts';
import type { Channel } from './senders.ts';
import { type ChannelKind, notificationChannels } from './table.ts';

/** What the API shows: the settings, whether a secret is set, never the secret. */
const publicColumns = {
  id: notificationChannels.id,
  customerId: notificationChannels.customerId,
  name: notificationChannels.name,
  kind: notificationChannels.kind,
  settings: notificationChannels.settings,
  hasSecret: sql<boolean>`${notificationChannels.secretEnc} is not null`,
  enabled: notificationChannels.enabled,
  disabledReason: notificationChannels.disabledReason,
  failuresInRow: notificationChannels.failuresInRow,
  createdAt: notificationChannels.createdAt,
  updatedAt: notificationChannels.updatedAt,
};

// The row id is bound into the ciphertext: a sealed secret copied to another channel fails to open.
const context = (id: string) => `notification-channel:${id}:secret`;

/** Checks a PATCH's settings or secret against the channel's kind, naming the field that fails. */
function parseFor<T extends z.ZodType>(schema: T, value: unknown, field: string): z.output<T> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  throw validationFailed(
    parsed.error.issues.map((i) => ({ field: [field, ...i.path].join('.'), message: i.message })),
  );
}

export async function listChannels(
  db: Db,
  actor: Actor,
  q: { customerId?: string | undefined; page: number; pageSize: number },
) {
  const where: SQL[] = [customerScope(actor, notificationChannels.customerId)];
  if (q.customerId) where.push(eq(notificationChannels.customerId, q.customerId));
  const cond = and(...where);
  return paginate(db, notificationChannels, cond, q, (limit, offset) =>
    db
      .select(publicColumns)
      .from(notificationChannels)
      .where(cond)
      .orderBy(asc(notificationChannels.name))
      .limit(limit)
      .offset(offset),
  );
}

export async function getChannel(exec: Executor, actor: Actor, id: string) {
  const [row] = await exec
    .select(publicColumns)
    .from(notificationChannels)
    .where(and(eq(notificationChannels.id, id), customerScope(actor, notificationChannels.customerId)));
  if (!row) throw notFound('notification channel');
  return row;
}

export async function createChannel(db: Db, box: SecretBox, actor: Actor, input: ChannelCreate) {
  requireRole(actor, 'admin');
  const id = randomUUID();
  return db.transaction(async (tx) => {
    await requireCustomer(tx, actor, input.customerId);
    await tx.insert(notificationChannels).values({
      id,
      customerId: input.customerId,
      name: input.name,
      kind: input.kind,
      settings: input.settings,
      secretEnc: box.encrypt(JSON.stringify(input.secret), context(id)),
      enabled: input.enabled ?? true,
    });
    await recordAudit(tx, actor, {
      action: 'notification_channel.create',
      customerId: input.customerId,
      targetType: 'notification_channel',
      targetId: id,
      targetName: input.name,
      details: { kind: input.kind },
    });
    return getChannel(tx, actor, id);
  });
}

export async function updateChannel(db: Db, box: SecretBox, actor: Actor, id: string, patch: ChannelUpdate) {
  requireRole(actor, 'admin');
  return db.transaction(async (tx) => {
    const before = await getChannel(tx, actor, id);
    const kind = before.kind as ChannelKind;
    const fields: Partial<typeof notificationChannels.$inferInsert> = { updatedAt: new Date() };
    if (patch.name !== undefined) fields.name = patch.name;
    if (patch.settings !== undefined)
      fields.settings = parseFor(channelSettings[kind], patch.settings, 'settings');
    if (patch.secret !== undefined)
      fields.secretEnc = box.encrypt(
        JSON.stringify(parseFor(channelSecrets[kind], patch.secret, 'secret')),
        context(id),
      );
    if (patch.enabled !== undefined) {
      fields.enabled = patch.enabled;
      // Turned back on by a person: it starts over.
      if (patch.enabled) Object.assign(fields, { disabledReason: null, failuresInRow: 0 });
    }
    await tx.update(notificationChannels).set(fields).where(eq(notificationChannels.id, id));
    await recordAudit(tx, actor, {
      action: 'notification_channel.update',
      customerId: before.customerId,
      targetType: 'notification_channel',
      targetId: id,
      targetName: patch.name ?? before.name,
      // Which fields changed, never their values.
      details: { changed: Object.keys(patch) },
    });
    return getChannel(tx, actor, id);
  });
}

export async function deleteChannel(db: Db, actor: Actor, id: string) {
  requireRole(actor, 'admin');
  await db.transaction(async (tx) => {
    const row = await getChannel(tx, actor, id);
    await tx.delete(notificationChannels).where(eq(notificationChannels.id, id));
    await recordAudit(tx, actor, {
      action: 'notification_channel.delete',
      customerId: row.customerId,
      targetType: 'notification_channel',
      targetId: id,
      targetName: row.name,
    });
  });
}

/** For sending only: the channel with its secret opened. Never reaches an HTTP answer. */
export async function openChannel(exec: Executor, box: SecretBox, id: string) {
  const [row] = await exec.select().from(notificationChannels).where(eq(notificationChannels.id, id));
  if (!row) return undefined;
  const secret = row.secretEnc ? JSON.parse(box.decrypt(row.secretEnc, context(id))) : {};
  return { row, channel: { kind: row.kind, name: row.name, settings: row.settings, secret } as Channel };
}
