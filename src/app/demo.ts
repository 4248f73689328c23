import fs from 'node:fs';
import path from 'node:path';
import { randomToken } from '../domains/auth/tokens.ts';
import { createCredential } from '../domains/credentials/service.ts';
import { addIpRange, createCustomer, listCustomers } from '../domains/customers/service.ts';
import { importDevicesCsv } from '../domains/devices/import.ts';
import { createJob } from '../domains/jobs/service.ts';
import { createUser, listUsers } from '../domains/users/service.ts';
import { inventoryCsv } from '../lab/inventory.ts';
import type { LabDevice } from '../lab/model.ts';
import { generateHostKey } from '../lab/server.ts';
import { generateNetwork } from '../lab/topology.ts';
import type { Role } from '../platform/tenancy.ts';
import { systemActor } from '../platform/tenancy.ts';
import type { App } from './app.ts';

const LAB_LOGIN = { username: 'admin', password: 'lab-password', secret: 'lab-enable' };

/** The demo's two customers: a data centre to work on, and a neighbour whose users must see none of it. */
export const DEMO_CUSTOMERS = [
  { name: 'Acme Networks', site: 'acme', topology: 'leaf-spine' as const },
  { name: 'Globex', site: 'globex', topology: 'flat' as const },
];

export const DEMO_USERS: { username: string; displayName: string; role: Role; customer: string | null }[] = [
  { username: 'admin', displayName: 'Demo admin', role: 'admin', customer: null },
  { username: 'alice', displayName: 'Alice (Acme operator)', role: 'operator', customer: 'Acme Networks' },
  { username: 'victor', displayName: 'Victor (Acme viewer)', role: 'viewer', customer: 'Acme Networks' },
  { username: 'gina', displayName: 'Gina (Globex operator)', role: 'operator', customer: 'Globex' },
];

function readOrCreate(file: string, make: () => string): string {
  if (fs.existsSync(file)) return fs.readFileSync(file, 'utf8').trim();
  const value = make();
  fs.writeFileSync(file, `${value}\n`, { mode: 0o600 });
  return value;
}

/**
 * The lab devices of the demo: the same hostnames, addresses and host keys on every start, so the
 * keys webnet pinned on the first run still match.
 */
export function demoNetwork(dataDir: string, opts: { devices: number; firstAddress: string }) {
  const [a, b, c] = opts.firstAddress.split('.').map(Number) as [number, number, number];
  const networks = DEMO_CUSTOMERS.map((customer, i) => ({
    customer,
    devices: generateNetwork({
      devices: i === 0 ? opts.devices : Math.max(4, Math.round(opts.devices / 4)),
      topology: customer.topology,
      site: customer.site,
      firstAddress: `${a}.${b}.${c + i}.1`,
      ...LAB_LOGIN,
    }),
    // A branch of the first customer that nobody has entered yet: in its IP ranges, not in its
    // inventory, for network discovery to find.
    unmanaged:
      i === 0
        ? generateNetwork({
            devices: 3,
            topology: 'flat',
            site: `${customer.site}-branch`,
            firstAddress: `${a}.${b}.${c + DEMO_CUSTOMERS.length}.1`,
            ...LAB_LOGIN,
          })
        : [],
  }));
  // The branch's boxes are boxes of their own: serials no other demo device has.
  for (const [k, d] of networks[0]!.unmanaged.entries()) d.serial = `BRANCH${String(k + 1).padStart(4, '0')}`;
  // Two of the second customer's devices fail as real ones do: a password that was changed on the
  // box, and a box that accepts the login and then never answers (it times out).
  const second = networks[1]!.devices;
  second.at(-2)!.faults.wrongPassword = true;
  second.at(-1)!.faults.hangAfterLogin = true;
  const keyFile = path.join(dataDir, 'demo-lab-host-keys.json');
  const keys: Record<string, string> = fs.existsSync(keyFile)
    ? JSON.parse(fs.readFileSync(keyFile, 'utf8'))
    : {};
  for (const d of networks.flatMap((n) => [...n.devices, ...n.unmanaged])) {
    keys[d.hostname] ??= generateHostKey();
    d.hostKey = keys[d.hostname];
  }
  fs.writeFileSync(keyFile, JSON.stringify(keys), { mode: 0o600 });
  return networks;
}

/**
 * Customers, lab credentials, the lab's devices and one user per role. Safe to run on every start:
 * what exists is kept (devices are re-imported, which only updates them).
 */
export async function seedDemo(
  app: App,
  networks: { customer: (typeof DEMO_CUSTOMERS)[number]; devices: LabDevice[]; unmanaged: LabDevice[] }[],
  password: string,
): Promise<{ firstRun: boolean }> {
  const db = app.database.db;
  const system = systemActor('demo');
  const existing = await listCustomers(db, system, { page: 1, pageSize: 100 });
  const firstRun = existing.total === 0;
  const ids = new Map(existing.items.map((c) => [c.name, c.id]));
  for (const { customer, devices, unmanaged } of networks) {
    let id = ids.get(customer.name);
    if (!id) {
      id = (
        await createCustomer(db, system, {
          name: customer.name,
          description: `${customer.topology} lab network`,
        })
      ).id;
      ids.set(customer.name, id);
      await createCredential(db, app.secrets, system, {
        customerId: id,
        name: 'lab',
        username: LAB_LOGIN.username,
        password: LAB_LOGIN.password,
        enableSecret: LAB_LOGIN.secret,
        privateKey: null,
      });
      // Its management networks: where its devices are, and where discovery finds the rest.
      const nets = new Set(
        [...devices, ...unmanaged].map((d) => `${d.address.split('.').slice(0, 3).join('.')}.0/24`),
      );
      for (const cidr of nets) await addIpRange(db, system, id, { cidr, description: 'lab management' });
    }
    const csv = inventoryCsv(devices, { customer: customer.name, credential: 'lab' });
    const report = await importDevicesCsv(db, system, { csv, dryRun: false });
    if (!report.ok) throw new Error(`demo inventory rejected: ${JSON.stringify(report.errors.slice(0, 3))}`);
  }
  const users = await listUsers(db, system, { page: 1, pageSize: 100 });
  const have = new Set(users.items.map((u) => u.username));
  let admin = users.items.find((u) => u.username === 'admin')?.id;
  for (const u of DEMO_USERS) {
    if (have.has(u.username)) continue;
    const created = await createUser(db, system, {
      username: u.username,
      password,
      displayName: u.displayName,
      email: null,
      role: u.role,
      allCustomers: u.customer === null,
      active: true,
      customerIds: u.customer ? [ids.get(u.customer)!] : [],
    });
    if (u.username === 'admin') admin = created.id;
  }
  if (firstRun && admin) {
    // A first look should find reachability and facts already there, not an empty inventory.
    const actor = { ...system, userId: admin, username: 'admin' };
    const deps = { db, queue: app.jobs.queue, events: app.jobs.events };
    for (const type of ['reachability', 'refresh_facts'] as const) {
      await createJob(deps, actor, {
        type,
        targets: { filter: {} },
        payload: type === 'refresh_facts' ? { detectPlatform: true } : {},
        options: { concurrency: 50, timeoutSeconds: 20, retries: 0 },
      } as Parameters<typeof createJob>[2]);
    }
  }
  return { firstRun };
}

export function demoPassword(dataDir: string, given: string | undefined): string {
  fs.mkdirSync(dataDir, { recursive: true });
  if (given) return given;
  return readOrCreate(path.join(dataDir, 'demo-password'), () => randomToken(12));
}
