/** How jobs fail: classified, retried only when a retry can help, cancellable, and retried on request. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, type TestApp, testApp } from '../../../tests/helpers/app.ts';
import { type LabInventory, labInventory, runJob, waitForJob } from '../../../tests/helpers/lab.ts';

let t: TestApp;
let inv: LabInventory;
let operator: { headers: { authorization: string } };
let viewer: { headers: { authorization: string } };

type DeviceResult = {
  hostname: string;
  status: string;
  errorCategory: string | null;
  error: string | null;
  attempts: number;
  summary: string;
};

async function results(jobId: string): Promise<Map<string, DeviceResult>> {
  const res = await t.http.inject({
    method: 'GET',
    url: `/api/v1/jobs/${jobId}/devices`,
    headers: viewer.headers,
  });
  return new Map(json<{ items: DeviceResult[] }>(res).items.map((i) => [i.hostname, i]));
}

beforeAll(async () => {
  t = await testApp();
  const customer = await t.customer();
  operator = await t.user({ role: 'operator', customerIds: [customer.id] });
  viewer = await t.user({ role: 'viewer', customerIds: [customer.id] });
  inv = await labInventory(t, customer.id, { devices: 5, topology: 'flat', platform: 'cisco_ios' });
}, 60_000);
afterAll(async () => {
  await t?.stop();
  await inv?.lab.stop();
});

const host = (i: number) => inv.devices[i]!.hostname;

describe('job failures', () => {
  it('fails bad credentials at once, retries a refused connection with backoff, and ends partial', async () => {
    await inv.lab.setFaults(host(0), { wrongPassword: true });
    await inv.lab.setFaults(host(1), { refuseConnections: true });
    try {
      const job = await runJob(t, operator.headers, {
        type: 'config_backup',
        targets: { filter: {} },
        options: { retries: 1, timeoutSeconds: 20, concurrency: 10 },
      });
      expect(job).toMatchObject({ status: 'partial', total: 5, succeeded: 3, failed: 2 });
      const r = await results(job.id);
      expect(r.get(host(0))).toMatchObject({ status: 'failed', errorCategory: 'auth', attempts: 1 });
      expect(r.get(host(1))).toMatchObject({ status: 'failed', errorCategory: 'refused', attempts: 2 });
      const logs = await t.http.inject({
        method: 'GET',
        url: `/api/v1/jobs/${job.id}/logs`,
        headers: viewer.headers,
      });
      const messages = json<{ hostname: string | null; message: string }[]>(logs).map(
        (l) => `${l.hostname ?? 'job'}: ${l.message}`,
      );
      expect(messages.some((m) => m.startsWith(`${host(1)}: attempt 1 failed [refused]`))).toBe(true);
      expect(messages.at(-1)).toMatch(/^job: job partial: 3 succeeded, 2 failed/);
    } finally {
      await inv.lab.setFaults(host(0), {});
      await inv.lab.setFaults(host(1), {});
    }
  }, 60_000);

  it('does not retry a device that accepts the login and refuses a shell', async () => {
    await inv.lab.setFaults(host(3), { refuseShell: true });
    try {
      const job = await runJob(t, operator.headers, {
        type: 'config_backup',
        targets: { deviceIds: [inv.devices[3]!.id] },
        options: { retries: 3, timeoutSeconds: 20, concurrency: 1 },
      });
      expect(job).toMatchObject({ status: 'failed', failed: 1 });
      const r = (await results(job.id)).get(host(3))!;
      expect(r).toMatchObject({ errorCategory: 'unsupported', attempts: 1 });
      expect(r.error).toContain('refused a shell');
    } finally {
      await inv.lab.setFaults(host(3), {});
    }
  });

  it("names the command a dropped session was in, with the device's last output redacted, and gives up when it repeats", async () => {
    // The connection drops just after the configuration's secret lines.
    await inv.lab.setFaults(host(2), { dropAfterBytes: 420 });
    try {
      const job = await runJob(t, operator.headers, {
        type: 'config_backup',
        targets: { deviceIds: [inv.devices[2]!.id] },
        options: { retries: 3, timeoutSeconds: 20, concurrency: 1 },
      });
      expect(job).toMatchObject({ status: 'failed', failed: 1 });
      const r = (await results(job.id)).get(host(2))!;
      // Dropped at the same command twice: the device's doing, not tried a third time.
      expect(r.attempts).toBe(2);
      expect(r.errorCategory).toBe('reset');
      expect(r.error).toContain('"show running-config"');
      expect(r.error).toMatch(/the device's last output: ".+"/);
      expect(r.error).toContain('enable secret 9 <redacted>');
      for (const secret of ['lab-snmp-secret', '$9$', 'lab-enable']) expect(r.error).not.toContain(secret);
    } finally {
      await inv.lab.setFaults(host(2), {});
    }
  });

  it('lets one hung device go while the job goes on, and says who skipped it', async () => {
    await inv.lab.setFaults(host(4), { hangAfterLogin: true });
    try {
      const started = await t.http.inject({
        method: 'POST',
        url: '/api/v1/jobs',
        headers: operator.headers,
        payload: {
          type: 'config_backup',
          targets: { deviceIds: [inv.devices[0]!.id, inv.devices[4]!.id] },
          options: { retries: 0, timeoutSeconds: 300, concurrency: 2 },
        },
      });
      const jobId = json<{ id: string }>(started).id;
      const skip = () =>
        t.http.inject({
          method: 'POST',
          url: `/api/v1/jobs/${jobId}/devices/${inv.devices[4]!.id}/skip`,
          headers: operator.headers,
        });
      // Until its session has begun, there is nothing to let go.
      await expect
        .poll(async () => (await results(jobId)).get(host(4))?.status, { timeout: 20_000 })
        .toBe('running');
      expect(
        (
          await t.http.inject({
            method: 'POST',
            url: `/api/v1/jobs/${jobId}/devices/${inv.devices[4]!.id}/skip`,
            headers: viewer.headers,
          })
        ).statusCode,
      ).toBe(403);
      expect((await skip()).statusCode).toBe(202);
      // Ends long before the device's 300 s timeout would have.
      const job = await waitForJob(t, viewer.headers, jobId, 30_000);
      expect(job).toMatchObject({ status: 'partial', succeeded: 1, cancelled: 1 });
      expect((await results(jobId)).get(host(4))).toMatchObject({
        status: 'cancelled',
        summary: expect.stringMatching(/^skipped by /),
      });
      const again = await skip();
      expect(again.statusCode).toBe(409);
      expect(again.body).toMatch(/only a running device/);
    } finally {
      await inv.lab.setFaults(host(4), {});
    }
  });

  it('refuses a changed SSH host key without retrying, and says so', async () => {
    await runJob(t, operator.headers, { type: 'reachability', targets: { filter: {} } });
    // A first backup pins every host key; then one device presents another key.
    await runJob(t, operator.headers, { type: 'config_backup', targets: { filter: {} } });
    await inv.lab.setFaults(host(2), { changedHostKey: true });
    try {
      const job = await runJob(t, operator.headers, {
        type: 'config_backup',
        targets: { deviceIds: [inv.devices[2]!.id] },
      });
      expect(job).toMatchObject({ status: 'failed', failed: 1 });
      expect((await results(job.id)).get(host(2))).toMatchObject({
        status: 'failed',
        errorCategory: 'host_key_changed',
        attempts: 1,
      });
    } finally {
      await inv.lab.setFaults(host(2), {});
    }
  });

  it('retries the failed devices of a finished job as a new job', async () => {
    await inv.lab.setFaults(host(2), { wrongPassword: true });
    const first = await runJob(t, operator.headers, {
      type: 'reachability',
      targets: { filter: {} },
    });
    expect(first.status).toBe('success'); // reachability needs no login
    const failing = await runJob(t, operator.headers, { type: 'config_backup', targets: { filter: {} } });
    expect(failing).toMatchObject({ status: 'partial', failed: 1 });
    await inv.lab.setFaults(host(2), {});
    const res = await t.http.inject({
      method: 'POST',
      url: `/api/v1/jobs/${failing.id}/retry`,
      headers: operator.headers,
    });
    expect(res.statusCode).toBe(202);
    const retried = await waitForJob(t, operator.headers, res.json().id);
    expect(retried).toMatchObject({ status: 'success', total: 1 });
    expect((await results(retried.id)).has(host(2))).toBe(true);
    const again = await t.http.inject({
      method: 'POST',
      url: `/api/v1/jobs/${retried.id}/retry`,
      headers: operator.headers,
    });
    expect(again.statusCode).toBe(409);
  }, 60_000);

  it('cancels: queued devices are dropped and a hanging session is aborted', async () => {
    // Both hang; with a concurrency of 1 one of them runs and the other waits in the queue.
    await inv.lab.setFaults(host(3), { hangAfterLogin: true });
    await inv.lab.setFaults(host(4), { hangAfterLogin: true });
    const statuses = async (id: string) => {
      const r = await results(id);
      return [host(3), host(4)].map((h) => r.get(h)!);
    };
    try {
      const res = await t.http.inject({
        method: 'POST',
        url: '/api/v1/jobs',
        headers: operator.headers,
        payload: {
          type: 'config_backup',
          targets: { deviceIds: [inv.devices[3]!.id, inv.devices[4]!.id] },
          options: { concurrency: 1, timeoutSeconds: 300, retries: 0 },
        },
      });
      const id = res.json().id as string;
      for (let i = 0; i < 100; i++) {
        if ((await statuses(id)).some((d) => d.status === 'running')) break;
        await new Promise((ok) => setTimeout(ok, 50));
      }
      expect((await statuses(id)).map((d) => d.status).sort()).toEqual(['queued', 'running']);
      const cancel = await t.http.inject({
        method: 'POST',
        url: `/api/v1/jobs/${id}/cancel`,
        headers: operator.headers,
      });
      expect(cancel.statusCode).toBe(200);
      expect(cancel.json().status).toBe('cancelled');
      const started = Date.now();
      while ((await statuses(id)).some((d) => d.status === 'running')) {
        expect(Date.now() - started).toBeLessThan(10_000);
        await new Promise((ok) => setTimeout(ok, 50));
      }
      const ended = (await statuses(id)).map((d) => [d.status, d.attempts]).sort();
      // The running session was aborted (its one attempt), the queued device never started.
      expect(ended).toEqual([
        ['cancelled', 0],
        ['cancelled', 1],
      ]);
      const job = await waitForJob(t, operator.headers, id);
      expect(job).toMatchObject({ status: 'cancelled', done: 2, cancelled: 2 });
      const twice = await t.http.inject({
        method: 'POST',
        url: `/api/v1/jobs/${id}/cancel`,
        headers: operator.headers,
      });
      expect(twice.statusCode).toBe(409);
    } finally {
      await inv.lab.setFaults(host(3), {});
      await inv.lab.setFaults(host(4), {});
    }
  }, 60_000);

  it('lets a viewer watch but not start, cancel or retry', async () => {
    const start = await t.http.inject({
      method: 'POST',
      url: '/api/v1/jobs',
      headers: viewer.headers,
      payload: { type: 'reachability', targets: { filter: {} } },
    });
    expect(start.statusCode).toBe(403);
    const list = await t.http.inject({ method: 'GET', url: '/api/v1/jobs', headers: viewer.headers });
    const { items } = json<{ items: { id: string; status: string }[] }>(list);
    expect(items.length).toBeGreaterThan(0);
    const ended = items.find((j) => j.status !== 'queued' && j.status !== 'running')!;
    for (const action of ['cancel', 'retry']) {
      const res = await t.http.inject({
        method: 'POST',
        url: `/api/v1/jobs/${ended.id}/${action}`,
        headers: viewer.headers,
      });
      expect(res.statusCode, action).toBe(403);
    }
  });

  it('answers bad input with a 400 naming the field, and creates nothing', async () => {
    const before = json<{ total: number }>(
      await t.http.inject({ method: 'GET', url: '/api/v1/jobs', headers: viewer.headers }),
    ).total;
    const cases: [unknown, string][] = [
      [{ type: 'config_backup' }, 'targets'],
      [{ type: 'nuke', targets: { filter: {} } }, 'type'],
      [{ type: 'run_commands', targets: { filter: {} }, payload: { commands: [] } }, 'payload.commands'],
      [
        { type: 'config_backup', targets: { filter: {} }, options: { concurrency: 0 } },
        'options.concurrency',
      ],
      [{ type: 'config_backup', targets: { deviceIds: ['not-a-uuid'] } }, 'targets.deviceIds.0'],
      [{ type: 'config_backup', targets: { filter: { q: 'no-such-device-anywhere' } } }, 'targets'],
    ];
    for (const [payload, field] of cases) {
      const res = await t.http.inject({
        method: 'POST',
        url: '/api/v1/jobs',
        headers: operator.headers,
        payload: payload as object,
      });
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      const fields = (res.json().error.fields ?? []).map((f: { field: string }) => f.field);
      expect(fields, JSON.stringify(payload)).toContain(field);
    }
    const after = json<{ total: number }>(
      await t.http.inject({ method: 'GET', url: '/api/v1/jobs', headers: viewer.headers }),
    ).total;
    expect(after).toBe(before);
  });
  it('records a device deleted while its job waited as failed, and still ends the job', async () => {
    await inv.lab.setFaults(host(3), { hangAfterLogin: true });
    await inv.lab.setFaults(host(4), { hangAfterLogin: true });
    try {
      const res = await t.http.inject({
        method: 'POST',
        url: '/api/v1/jobs',
        headers: operator.headers,
        payload: {
          type: 'config_backup',
          targets: { deviceIds: [inv.devices[3]!.id, inv.devices[4]!.id] },
          options: { concurrency: 1, timeoutSeconds: 2, retries: 0 },
        },
      });
      const id = res.json().id as string;
      let waiting: DeviceResult | undefined;
      for (let i = 0; i < 100 && !waiting; i++) {
        const r = [...(await results(id)).values()];
        if (r.some((d) => d.status === 'running')) waiting = r.find((d) => d.status === 'queued');
        else await new Promise((ok) => setTimeout(ok, 50));
      }
      const victim = inv.devices.find((d) => d.hostname === waiting!.hostname)!;
      const del = await t.http.inject({
        method: 'DELETE',
        url: `/api/v1/devices/${victim.id}`,
        headers: operator.headers,
      });
      expect(del.statusCode).toBe(204);
      const job = await waitForJob(t, operator.headers, id);
      expect(job).toMatchObject({ status: 'failed', done: 2, failed: 2 });
      const r = await results(id);
      expect(r.get(victim.hostname)).toMatchObject({ status: 'failed', errorCategory: 'unsupported' });
      expect(r.get(victim.hostname)!.summary).toMatch(/deleted/);
      // The device that hung after its login timed out at the job's timeout, and says so.
      const hung = [...r.values()].find((d) => d.hostname !== victim.hostname)!;
      expect(hung).toMatchObject({ status: 'failed', errorCategory: 'timeout' });
      expect(hung.summary).toMatch(/no answer within 2 s/);
    } finally {
      await inv.lab.setFaults(host(3), {});
      await inv.lab.setFaults(host(4), {});
    }
  }, 60_000);
});
