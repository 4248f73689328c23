import fs from 'node:fs';
import path from 'node:path';
import { count } from 'drizzle-orm';
import { hashPassword } from '../domains/auth/passwords.ts';
import { randomToken } from '../domains/auth/tokens.ts';
import { users } from '../domains/users/table.ts';
import type { Db } from '../platform/db/client.ts';

/**
 * First start: create `admin` (all customers) and leave its password in a 0600 file in the data
 * dir rather than in the log. Returns the file's path, or undefined when users already exist.
 */
export async function ensureFirstAdmin(
  db: Db,
  dataDir: string,
  password?: string,
): Promise<string | undefined> {
  const [row] = await db.select({ n: count() }).from(users);
  if ((row?.n ?? 0) > 0) return undefined;
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
  fs.mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, 'initial-admin-password');
  fs.writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return file;
}
