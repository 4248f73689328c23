import { eq, inArray, sql } from 'drizzle-orm';
import { randomToken } from '../domains/auth/tokens.ts';
import { customers } from '../domains/customers/table.ts';
import { createUser, setUserPassword } from '../domains/users/service.ts';
import { users } from '../domains/users/table.ts';
import type { Config } from '../platform/config.ts';
import { openDatabase } from '../platform/db/client.ts';
import { systemActor } from '../platform/tenancy.ts';

async function readPassword(fromStdin: boolean): Promise<{ password: string; generated: boolean }> {
  if (!fromStdin) return { password: randomToken(18), generated: true };
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  const password = Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
  if (password.length < 10) throw new Error('password must be at least 10 characters');
  return { password, generated: false };
}

async function withDb<T>(
  config: Config,
  fn: (db: Awaited<ReturnType<typeof openDatabase>>['db']) => Promise<T>,
) {
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    await database.migrate();
    return await fn(database.db);
  } finally {
    await database.close();
  }
}

export async function userCreateCommand(
  config: Config,
  username: string,
  opts: {
    role: 'viewer' | 'operator' | 'admin';
    allCustomers: boolean;
    customer: string[];
    passwordStdin: boolean;
  },
) {
  const { password, generated } = await readPassword(opts.passwordStdin);
  await withDb(config, async (db) => {
    const names = opts.customer.map((n) => n.toLowerCase());
    const found = names.length
      ? await db
          .select({ id: customers.id, name: customers.name })
          .from(customers)
          .where(inArray(sql`lower(${customers.name})`, names))
      : [];
    const missing = names.filter((n) => !found.some((f) => f.name.toLowerCase() === n));
    if (missing.length) throw new Error(`unknown customer: ${missing.join(', ')}`);
    await createUser(db, systemActor('cli'), {
      username,
      password,
      displayName: '',
      email: null,
      role: opts.role,
      allCustomers: opts.allCustomers,
      active: true,
      customerIds: found.map((f) => f.id),
    });
  });
  process.stdout.write(
    `created ${opts.role} "${username}"${generated ? ` with password: ${password}` : ''}\n`,
  );
}

export async function userResetPasswordCommand(
  config: Config,
  username: string,
  opts: { passwordStdin: boolean },
) {
  const { password, generated } = await readPassword(opts.passwordStdin);
  await withDb(config, async (db) => {
    const [user] = await db
      .select({ id: users.id })
      .from(users)
      .where(eq(sql`lower(${users.username})`, username.toLowerCase()));
    if (!user) throw new Error(`no user "${username}"`);
    await setUserPassword(db, systemActor('cli'), user.id, password);
  });
  process.stdout.write(`password of "${username}" reset${generated ? `; new password: ${password}` : ''}\n`);
}
