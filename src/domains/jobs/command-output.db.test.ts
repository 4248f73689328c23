/** A run_commands job's answers as people read many devices': grouped by identical answers, and exported. */
import { parse } from 'csv-parse/sync';
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, type TestApp, testApp } from '../../../tests/helpers/app.ts';
import { type LabInventory, labInventory, runJob } from '../../../tests/helpers/lab.ts';

let t: TestApp;
let inv: LabInventory;
let operator: { headers: { authorization: string } };
let viewer: { headers: { authorization: string } };
let jobId = '';
const host = (i: number) => inv.devices[i]!.hostname;
const get = (url: string) => t.http.inject({ method: 'GET', url, headers: viewer.headers });
const NTP = 'show running-config | include ntp server';

beforeAll(async () => {
  t = await testApp();
  const customer = await t.customer();
  operator = await t.user({ role: 'operator', customerIds: [customer.id] });
  viewer = await t.user({ role: 'viewer', customerIds: [customer.id] });
  inv = await labInventory(t, customer.id, { devices: 4, topology: 'flat', platform: 'cisco_ios' });
  // One device with an NTP server the others lack, one that refuses the login.
  await runJob(t, operator.headers, {
    type: 'run_commands',
    targets: { deviceIds: [inv.devices[3]!.id] },
    payload: { commands: ['configure terminal', 'ntp server 198.51.100.7', 'end'] },
  });
  await inv.lab.setFaults(host(0), { wrongPassword: true });
  const job = await runJob(t, operator.headers, {
    type: 'run_commands',
    targets: { filter: {} },
    payload: { commands: [NTP, 'show bogus-thing'] },
    options: { retries: 0, timeoutSeconds: 20 },
  });
  await inv.lab.setFaults(host(0), {});
  jobId = job.id;
}, 90_000);
afterAll(async () => {
  await t?.stop();
  await inv?.lab.stop();
});

describe('command output of many devices', () => {
  it('groups devices by identical answers, each command with its own status, and says who gave none', async () => {
    const res = await get(`/api/v1/jobs/${jobId}/output-groups`);
    expect(res.statusCode, res.body).toBe(200);
    const { groups, withoutOutput } = json<{
      groups: {
        devices: number;
        hostnames: string[];
        results: { command: string; output: string; error: string | null }[];
      }[];
      withoutOutput: { devices: number; hostnames: string[]; reason: string }[];
    }>(res);
    expect(groups.map((g) => g.hostnames)).toEqual([[host(1), host(2)], [host(3)]]);
    expect(groups.map((g) => g.devices)).toEqual([2, 1]);
    const [same, other] = groups;
    expect(same!.results.map((r) => r.command)).toEqual([NTP, 'show bogus-thing']);
    expect(same!.results[0]).toMatchObject({
      error: null,
      output: expect.stringContaining('ntp server 192.0.2.123'),
    });
    expect(same!.results[0]!.output).not.toContain('198.51.100.7');
    expect(other!.results[0]!.output).toContain('ntp server 198.51.100.7');
    // The trailing show was rejected on every device: said per command, not a failed push.
    expect(same!.results[1]!.error).toMatch(/invalid|unknown|incomplete/i);
    expect(withoutOutput).toEqual([{ devices: 1, hostnames: [host(0)], reason: 'failed: auth' }]);
  });

  it('exports CSV with a row per device and command, its status beside it', async () => {
    const res = await get(`/api/v1/jobs/${jobId}/outputs?format=csv`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    expect(res.headers['content-disposition']).toMatch(/attachment; filename="job-.*-output\.csv"/);
    const rows = parse(res.body, { columns: true }) as Record<string, string>[];
    expect(rows.map((r) => [r.device, r.command, (r.status ?? '').split(':')[0]])).toEqual([
      [host(0), '', 'failed'],
      [host(1), NTP, 'ok'],
      [host(1), 'show bogus-thing', 'rejected'],
      [host(2), NTP, 'ok'],
      [host(2), 'show bogus-thing', 'rejected'],
      [host(3), NTP, 'ok'],
      [host(3), 'show bogus-thing', 'rejected'],
    ]);
    expect(rows[5]!.output).toContain('ntp server 198.51.100.7');
  });

  it('exports JSON (every device with its answers) and a zip of one text file per device', async () => {
    const asJson = await get(`/api/v1/jobs/${jobId}/outputs?format=json`);
    expect(asJson.headers['content-type']).toMatch(/^application\/json/);
    const devices = JSON.parse(asJson.body) as {
      device: string;
      status: string;
      results: { command: string }[];
    }[];
    expect(devices.map((d) => [d.device, d.status, d.results.length])).toEqual([
      [host(0), 'failed', 0],
      [host(1), 'failed', 2],
      [host(2), 'failed', 2],
      [host(3), 'failed', 2],
    ]);

    const zip = await get(`/api/v1/jobs/${jobId}/outputs?format=zip`);
    expect(zip.headers['content-type']).toBe('application/zip');
    const files = unzipSync(new Uint8Array(zip.rawPayload));
    expect(Object.keys(files).sort()).toEqual([0, 1, 2, 3].map((i) => `${host(i)}.txt`));
    const text = new TextDecoder().decode(files[`${host(3)}.txt`]);
    expect(text).toContain(`# ${host(3)}: ${NTP}\n`);
    expect(text).toContain('ntp server 198.51.100.7');
    expect(text).toMatch(/# .*: show bogus-thing \(rejected: .+\)/);
    expect(new TextDecoder().decode(files[`${host(0)}.txt`])).toMatch(/no output \(failed: .+\)/);
  });

  it('is only for run_commands jobs, and names a format it does not know', async () => {
    const backup = await runJob(t, operator.headers, {
      type: 'config_backup',
      targets: { deviceIds: [inv.devices[1]!.id] },
    });
    const res = await get(`/api/v1/jobs/${backup.id}/output-groups`);
    expect(res.statusCode).toBe(409);
    expect(res.body).toMatch(/run_commands/);
    const exported = await get(`/api/v1/jobs/${backup.id}/outputs?format=csv`);
    expect(exported.statusCode).toBe(409);
    const bad = await get(`/api/v1/jobs/${jobId}/outputs?format=xlsx`);
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toMatch(/format/);
  });
});
