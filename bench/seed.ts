import { sql } from 'drizzle-orm';
import { createCredential } from '../src/domains/credentials/service.ts';
import { createCustomer } from '../src/domains/customers/service.ts';
import { createUser } from '../src/domains/users/service.ts';
import { openDatabase, queryRows } from '../src/platform/db/client.ts';
import { createSecretBox } from '../src/platform/secrets.ts';
import { systemActor } from '../src/platform/tenancy.ts';
import { LAB_LOGIN, type LabTarget } from './lab-process.ts';

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

/**
 * The lab's devices in a customer "Lab" with the lab's credential, and an operator `bench` of
 * every customer with `password`: what bench:backup and bench:change run against.
 */
export async function seedLabInventory(opts: {
  databaseUrl: string | undefined;
  dataDir: string;
  secretKey: string;
  devices: LabTarget[];
  password: string;
}): Promise<void> {
  const database = await openDatabase({ databaseUrl: opts.databaseUrl, dataDir: opts.dataDir });
  try {
    await database.migrate();
    const db = database.db;
    const sys = systemActor('bench');
    const customer = await createCustomer(db, sys, { name: 'Lab', description: '' });
    const credential = await createCredential(db, createSecretBox(opts.secretKey), sys, {
      customerId: customer.id,
      name: 'lab',
      ...LAB_LOGIN,
      enableSecret: LAB_LOGIN.secret,
    });
    for (let i = 0; i < opts.devices.length; i += 1000) {
      const part = opts.devices.slice(i, i + 1000);
      await db.execute(sql`
        insert into devices (customer_id, hostname, mgmt_ip, port, platform, credential_id)
        select ${customer.id}::uuid, h, ip::inet, p, pl, ${credential.id}::uuid
        from unnest(${`{${part.map((d) => d.hostname).join(',')}}`}::text[],
                    ${`{${part.map((d) => d.host).join(',')}}`}::text[],
                    ${`{${part.map((d) => d.port).join(',')}}`}::int[],
                    ${`{${part.map((d) => d.platform).join(',')}}`}::text[]) as u(h, ip, p, pl)`);
    }
    if (process.env.EXPERIMENT) await db.execute(sql.raw(process.env.EXPERIMENT));
    await createUser(db, sys, {
      username: 'bench',
      password: opts.password,
      displayName: '',
      email: null,
      active: true,
      role: 'operator',
      allCustomers: true,
      customerIds: [],
    });
  } finally {
    await database.close();
  }
}
