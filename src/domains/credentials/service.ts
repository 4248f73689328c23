import { randomUUID } from 'node:crypto';
import { and, asc, eq, ilike, inArray, type SQL, sql } from 'drizzle-orm';
import { type Db, type Executor, inUuids } from '../../platform/db/client.ts';
import { containsPattern, paginate } from '../../platform/db/paging.ts';
import { badRequest, notFound } from '../../platform/errors.ts';
import type { SecretBox } from '../../platform/secrets.ts';
import { type Actor, assertCustomerVisible, customerScope, requireRole } from '../../platform/tenancy.ts';
import { recordAudit } from '../audit/service.ts';
import { requireCustomer } from '../customers/service.ts';
import { type CredentialScope, credentials } from './table.ts';

const SECRET_FIELDS = ['password', 'enableSecret', 'privateKey'] as const;
type SecretField = (typeof SECRET_FIELDS)[number];
const COLUMN: Record<SecretField, 'passwordEnc' | 'enableSecretEnc' | 'privateKeyEnc'> = {
  password: 'passwordEnc',
  enableSecret: 'enableSecretEnc',
  privateKey: 'privateKeyEnc',
};

export type CredentialCreate = {
  customerId: string;
  name: string;
  username: string;
  password?: string | null | undefined;
  enableSecret?: string | null | undefined;
  privateKey?: string | null | undefined;
  priority?: number | undefined;
  scope?: CredentialScope | null | undefined;
};
export type CredentialUpdate = Partial<Omit<CredentialCreate, 'customerId'>>;

/** What the API shows: whether each secret is set, never the secret. */
const publicColumns = {
  id: credentials.id,
  customerId: credentials.customerId,
  name: credentials.name,
  username: credentials.username,
  hasPassword: sql<boolean>`${credentials.passwordEnc} is not null`,
  hasEnableSecret: sql<boolean>`${credentials.enableSecretEnc} is not null`,
  hasPrivateKey: sql<boolean>`${credentials.privateKeyEnc} is not null`,
  priority: credentials.priority,
  scope: credentials.scope,
  createdAt: credentials.createdAt,
  updatedAt: credentials.updatedAt,
};

// The row id and field are bound into each ciphertext, so a sealed value copied to another row or column fails to open.
const context = (id: string, field: SecretField) => `credential:${id}:${field}`;

function seal(box: SecretBox, id: string, input: Partial<Record<SecretField, string | null | undefined>>) {
  const out: Partial<Record<(typeof COLUMN)[SecretField], string | null>> = {};
  for (const f of SECRET_FIELDS) {
    const v = input[f];
    if (v === undefined) continue;
    // null is "none"; "" is a secret that is empty (an enable prompt answered with Enter).
    out[COLUMN[f]] = v === null ? null : box.encrypt(v, context(id, f));
  }
  return out;
}

export async function listCredentials(
  db: Db,
  actor: Actor,
  q: { customerId?: string | undefined; q?: string | undefined; page: number; pageSize: number },
) {
  const where: SQL[] = [customerScope(actor, credentials.customerId)];
  if (q.customerId) where.push(eq(credentials.customerId, q.customerId));
  if (q.q) where.push(ilike(credentials.name, containsPattern(q.q)));
  const cond = and(...where);
  return paginate(db, credentials, cond, q, (limit, offset) =>
    db
      .select(publicColumns)
      .from(credentials)
      .where(cond)
      .orderBy(asc(credentials.name))
      .limit(limit)
      .offset(offset),
  );
}

export async function getCredential(exec: Executor, actor: Actor, id: string) {
  const [row] = await exec
    .select(publicColumns)
    .from(credentials)
    .where(and(eq(credentials.id, id), customerScope(actor, credentials.customerId)));
  if (!row) throw notFound('credential');
  return row;
}

/** Other domains name credentials by id (API) or by name (CSV import); both stay within one customer. */
export async function credentialIdsByName(exec: Executor, customerId: string): Promise<Map<string, string>> {
  const rows = await exec
    .select({ id: credentials.id, name: credentials.name })
    .from(credentials)
    .where(eq(credentials.customerId, customerId));
  return new Map(rows.map((r) => [r.name.toLowerCase(), r.id]));
}

export async function assertCredentialOfCustomer(exec: Executor, credentialId: string, customerId: string) {
  const [row] = await exec
    .select({ id: credentials.id })
    .from(credentials)
    .where(and(eq(credentials.id, credentialId), eq(credentials.customerId, customerId)));
  if (!row) {
    throw badRequest('credential not found in this customer', [
      { field: 'credentialId', message: 'no such credential in this customer' },
    ]);
  }
}

export async function createCredential(db: Db, box: SecretBox, actor: Actor, input: CredentialCreate) {
  requireRole(actor, 'admin');
  const id = randomUUID();
  return db.transaction(async (tx) => {
    await requireCustomer(tx, actor, input.customerId);
    await tx.insert(credentials).values({
      id,
      customerId: input.customerId,
      name: input.name,
      username: input.username,
      priority: input.priority ?? 100,
      scope: input.scope ?? null,
      ...seal(box, id, input),
    });
    await recordAudit(tx, actor, {
      action: 'credential.create',
      customerId: input.customerId,
      targetType: 'credential',
      targetId: id,
      targetName: input.name,
    });
    return getCredential(tx, actor, id);
  });
}

export async function updateCredential(
  db: Db,
  box: SecretBox,
  actor: Actor,
  id: string,
  patch: CredentialUpdate,
) {
  requireRole(actor, 'admin');
  return db.transaction(async (tx) => {
    const before = await getCredential(tx, actor, id);
    const fields: Record<string, unknown> = { ...seal(box, id, patch), updatedAt: new Date() };
    if (patch.name !== undefined) fields.name = patch.name;
    if (patch.username !== undefined) fields.username = patch.username;
    if (patch.priority !== undefined) fields.priority = patch.priority;
    if (patch.scope !== undefined) fields.scope = patch.scope;
    await tx.update(credentials).set(fields).where(eq(credentials.id, id));
    await recordAudit(tx, actor, {
      action: 'credential.update',
      customerId: before.customerId,
      targetType: 'credential',
      targetId: id,
      targetName: patch.name ?? before.name,
      // Which fields changed, never their values.
      details: { changed: Object.keys(patch) },
    });
    return getCredential(tx, actor, id);
  });
}

export async function deleteCredential(db: Db, actor: Actor, id: string) {
  requireRole(actor, 'admin');
  await db.transaction(async (tx) => {
    const row = await getCredential(tx, actor, id);
    await tx.delete(credentials).where(eq(credentials.id, id));
    await recordAudit(tx, actor, {
      action: 'credential.delete',
      customerId: row.customerId,
      targetType: 'credential',
      targetId: id,
      targetName: row.name,
    });
  });
}

export type DecryptedCredential = {
  username: string;
  password?: string | undefined;
  enableSecret?: string | undefined;
  privateKey?: string | undefined;
};

/** For device sessions only (jobs); never reaches an HTTP answer. */
export async function openCredential(
  exec: Executor,
  box: SecretBox,
  actor: Actor,
  id: string,
): Promise<DecryptedCredential> {
  const [row] = await exec
    .select()
    .from(credentials)
    .where(and(eq(credentials.id, id), customerScope(actor, credentials.customerId)));
  if (!row) throw notFound('credential');
  assertCustomerVisible(actor, row.customerId, 'credential');
  return decrypt(box, row);
}

function decrypt(box: SecretBox, row: typeof credentials.$inferSelect): DecryptedCredential {
  const open = (v: string | null, f: SecretField) =>
    v === null ? undefined : box.decrypt(v, context(row.id, f));
  return {
    username: row.username,
    password: open(row.passwordEnc, 'password'),
    enableSecret: open(row.enableSecretEnc, 'enableSecret'),
    privateKey: open(row.privateKeyEnc, 'privateKey'),
  };
}

/** For the job workers: many credentials at once, by id, opened and named. Never reaches an HTTP answer. */
export async function openCredentials(
  exec: Executor,
  box: SecretBox,
  ids: string[],
): Promise<Map<string, CredentialChoice>> {
  const out = new Map<string, CredentialChoice>();
  if (ids.length === 0) return out;
  const rows = await exec
    .select()
    .from(credentials)
    .where(inUuids(credentials.id, [...new Set(ids)]));
  for (const row of rows) out.set(row.id, { id: row.id, name: row.name, credential: decrypt(box, row) });
  return out;
}

/** A credential a device may log in with, opened for its session (jobs only). */
export type CredentialChoice = { id: string; name: string; credential: DecryptedCredential };

/** At most this many credentials are tried on one device in one attempt. */
export const MAX_CREDENTIALS_TRIED = 5;

type FallbackDevice = {
  id: string;
  customerId: string;
  tags: string[];
  site: string;
  role: string;
  learnedCredentialId: string | null;
};

const inScope = (scope: CredentialScope | null, d: FallbackDevice) =>
  !scope ||
  Boolean(scope.tags?.some((t) => d.tags.includes(t))) ||
  Boolean(scope.site?.includes(d.site)) ||
  Boolean(scope.role?.includes(d.role));

/**
 * For devices without a credential of their own: the customer's credentials each may try, in
 * order — the one that last logged in first, then by priority and name — those whose scope
 * (tags, site, role) takes the device, at most MAX_CREDENTIALS_TRIED. Opened here, for jobs only.
 */
export async function fallbackCredentials(
  exec: Executor,
  box: SecretBox,
  list: FallbackDevice[],
): Promise<Map<string, CredentialChoice[]>> {
  const out = new Map<string, CredentialChoice[]>();
  if (list.length === 0) return out;
  const rows = await exec
    .select()
    .from(credentials)
    .where(inArray(credentials.customerId, [...new Set(list.map((d) => d.customerId))]))
    .orderBy(asc(credentials.priority), asc(credentials.name));
  const opened = new Map<string, CredentialChoice>();
  const open = (row: (typeof rows)[number]) => {
    let choice = opened.get(row.id);
    if (!choice) {
      choice = { id: row.id, name: row.name, credential: decrypt(box, row) };
      opened.set(row.id, choice);
    }
    return choice;
  };
  for (const d of list) {
    const candidates = rows.filter((r) => r.customerId === d.customerId && inScope(r.scope, d));
    const learned = candidates.find((r) => r.id === d.learnedCredentialId);
    const ordered = learned ? [learned, ...candidates.filter((r) => r !== learned)] : candidates;
    out.set(d.id, ordered.slice(0, MAX_CREDENTIALS_TRIED).map(open));
  }
  return out;
}
