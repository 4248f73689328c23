import { createCredential } from '../../src/domains/credentials/service.ts';
import { deviceCreate } from '../../src/domains/devices/schemas.ts';
import { createDevice } from '../../src/domains/devices/service.ts';
import { Lab } from '../../src/lab/server.ts';
import { type GenerateOptions, generateNetwork } from '../../src/lab/topology.ts';
import { systemActor } from '../../src/platform/tenancy.ts';
import { json, type TestApp, unique } from './app.ts';

export type LabInventory = {
  lab: Lab;
  credentialId: string;
  devices: { id: string; hostname: string; platform: string }[];
};

/** Simulated devices on free ports, and the same devices in a customer's inventory with a working credential. */
export async function labInventory(
  t: TestApp,
  customerId: string,
  opts: Omit<GenerateOptions, 'ports' | 'port'>,
): Promise<LabInventory> {
  const lab = await Lab.start(generateNetwork({ ...opts, ports: true, port: 0 }));
  const system = systemActor('test');
  const credential = await createCredential(t.database.db, t.secrets, system, {
    customerId,
    name: unique('lab'),
    username: 'admin',
    password: 'lab-password',
    enableSecret: 'lab-enable',
  });
  const devices = [];
  for (const d of lab.devices) {
    const row = await createDevice(
      t.database.db,
      system,
      deviceCreate.parse({
        customerId,
        hostname: d.hostname,
        mgmtIp: d.address,
        port: d.port,
        platform: d.platform,
        credentialId: credential.id,
      }),
    );
    devices.push({ id: row.id, hostname: row.hostname, platform: row.platform });
  }
  return { lab, credentialId: credential.id, devices };
}

export type JobView = {
  id: string;
  status: string;
  total: number;
  done: number;
  succeeded: number;
  failed: number;
  cancelled: number;
  summary: Record<string, number>;
};

const FINAL = ['success', 'partial', 'failed', 'cancelled'];

/** Polls the API until the job ends (or the time is up, which fails the test with the job's state). */
export async function waitForJob(
  t: TestApp,
  headers: Record<string, string>,
  id: string,
  timeoutMs = 60_000,
): Promise<JobView> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const res = await t.http.inject({ method: 'GET', url: `/api/v1/jobs/${id}`, headers });
    const job = json<JobView>(res);
    if (FINAL.includes(job.status)) return job;
    if (Date.now() > until)
      throw new Error(`job ${id} still ${job.status} after ${timeoutMs} ms: ${res.body}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Starts a job through the API and waits for it to end. */
export async function runJob(
  t: TestApp,
  headers: Record<string, string>,
  body: Record<string, unknown>,
): Promise<JobView> {
  const res = await t.http.inject({ method: 'POST', url: '/api/v1/jobs', headers, payload: body });
  if (res.statusCode !== 202) throw new Error(`job not started: ${res.statusCode} ${res.body}`);
  return waitForJob(t, headers, json<{ id: string }>(res).id);
}
