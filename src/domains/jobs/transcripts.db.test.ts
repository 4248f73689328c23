/** Job transcripts: each device session's exchange, kept for failed devices (or all), with no secret. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, type TestApp, testApp } from '../../../tests/helpers/app.ts';
import { type LabInventory, labInventory, runJob } from '../../../tests/helpers/lab.ts';

let t: TestApp;
let inv: LabInventory;
let operator: { headers: { authorization: string } };

type Transcript = { events: [number, 'i' | 'o', string][]; size: number; dropped: number };
const transcript = (jobId: string, deviceId: string, suffix = '') =>
  t.http.inject({
    method: 'GET',
    url: `/api/v1/jobs/${jobId}/devices/${deviceId}/transcript${suffix}`,
    headers: operator.headers,
  });
const sent = (tr: Transcript) =>
  tr.events
    .filter((e) => e[1] === 'i')
    .map((e) => e[2])
    .join('');
const received = (tr: Transcript) =>
  tr.events
    .filter((e) => e[1] === 'o')
    .map((e) => e[2])
    .join('');

// The credential's password and enable secret (tests/helpers/lab.ts) and the lab configs' secrets.
const SECRETS = ['lab-password', 'lab-enable', 'lab-snmp-secret', '$9$userUSER', '$9$labLABlab'];

beforeAll(async () => {
  t = await testApp();
  const customer = await t.customer();
  operator = await t.user({ role: 'operator', customerIds: [customer.id] });
  inv = await labInventory(t, customer.id, { devices: 3, topology: 'flat', platform: 'cisco_ios' });
}, 60_000);
afterAll(async () => {
  await t?.stop();
  await inv?.lab.stop();
});

describe('job transcripts', () => {
  it("keeps every device's session when the job asks, commands and answers in order, with no secret", async () => {
    const job = await runJob(t, operator.headers, {
      type: 'config_backup',
      targets: { filter: {} },
      options: { transcripts: 'all' },
    });
    expect(job.status).toBe('success');
    for (const d of inv.devices) {
      const res = await transcript(job.id, d.id);
      expect(res.statusCode).toBe(200);
      const tr = json<Transcript>(res);
      // The login's enable (IOS starts in user EXEC), then the backup's command, and its answer.
      expect(sent(tr)).toContain('enable');
      expect(sent(tr)).toContain('show running-config');
      expect(received(tr)).toContain(`hostname ${d.hostname}`);
      expect(received(tr)).toContain('snmp-server community <redacted> RO');
      for (const secret of SECRETS) expect(res.body, secret).not.toContain(secret);
      const times = tr.events.map((e) => e[0]);
      expect([...times].sort((a, b) => a - b)).toEqual(times);
      expect(tr.size).toBe(sent(tr).length + received(tr).length);
    }
  }, 60_000);

  it("keeps only the failed device's by default: the login and the output up to where it dropped", async () => {
    const [broken, fine] = inv.devices;
    await inv.lab.setFaults(broken!.hostname, { dropAfterBytes: 200 });
    try {
      const job = await runJob(t, operator.headers, {
        type: 'config_backup',
        targets: { deviceIds: [broken!.id, fine!.id] },
        options: { retries: 0 },
      });
      expect(job).toMatchObject({ status: 'partial', failed: 1 });
      const res = await transcript(job.id, broken!.id);
      expect(res.statusCode).toBe(200);
      const tr = json<Transcript>(res);
      expect(sent(tr)).toContain('show running-config');
      expect(received(tr).length).toBeGreaterThan(0);
      for (const secret of SECRETS) expect(res.body, secret).not.toContain(secret);
      const none = await transcript(job.id, fine!.id);
      expect(none.statusCode).toBe(404);
      expect(json<{ error: { message: string } }>(none).error.message).toMatch(/transcript/);

      const cast = await transcript(job.id, broken!.id, '/cast');
      expect(cast.statusCode).toBe(200);
      expect(cast.headers['content-type']).toContain('application/x-asciicast');
      const [header, ...lines] = cast.body.trim().split('\n');
      expect(JSON.parse(header!)).toMatchObject({ version: 2 });
      expect(lines.map((l) => JSON.parse(l))).toEqual(tr.events);
    } finally {
      await inv.lab.setFaults(broken!.hostname, {});
    }
  }, 60_000);
});
