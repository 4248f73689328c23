import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, type TestApp, testApp } from '../../../tests/helpers/app.ts';
import { type LabInventory, labInventory, runJob } from '../../../tests/helpers/lab.ts';
import { queryRows } from '../../platform/db/client.ts';

/**
 * Structured output: run_commands with parse, POST /parse, and the user's template folder
 * (WEBNET_TEMPLATES_DIR) extending and overriding ntc-templates while the server runs.
 */
const NTC = path.join(import.meta.dirname, '../../../tests/fixtures/ntc-templates');
const IOS_BRIEF = fs.readFileSync(
  path.join(NTC, 'cisco_ios/show_ip_interface_brief/cisco_ios_show_ip_interface_brief.raw'),
  'utf8',
);

/** A user's template reading the SNMP community out of the running config. */
const COMMUNITY =
  'Value COMMUNITY (\\S+)\nValue ACCESS (\\S+)\n\nStart\n  ^snmp-server community ${COMMUNITY} ${ACCESS} -> Record\n';

let t: TestApp;
let inv: LabInventory;
let operator: { headers: { authorization: string } };
let viewer: { headers: { authorization: string } };
let dir = '';

type CommandOut = {
  command: string;
  output: string;
  error: string | null;
  parsed?: { template: string; columns: string[]; records: Record<string, string | string[]>[] } | null;
  parse_error?: string | null;
};
type DeviceOut = { hostname: string; output: CommandOut[] };

const outputs = async (jobId: string) =>
  json<{ items: DeviceOut[] }>(
    await t.http.inject({
      method: 'GET',
      url: `/api/v1/jobs/${jobId}/devices?output=true`,
      headers: viewer.headers,
    }),
  ).items;

const parseReq = (payload: Record<string, unknown>, headers = viewer.headers) =>
  t.http.inject({ method: 'POST', url: '/api/v1/parse', headers, payload });

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'webnet-templates-'));
  fs.writeFileSync(
    path.join(dir, 'index'),
    [
      'Template, Hostname, Platform, Command',
      '',
      'lab_show_running.textfsm, .*, cisco_ios, sh[[ow]] run[[ning-config]]',
      'refuses_uptime.textfsm, .*, cisco_ios, sh[[ow]] ver[[sion]]',
      'does_not_compile.textfsm, .*, cisco_ios, sh[[ow]] arp',
      '',
    ].join('\n'),
  );
  fs.writeFileSync(
    path.join(dir, 'refuses_uptime.textfsm'),
    'Value V (\\S+)\n\nStart\n  ^.*uptime is -> Error "uptime not expected"\n',
  );
  fs.writeFileSync(
    path.join(dir, 'does_not_compile.textfsm'),
    'Value A (\\S+)\n\nStart\n  ^${A} -> Nowhere\n',
  );
  fs.writeFileSync(path.join(dir, 'lab_show_running.textfsm'), COMMUNITY);
  t = await testApp({ WEBNET_TEMPLATES_DIR: dir });
  const customer = await t.customer();
  operator = await t.user({ role: 'operator', customerIds: [customer.id] });
  viewer = await t.user({ role: 'viewer', customerIds: [customer.id] });
  inv = await labInventory(t, customer.id, { devices: 3, topology: 'flat', platform: 'cisco_ios' });
}, 60_000);
afterAll(async () => {
  await t?.stop();
  await inv?.lab.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('run_commands with parse', () => {
  it('stores each command’s records beside its text, and says why a command has none', async () => {
    const job = await runJob(t, operator.headers, {
      type: 'run_commands',
      targets: { deviceIds: inv.devices.map((d) => d.id) },
      payload: {
        commands: ['show ip interface brief', 'show interfaces', 'show hosts', 'show bogus'],
        parse: true,
      },
    });
    expect(job.total).toBe(3);
    const items = await outputs(job.id);
    expect(items).toHaveLength(3);
    for (const item of items) {
      const [brief, interfaces, hosts, bogus] = item.output;
      expect(brief!.parsed).toMatchObject({
        template: 'cisco_ios_show_ip_interface_brief.textfsm',
        columns: ['interface', 'ip_address', 'status', 'proto'],
      });
      // Every interface line of the text is a record, with the device's own values.
      const lines = brief!.output.split('\n').filter((l) => /^\S+\s+(?:\d|unassigned)/.test(l));
      expect(brief!.parsed!.records.length).toBe(lines.length);
      expect(brief!.parsed!.records.length).toBeGreaterThan(1);
      expect(brief!.parsed!.records[0]!.interface).toBe(lines[0]!.split(/\s+/)[0]);
      expect(interfaces!.parsed!.template).toBe('cisco_ios_show_interfaces.textfsm');
      expect(interfaces!.parsed!.records.map((r) => r.interface)).toEqual(
        brief!.parsed!.records.map((r) => r.interface),
      );
      expect(hosts).toMatchObject({ parsed: null, parse_error: 'no template for "show hosts" on cisco_ios' });
      expect(hosts!.output).not.toBe('');
      expect(bogus).toMatchObject({
        parsed: null,
        parse_error: 'not parsed: the device rejected the command',
      });
    }
  });

  it('merges one command’s records of every device into one table, exported as CSV', async () => {
    const job = await runJob(t, operator.headers, {
      type: 'run_commands',
      targets: { deviceIds: inv.devices.map((d) => d.id) },
      payload: { commands: ['show ip interface brief', 'show hosts'], parse: true },
    });
    const items = await outputs(job.id);
    type Table = {
      columns: string[];
      rows: Record<string, string>[];
      missing: { device: string; reason: string }[];
    };
    const table = json<Table>(
      await t.http.inject({
        method: 'GET',
        url: `/api/v1/jobs/${job.id}/records?command=0`,
        headers: viewer.headers,
      }),
    );
    expect(table.columns).toEqual(['device', 'interface', 'ip_address', 'status', 'proto']);
    const expected = items.flatMap((i) =>
      i.output[0]!.parsed!.records.map((r) => ({ device: i.hostname, ...r })),
    );
    expect(table.rows).toEqual(expected);
    expect(new Set(table.rows.map((r) => r.device)).size).toBe(3);
    expect(table.missing).toEqual([]);

    const hosts = json<Table>(
      await t.http.inject({
        method: 'GET',
        url: `/api/v1/jobs/${job.id}/records?command=1`,
        headers: viewer.headers,
      }),
    );
    expect(hosts.rows).toEqual([]);
    expect(hosts.missing.map((m) => m.reason)).toEqual(
      Array(3).fill('no template for "show hosts" on cisco_ios'),
    );

    const csv = await t.http.inject({
      method: 'GET',
      url: `/api/v1/jobs/${job.id}/records/export?command=0`,
      headers: viewer.headers,
    });
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.headers['content-disposition']).toBe('attachment; filename="show_ip_interface_brief.csv"');
    const lines = csv.body.trim().split('\n');
    expect(lines[0]).toBe('device,interface,ip_address,status,proto');
    expect(lines).toHaveLength(expected.length + 1);
    expect(lines[1]).toBe(table.columns.map((c) => (expected[0] as Record<string, string>)[c]).join(','));

    const outOfRange = await t.http.inject({
      method: 'GET',
      url: `/api/v1/jobs/${job.id}/records?command=5`,
      headers: viewer.headers,
    });
    expect(outOfRange.statusCode).toBe(400);
    expect(json(outOfRange)).toMatchObject({
      error: { fields: [{ field: 'command', message: 'must be 0 to 1' }] },
    });
  });

  it('reads records from the redacted text: a user template never reveals a secret', async () => {
    const job = await runJob(t, operator.headers, {
      type: 'run_commands',
      targets: { deviceIds: [inv.devices[0]!.id] },
      payload: { commands: ['show running-config'], parse: true },
    });
    const [item] = await outputs(job.id);
    const run = item!.output[0]!;
    expect(run.parsed!.template).toBe('lab_show_running.textfsm');
    expect(run.parsed!.records).toEqual([
      { community: expect.stringMatching(/^<redacted:[0-9a-f]{8}>$/), access: 'RO' },
    ]);
    const [stored] = await queryRows<{ n: number }>(
      t.database.db,
      sql`select count(*)::int as n from job_devices where job_id = ${job.id} and output::text like '%lab-snmp-secret%'`,
    );
    expect(stored!.n).toBe(0);
  });

  it('a broken template or a template Error costs the command its records, not the job', async () => {
    const job = await runJob(t, operator.headers, {
      type: 'run_commands',
      targets: { deviceIds: [inv.devices[0]!.id] },
      payload: { commands: ['show version', 'show arp', 'show ip interface brief'], parse: true },
    });
    expect(job.status).toBe('success');
    const [item] = await outputs(job.id);
    const [version, arp, brief] = item!.output;
    expect(version).toMatchObject({
      parsed: null,
      parse_error: expect.stringMatching(
        /^refuses_uptime\.textfsm, line 4: Error: uptime not expected \(input line: ".* uptime is /,
      ),
    });
    expect(version!.output).toMatch(/uptime is/);
    expect(arp).toMatchObject({
      parsed: null,
      parse_error: "does_not_compile.textfsm, line 4: State 'Nowhere' not found, referenced in state 'Start'",
    });
    expect(arp!.output).not.toBe('');
    expect(brief!.parsed!.records.length).toBeGreaterThan(0);
  });

  it('without parse, stores the text alone', async () => {
    const job = await runJob(t, operator.headers, {
      type: 'run_commands',
      targets: { deviceIds: [inv.devices[0]!.id] },
      payload: { commands: ['show ip interface brief'] },
    });
    const [item] = await outputs(job.id);
    expect(item!.output[0]!.parsed).toBeUndefined();
    expect(item!.output[0]!.output).toMatch(/Interface\s+IP-Address/);
  });
});

describe('POST /parse', () => {
  it('parses text by platform and abbreviated command, with webnet or ntc-templates platform names', async () => {
    const res = await parseReq({ platform: 'cisco_ios', command: 'sh ip int br', text: IOS_BRIEF });
    expect(res.statusCode).toBe(200);
    const body = json<{ platform: string; template: string; columns: string[]; records: unknown[] }>(res);
    expect(body).toMatchObject({
      platform: 'cisco_ios',
      template: 'cisco_ios_show_ip_interface_brief.textfsm',
      columns: ['interface', 'ip_address', 'status', 'proto'],
    });
    expect(body.records[1]).toEqual({
      interface: 'Ethernet0/0.11',
      ip_address: '10.0.1.38',
      status: 'up',
      proto: 'up',
    });
    const xrText = fs.readFileSync(path.join(NTC, 'cisco_xr/show_version/cisco_xr_show_version.raw'), 'utf8');
    const xr = json<{ platform: string; records: { version: string }[] }>(
      await parseReq({ platform: 'cisco_iosxr', command: 'show version', text: xrText }),
    );
    expect(xr.platform).toBe('cisco_xr');
    expect(xr.records[0]!.version).toMatch(/^\d+\.\d+/);
  });

  it('parses with a template given in the request, and finds nothing in text that matches nothing', async () => {
    const res = await parseReq({ template: COMMUNITY, text: 'snmp-server community public RO\n' });
    expect(json(res)).toMatchObject({
      platform: null,
      template: 'template',
      records: [{ community: 'public', access: 'RO' }],
    });
    const none = await parseReq({
      platform: 'cisco_ios',
      command: 'show ip interface brief',
      text: 'nothing here\n',
    });
    expect(json(none)).toMatchObject({ records: [] });
  });

  it('answers bad input with a 4xx naming the field, the template and the line', async () => {
    const missing = await parseReq({ text: 'x' });
    expect(missing.statusCode).toBe(400);
    expect(
      json<{ error: { fields: { field: string }[] } }>(missing).error.fields.map((f) => f.field),
    ).toEqual(['platform', 'command']);
    const noTemplate = await parseReq({ platform: 'cisco_ios', command: 'show frobs', text: 'x' });
    expect(noTemplate.statusCode).toBe(400);
    expect(json(noTemplate)).toMatchObject({
      error: { fields: [{ field: 'command', message: 'no template for "show frobs" on cisco_ios' }] },
    });
    const broken = await parseReq({ template: 'Value A (x)\n\nStart\n  ^(?(1)a) -> Record\n', text: 'x' });
    expect(broken.statusCode).toBe(400);
    expect(json(broken)).toMatchObject({
      error: {
        fields: [
          { field: 'template', message: expect.stringMatching(/^template, line 4: .*conditional groups/) },
        ],
      },
    });
    const refused = await parseReq({
      template: 'Value A (x)\n\nStart\n  ^bad -> Error "no bad lines"\n',
      text: 'ok\nbad\n',
    });
    expect(refused.statusCode).toBe(422);
    expect(json(refused)).toMatchObject({
      error: {
        code: 'parse_error',
        fields: [{ field: 'text', message: expect.stringContaining('Error: no bad lines') }],
      },
    });
    const tooLong = await parseReq({ platform: 'cisco_ios', command: 'x'.repeat(1001), text: 'x' });
    expect(tooLong.statusCode).toBe(400);
    const anonymous = await t.http.inject({
      method: 'POST',
      url: '/api/v1/parse',
      payload: { template: COMMUNITY, text: '' },
    });
    expect(anonymous.statusCode).toBe(401);
  });

  it('reads a template changed in the user folder while it runs, and names a refused index line', async () => {
    fs.writeFileSync(
      path.join(dir, 'cisco_ios_show_ip_interface_brief.textfsm'),
      'Value NAME (\\S+)\n\nStart\n  ^${NAME}\\s+\\d -> Record\n',
    );
    fs.appendFileSync(path.join(dir, 'index'), 'x.textfsm, .*, cisco_ios, show (broken\n');
    let body = json<{ columns: string[] }>(
      await parseReq({ platform: 'cisco_ios', command: 'show ip int brief', text: IOS_BRIEF }),
    );
    for (let i = 0; i < 50 && body.columns?.[0] !== 'name'; i++) {
      await new Promise((r) => setTimeout(r, 100));
      body = json(await parseReq({ platform: 'cisco_ios', command: 'show ip int brief', text: IOS_BRIEF }));
    }
    expect(body.columns).toEqual(['name']);
    const problems = json<{ items: unknown[] }>(
      await t.http.inject({ method: 'GET', url: '/api/v1/parse/problems', headers: viewer.headers }),
    );
    expect(problems.items).toEqual([
      { file: 'index', line: 6, message: expect.stringMatching(/^Command 'show \(broken': missing \)/) },
    ]);
  });
});
