/**
 * What every job that reaches a device writes to it (seen when, its last backup) is updated in
 * place: a HOT update, which touches none of the device table's indexes. An index holding one of
 * those columns would make each device of each job a new row version in every index (the GIN
 * indexes of hostnames and tags included), costing PostgreSQL twice the CPU per device.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { testDatabase } from '../../../tests/helpers/db.ts';
import { type Database, queryRows } from '../../platform/db/client.ts';
import { systemActor } from '../../platform/tenancy.ts';
import { createCustomer } from '../customers/service.ts';
import { recordObservations } from './observations.ts';
import { deviceCreate } from './schemas.ts';
import { createDevice } from './service.ts';

let database: Database;
let deviceId: string;

beforeAll(async () => {
  database = await testDatabase();
  const system = systemActor('test');
  const customer = await createCustomer(database.db, system, { name: 'hot', description: '' });
  const device = await createDevice(
    database.db,
    system,
    deviceCreate.parse({ customerId: customer.id, hostname: 'sw-hot-1', mgmtIp: '192.0.2.10' }),
  );
  deviceId = device.id;
});
afterAll(async () => {
  await database?.close();
});

const backedUp = (ok: boolean) => ({
  deviceId,
  reachable: true,
  backup: { jobId: crypto.randomUUID(), at: new Date(), ok, category: null, error: null },
});

it('updates a reached and backed-up device in place, touching no index', async () => {
  // Its first reach moves it from unknown to reachable, which the list's index holds: once in a
  // device's life. Every backup after that is counted here.
  await database.db.transaction((tx) => recordObservations(tx, [backedUp(true)]));
  const counts = await database.db.transaction(async (tx) => {
    // This backend's counts, known at once (pg_stat_xact_*, on PostgreSQL and PGlite); they may
    // still hold earlier transactions' not yet reported, so the difference is taken.
    const read = async () =>
      (
        await queryRows<{ updates: number; hot: number }>(
          tx,
          sql`select n_tup_upd::int as updates, n_tup_hot_upd::int as hot
              from pg_stat_xact_user_tables where relname = 'devices'`,
        )
      )[0]!;
    const before = await read();
    for (const ok of [true, false]) await recordObservations(tx, [backedUp(ok)]);
    const after = await read();
    return { updates: after.updates - before.updates, hot: after.hot - before.hot };
  });
  expect(counts).toEqual({ updates: 2, hot: 2 });
  const [device] = await queryRows<{ result: string; seen: boolean }>(
    database.db,
    sql`select last_backup_result as result, last_seen_at is not null as seen from devices where id = ${deviceId}`,
  );
  expect(device).toEqual({ result: 'failed', seen: true });
});
