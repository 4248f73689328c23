import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { LightMyRequestResponse } from 'fastify';
import { type App, createApp } from '../../src/app/app.ts';
import { createCustomer } from '../../src/domains/customers/service.ts';
import { createUser } from '../../src/domains/users/service.ts';
import { loadConfig } from '../../src/platform/config.ts';
import { type Role, systemActor } from '../../src/platform/tenancy.ts';
import { testDatabase } from './db.ts';

export const TEST_PASSWORD = 'correct horse battery staple';

export type TestApp = App & {
  dataDir: string;
  /** Logs in through the API (token session) and returns an Authorization header. */
  login(username: string, password?: string): Promise<{ authorization: string }>;
  /** Creates a user through the service and logs them in. */
  user(opts: {
    role: Role;
    customerIds?: string[];
    allCustomers?: boolean;
  }): Promise<{ id: string; username: string; headers: { authorization: string } }>;
  customer(name?: string): Promise<{ id: string; name: string }>;
  stop(): Promise<void>;
};

export const json = <T = Record<string, unknown>>(res: LightMyRequestResponse): T => res.json() as T;

let counter = 0;
export const unique = (prefix: string) =>
  `${prefix}-${process.pid}-${++counter}-${randomBytes(2).toString('hex')}`;

export async function testApp(
  env: Record<string, string> = {},
  opts: { worker?: boolean; monitorIntervalSeconds?: number } = {},
): Promise<TestApp> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'webnet-test-'));
  const config = loadConfig({
    WEBNET_DATA_DIR: dataDir,
    WEBNET_SECRET_KEY: `t1:${randomBytes(32).toString('base64')}`,
    WEBNET_LOG_LEVEL: 'silent',
    WEBNET_LOGIN_RATE_LIMIT: '1000',
    WEBNET_LOGIN_RATE_LIMIT_PER_ADDRESS: '100000',
    ...env,
  });
  const database = await testDatabase();
  const app = await createApp(config, { database, ...opts });
  const system = systemActor('test');

  async function login(username: string, password = TEST_PASSWORD) {
    const res = await app.http.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username, password, session: 'token' },
    });
    if (res.statusCode !== 200) throw new Error(`login ${username} failed: ${res.statusCode} ${res.body}`);
    return { authorization: `Bearer ${res.json().accessToken}` };
  }

  return {
    ...app,
    dataDir,
    login,
    async user(opts) {
      const u = await createUser(database.db, system, {
        username: unique(opts.role),
        password: TEST_PASSWORD,
        displayName: '',
        email: null,
        role: opts.role,
        allCustomers: opts.allCustomers ?? false,
        active: true,
        customerIds: opts.customerIds ?? [],
      });
      return { id: u.id, username: u.username, headers: await login(u.username) };
    },
    async customer(name) {
      return createCustomer(database.db, system, { name: name ?? unique('customer'), description: '' });
    },
    async stop() {
      await app.close();
      await database.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
