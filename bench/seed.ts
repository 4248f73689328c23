import { sql } from 'drizzle-orm';
import { createUser } from '../src/domains/users/service.ts';
import { openDatabase, queryRows } from '../src/platform/db/client.ts';
import { systemActor } from '../src/platform/tenancy.ts';

/**
 * A large inventory straight in SQL: `devices` over `customers` with a spread of vendors,
 * platforms, roles, sites, tags and states, then `tenant` (operator of the first customer) and
 * `global` (admin of all), both with `password`. Returns the seconds it took.
 */
export async function seedInventory(opts: {
  databaseUrl: string | undefined;
  dataDir: string;
  devices: number;
  customers: number;
  password: string;
}): Promise<number> {
  const database = await openDatabase({ databaseUrl: opts.databaseUrl, dataDir: opts.dataDir });
  try {
    await database.migrate();
    const db = database.db;
    const t0 = performance.now();
    await db.execute(
      sql`insert into customers (name) select 'bench-customer-' || lpad(g::text, 2, '0') from generate_series(1, ${opts.customers}) g`,
    );
    const perCustomer = Math.ceil(opts.devices / opts.customers);
    await db.execute(sql`
      insert into devices (customer_id, hostname, mgmt_ip, vendor, platform, role, site, tags, enabled, reachability)
      select c.id,
             format('%s-%s-%s', (array['core','spine','leaf','access','edge'])[g % 5 + 1], 'site' || (g % 12), g),
             ('10.' || c.idx || '.' || (g / 256) || '.' || (g % 256))::inet,
             (array['cisco','arista','juniper','linux'])[g % 4 + 1],
             (array['cisco_ios','arista_eos','juniper_junos','linux'])[g % 4 + 1],
             (array['core','spine','leaf','access','edge'])[g % 5 + 1],
             'site-' || (g % 12),
             case when g % 3 = 0 then array['prod','bgp'] else array['prod'] end,
             g % 10 <> 0,
             (array['reachable','reachable','unreachable','unknown'])[g % 4 + 1]
      from (select id, row_number() over (order by name) as idx from customers) c,
           generate_series(1, ${perCustomer}) g`);
    // What autovacuum does within a minute of a bulk load: statistics and the visibility map.
    await db.execute(sql`vacuum analyze`);
    const [first] = await queryRows<{ id: string }>(db, sql`select id from customers order by name limit 1`);
    const sys = systemActor('bench');
    const base = { password: opts.password, displayName: '', email: null, active: true };
    await createUser(db, sys, {
      ...base,
      username: 'tenant',
      role: 'operator',
      allCustomers: false,
      customerIds: [first!.id],
    });
    await createUser(db, sys, {
      ...base,
      username: 'global',
      role: 'admin',
      allCustomers: true,
      customerIds: [],
    });
    return (performance.now() - t0) / 1000;
  } finally {
    await database.close();
  }
}
