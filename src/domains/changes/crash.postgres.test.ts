/**
 * A worker killed with SIGKILL after a change reached a device and before it was confirmed: the
 * change must not stay on the device unconfirmed, nor be confirmed blind. Another worker takes
 * the task over, finds the device "applied", and reverts it to its configuration before.
 */
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, type TestApp, testApp } from '../../../tests/helpers/app.ts';
import { type LabInventory, labInventory } from '../../../tests/helpers/lab.ts';
import { startWorkerProcess, stopProcess } from '../../../tests/helpers/worker-process.ts';
import { queryRows } from '../../platform/db/client.ts';

const SECRET_KEY = `t1:${randomBytes(32).toString('base64')}`;

let t: TestApp;
let inv: LabInventory;
const workers: ChildProcess[] = [];
let operator: { headers: { authorization: string } };
let customerId: string;

beforeAll(async () => {
  t = await testApp({ WEBNET_SECRET_KEY: SECRET_KEY }, { worker: false });
  const customer = await t.customer();
  customerId = customer.id;
  operator = await t.user({ role: 'operator', customerIds: [customer.id] });
  inv = await labInventory(t, customer.id, {
    devices: 1,
    topology: 'flat',
    platform: 'cisco_ios',
    configBytes: 20_000,
  });
}, 60_000);
afterAll(async () => {
  for (const w of workers) await stopProcess(w, 'SIGKILL');
  await t?.stop();
  await inv?.lab.stop();
});

const env = () => ({
  DATABASE_URL: t.database.url!,
  WEBNET_SECRET_KEY: SECRET_KEY,
  WEBNET_WORKER_CONCURRENCY: '5',
});
const stateOf = async (changeId: string) =>
  (
    await queryRows<{ state: string; reason: string | null }>(
      t.database.db,
      sql`select state, reason from change_devices where change_id = ${changeId}`,
    )
  )[0];

describe('a worker killed between commit and confirm', () => {
  it('ends with the device reverted to its configuration before the change', async () => {
    const device = inv.lab.devices[0]!;
    const before = device.running.join('\n');
    const worker = await startWorkerProcess(env());
    workers.push(worker);
    const created = await t.http.inject({
      method: 'POST',
      url: '/api/v1/changes',
      headers: operator.headers,
      payload: {
        customerId,
        title: 'killed mid-change',
        targets: { filter: {} },
        template: 'snmp-server location killed-mid-change',
        confirmMinutes: 1,
        // A check reads the whole config again after the commit: the window the worker dies in.
        checks: [{ kind: 'command_matches', command: 'show running-config', pattern: 'killed-mid-change' }],
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    const id = json<{ id: string }>(created).id;
    await t.http.inject({ method: 'POST', url: `/api/v1/changes/${id}/preview`, headers: operator.headers });
    for (let i = 0; ; i++) {
      const c = json<{ status: string }>(
        await t.http.inject({ method: 'GET', url: `/api/v1/changes/${id}`, headers: operator.headers }),
      );
      if (c.status === 'previewed') break;
      if (i > 600) throw new Error(`preview did not end: ${c.status}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    // Output trickles from now on, so verifying the change takes a while after it is applied.
    await inv.lab.setFaults(device.hostname, { slowOutputMs: 20 });
    const commit = await t.http.inject({
      method: 'POST',
      url: `/api/v1/changes/${id}/commit`,
      headers: operator.headers,
    });
    expect(commit.statusCode, commit.body).toBe(200);
    for (
      let i = 0;
      (await stateOf(id))?.state !== 'applied' || !device.running.join('\n').includes('killed-mid-change');
      i++
    ) {
      if (i > 3000) throw new Error('the change never reached the device');
      await new Promise((r) => setTimeout(r, 10));
    }
    await stopProcess(worker, 'SIGKILL');
    expect((await stateOf(id))!.state).toBe('applied');
    expect(device.running.join('\n')).toContain('killed-mid-change');

    await inv.lab.setFaults(device.hostname, {});
    workers.push(await startWorkerProcess(env()));
    for (let i = 0; ; i++) {
      const c = json<{ status: string }>(
        await t.http.inject({ method: 'GET', url: `/api/v1/changes/${id}`, headers: operator.headers }),
      );
      if (c.status !== 'running') {
        expect(c.status).toBe('reverted');
        break;
      }
      if (i > 1500) throw new Error('the change never ended');
      await new Promise((r) => setTimeout(r, 100));
    }
    const end = (await stateOf(id))!;
    expect(end.state).toBe('reverted');
    expect(end.reason).toMatch(/revert/);
    expect(device.running.join('\n')).toBe(before);
  }, 240_000);
});
