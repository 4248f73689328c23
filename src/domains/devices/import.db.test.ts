import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, testApp } from '../../../tests/helpers/app.ts';
import { inventoryCsv } from '../../lab/inventory.ts';
import { generateNetwork } from '../../lab/topology.ts';

let t: TestApp;
let customer: { id: string; name: string };
let op: { headers: { authorization: string } };

beforeAll(async () => {
  t = await testApp();
  customer = await t.customer();
  op = await t.user({ role: 'operator', customerIds: [customer.id] });
  const admin = await t.user({ role: 'admin', customerIds: [customer.id] });
  await t.http.inject({
    method: 'POST',
    url: '/api/v1/credentials',
    headers: admin.headers,
    payload: { customerId: customer.id, name: 'Lab-RO', username: 'netops', password: 'secret' },
  });
});
afterAll(() => t.stop());

const importCsv = (csv: string, query: string) =>
  t.http.inject({
    method: 'POST',
    url: `/api/v1/devices/import?${query}`,
    headers: { ...op.headers, 'content-type': 'text/csv' },
    payload: csv,
  });
const total = async () =>
  (
    await t.http.inject({
      method: 'GET',
      url: `/api/v1/devices?customerId=${customer.id}`,
      headers: op.headers,
    })
  ).json().total;

const good = [
  'hostname,ip,platform,vendor,site,tags,credential,enabled',
  'r1,10.0.0.1,cisco_ios,cisco,AMS,prod;core,lab-ro,true',
  'r2,10.0.0.2,arista_eos,arista,AMS,prod,,yes',
  '"r3",10.0.0.3,juniper_junos,juniper,"FRA, hall 2",,Lab-RO,0',
].join('\n');

describe('CSV import', () => {
  it('dry-run reports what would happen and writes nothing', async () => {
    const res = await importCsv(good, `customerId=${customer.id}&dryRun=true`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      dryRun: true,
      ok: true,
      total: 3,
      created: 3,
      updated: 0,
      errors: [],
    });
    expect(await total()).toBe(0);
  });

  it('imports every row, resolving credentials by name', async () => {
    const res = await importCsv(good, `customerId=${customer.id}`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ ok: true, created: 3 });
    const list = (
      await t.http.inject({
        method: 'GET',
        url: `/api/v1/devices?customerId=${customer.id}`,
        headers: op.headers,
      })
    ).json();
    const r3 = list.items.find((d: { hostname: string }) => d.hostname === 'r3');
    expect(r3).toMatchObject({ site: 'FRA, hall 2', enabled: false, platform: 'juniper_junos' });
    expect(r3.credentialId).toBeTruthy();
    expect(list.items.find((d: { hostname: string }) => d.hostname === 'r1').tags).toEqual(['prod', 'core']);
  });

  it('with one bad row imports nothing and names each problem by line and column', async () => {
    const csv = [
      'hostname,mgmt_ip,port,credential,enabled',
      'r4,10.0.0.4,22,,true',
      'r5,10.0.0.300,22,,true',
      'r6,10.0.0.6,99999,nope,maybe',
      'r4,10.0.0.7,22,,true',
    ].join('\n');
    const res = await importCsv(csv, `customerId=${customer.id}`);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('import_failed');
    expect(res.json().error.fields).toContainEqual({
      field: 'line 3: mgmt_ip',
      message: 'must be an IPv4 or IPv6 address',
    });
    const body = res.json().report;
    expect(body.ok).toBe(false);
    const problems = body.errors.map((e: { line: number; field: string }) => `${e.line}:${e.field}`);
    expect(problems).toEqual(
      expect.arrayContaining(['3:mgmt_ip', '4:port', '4:credential', '4:enabled', '5:hostname']),
    );
    expect(body.rows.map((r: { action: string }) => r.action)).toEqual(['create', 'error', 'error', 'error']);
    expect(await total()).toBe(3);
  });

  it('updates existing hostnames and reports unchanged rows', async () => {
    const csv = [
      'hostname,mgmt_ip,platform,vendor,site,tags,credential,enabled',
      'R1,10.0.0.11,cisco_ios,cisco,AMS,prod;core,lab-ro,true',
      'r2,10.0.0.2,arista_eos,arista,AMS,prod,,yes',
    ].join('\n');
    const res = await importCsv(csv, `customerId=${customer.id}`);
    expect(res.json()).toMatchObject({ ok: true, created: 0, updated: 1, unchanged: 1 });
    expect(await total()).toBe(3);
  });

  it('refuses unknown columns and a missing required column', async () => {
    const res = await importCsv('hostnmae,mgmt_ip\nr9,10.0.0.9\n', `customerId=${customer.id}&dryRun=true`);
    expect(res.json().errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ line: 1, field: 'hostnmae' }),
        expect.objectContaining({ line: 1, field: 'hostname', message: 'required column is missing' }),
      ]),
    );
  });

  it('needs a customer from the query or a customer column the user can see', async () => {
    const res = await importCsv('hostname,mgmt_ip\nr9,10.0.0.9\n', 'dryRun=true');
    expect(res.json().errors[0]).toMatchObject({ line: 2, field: 'customer' });
    const named = await importCsv(`customer,hostname,mgmt_ip\n${customer.name},r9,10.0.0.9\n`, 'dryRun=true');
    expect(named.json()).toMatchObject({ ok: true, created: 1 });
  });

  it('export gives back a CSV that imports as unchanged (a round trip)', async () => {
    const res = await t.http.inject({
      method: 'GET',
      url: `/api/v1/devices/export?customerId=${customer.id}`,
      headers: op.headers,
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/csv/);
    const lines = res.body.trim().split('\n');
    expect(lines[0]).toBe(
      'customer,hostname,mgmt_ip,port,vendor,platform,role,site,tags,credential,enabled,legacy_ssh,transport,description',
    );
    expect(lines).toHaveLength(4);
    const again = await importCsv(res.body, 'dryRun=true');
    expect(again.json()).toMatchObject({ ok: true, created: 0, updated: 0, unchanged: 3 });
  });

  it('guards exported cells against spreadsheet formulas and restores them on import', async () => {
    const add = await t.http.inject({
      method: 'POST',
      url: '/api/v1/devices',
      headers: op.headers,
      payload: {
        customerId: customer.id,
        hostname: 'formula',
        mgmtIp: '10.0.0.50',
        description: '=HYPERLINK("x")',
      },
    });
    expect(add.statusCode).toBe(201);
    const csv = (
      await t.http.inject({ method: 'GET', url: `/api/v1/devices/export?q=formula`, headers: op.headers })
    ).body;
    expect(csv).toContain(`"'=HYPERLINK(""x"")"`);
    const back = await importCsv(csv, 'dryRun=true');
    expect(back.json()).toMatchObject({ ok: true, unchanged: 1 });
  });

  it('round-trips every value exactly, whatever it starts with', async () => {
    const starts = ['=', '+', '-', '@', ';', "'", "'=", "''", "';=", '";', ' ', '|', '%'];
    const values = fc.sample(
      fc.tuple(fc.constantFrom(...starts), fc.string({ maxLength: 12, unit: 'grapheme' })),
      { numRuns: 40, seed: 7 },
    );
    const ids: string[] = [];
    for (const [i, [start, rest]] of values.entries()) {
      // The API refuses control characters (and trims), so the generated text goes without them.
      const printable = [...rest].filter((c) => c.charCodeAt(0) > 31 && c !== '\u007f').join('');
      const description = `${start}${printable}`.trim();
      const res = await t.http.inject({
        method: 'POST',
        url: '/api/v1/devices',
        headers: op.headers,
        payload: {
          customerId: customer.id,
          hostname: `roundtrip-${i}`,
          mgmtIp: `10.77.0.${i + 1}`,
          description,
          site: description.slice(0, 100),
          role: `${i % 2 ? '-' : ''}r${i}`,
          tags: [`-t${i}`, 'plain'],
        },
      });
      expect(res.statusCode, res.body).toBe(201);
      ids.push(res.json().id);
    }
    const before = await Promise.all(
      ids.map(async (id) =>
        (await t.http.inject({ method: 'GET', url: `/api/v1/devices/${id}`, headers: op.headers })).json(),
      ),
    );
    const csv = (
      await t.http.inject({ method: 'GET', url: '/api/v1/devices/export?q=roundtrip-', headers: op.headers })
    ).body;
    const back = await importCsv(csv, '');
    expect(back.json(), back.body).toMatchObject({ ok: true, unchanged: values.length, updated: 0 });
    for (const [i, id] of ids.entries()) {
      const after = (
        await t.http.inject({ method: 'GET', url: `/api/v1/devices/${id}`, headers: op.headers })
      ).json();
      expect(after, JSON.stringify(values[i])).toEqual(before[i]);
    }
  });

  it('accepts the inventory `webnet lab` writes, as it is', async () => {
    const devices = generateNetwork({ devices: 30, firstAddress: '127.30.0.1' });
    const csv = inventoryCsv(devices, { customer: customer.name, credential: 'Lab-RO' });
    const res = await importCsv(csv, '');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ ok: true, created: 30 });
    const list = (
      await t.http.inject({
        method: 'GET',
        url: `/api/v1/devices?customerId=${customer.id}&q=lab-&pageSize=100`,
        headers: op.headers,
      })
    ).json();
    const spine = list.items.find((d: { hostname: string }) => d.hostname === 'lab-spine01');
    expect(spine).toMatchObject({
      platform: devices[2]!.platform,
      mgmtIp: devices[2]!.address,
      port: 2222,
      role: 'spine',
    });
    expect(spine.credentialId).toBeTruthy();
  });
});
