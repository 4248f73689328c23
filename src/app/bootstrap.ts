import fs from 'node:fs';
import path from 'node:path';
import { count } from 'drizzle-orm';
import { hashPassword } from '../domains/auth/passwords.ts';
import { randomToken } from '../domains/auth/tokens.ts';
import { users } from '../domains/users/table.ts';
import type { Db } from '../platform/db/client.ts';

export type FirstAdmin = { created: false } | { created: true; passwordFile: string | undefined };

/**
 * First start: create `admin` (all customers). A generated password goes to a 0600 file in the
 * data dir rather than the log; one the operator supplied (WEBNET_ADMIN_PASSWORD) is theirs
 * already and is written nowhere.
 */
export async function ensureFirstAdmin(db: Db, dataDir: string, password?: string): Promise<FirstAdmin> {
  const [row] = await db.select({ n: count() }).from(users);
  if ((row?.n ?? 0) > 0) return { created: false };
  const secret = password ?? randomToken(18);
  await db
    .insert(users)
    .values({
      username: 'admin',
      displayName: 'Administrator',
      role: 'admin',
      allCustomers: true,
      passwordHash: await hashPassword(secret),
    })
    .onConflictDoNothing();
  if (password) return { created: true, passwordFile: undefined };
  fs.mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, 'initial-admin-password');
  fs.writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return { created: true, passwordFile: file };
}
