import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, type TestApp, testApp } from '../../tests/helpers/app.ts';
import { DEMO_USERS, demoNetwork, seedDemo } from './demo.ts';

let t: TestApp;
let dataDir: string;
const PASSWORD = 'demo password for the test';

beforeAll(async () => {
  t = await testApp({}, { worker: false });
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'webnet-demo-'));
});
afterAll(async () => {
  await t?.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const login = async (username: string) => t.login(username, PASSWORD);
const devicesOf = async (headers: Record<string, string>) =>
  json<{ items: { hostname: string }[]; total: number }>(
    await t.http.inject({ method: 'GET', url: '/api/v1/devices?pageSize=500', headers }),
  );

describe('webnet demo seed data', () => {
  it('keeps the lab devices and their host keys the same from one start to the next', () => {
    const first = demoNetwork(dataDir, { devices: 8, firstAddress: '127.34.0.1' });
    const second = demoNetwork(dataDir, { devices: 8, firstAddress: '127.34.0.1' });
    const flat = (n: typeof first) =>
      n.flatMap((x) => x.devices.map((d) => [d.hostname, d.address, d.hostKey]));
    expect(flat(second)).toEqual(flat(first));
    expect(first[0]!.devices).toHaveLength(8);
    expect(first[1]!.devices.every((d) => d.address.startsWith('127.34.1.'))).toBe(true);
  });

  it('creates two customers, their devices and a user per role, once however often it runs', async () => {
    const networks = demoNetwork(dataDir, { devices: 8, firstAddress: '127.34.0.1' });
    expect((await seedDemo(t, networks, PASSWORD)).firstRun).toBe(true);
    expect((await seedDemo(t, networks, PASSWORD)).firstRun).toBe(false);
    const admin = await login('admin');
    expect((await devicesOf(admin)).total).toBe(12);
    const jobs = json<{ total: number }>(
      await t.http.inject({ method: 'GET', url: '/api/v1/jobs', headers: admin }),
    );
    expect(jobs.total).toBe(2);
    for (const u of DEMO_USERS) {
      const me = json<{ effectiveRole: string }>(
        await t.http.inject({ method: 'GET', url: '/api/v1/auth/me', headers: await login(u.username) }),
      );
      expect(me.effectiveRole).toBe(u.role);
    }
  });

  it('gives Acme IP ranges that hold a branch its inventory lacks, for discovery to find', async () => {
    const networks = demoNetwork(dataDir, { devices: 8, firstAddress: '127.34.0.1' });
    const admin = await login('admin');
    const customers = json<{ items: { id: string; name: string }[] }>(
      await t.http.inject({ method: 'GET', url: '/api/v1/customers', headers: admin }),
    ).items;
    const acme = customers.find((c) => c.name === 'Acme Networks')!;
    const ranges = json<{ cidr: string }[]>(
      await t.http.inject({ method: 'GET', url: `/api/v1/customers/${acme.id}/ip-ranges`, headers: admin }),
    ).map((r) => r.cidr);
    expect(ranges.sort()).toEqual(['127.34.0.0/24', '127.34.2.0/24']);
    const branch = networks[0]!.unmanaged;
    expect(branch).toHaveLength(3);
    expect(branch.every((d) => d.address.startsWith('127.34.2.'))).toBe(true);
    const listed = (await devicesOf(admin)).items.map((d) => d.hostname);
    for (const d of branch) expect(listed).not.toContain(d.hostname);
  });

  it("gives each customer's users that customer's devices only", async () => {
    const acme = await devicesOf(await login('victor'));
    expect(acme.total).toBe(8);
    expect(acme.items.every((d) => d.hostname.startsWith('acme-'))).toBe(true);
    const globex = await devicesOf(await login('gina'));
    expect(globex.total).toBe(4);
    expect(globex.items.every((d) => d.hostname.startsWith('globex-'))).toBe(true);
  });
});
