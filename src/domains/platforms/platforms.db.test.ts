import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, type TestApp, testApp } from '../../../tests/helpers/app.ts';
import { type LabInventory, labInventory, runJob } from '../../../tests/helpers/lab.ts';
import { queryRows } from '../../platform/db/client.ts';

/**
 * A device type added without code: a YAML file in WEBNET_PLATFORMS_DIR, loaded at start and
 * again when the folder changes, listed by the API, and used by jobs like a shipped platform.
 */
const ACME = String.raw`# An IOS-like switch, described without code.
name: acme_switch
description: ACME switches (IOS-like CLI)
vendor: acme
modes:
  exec: {prompt: '^\s*(?<host>[\w.\-]{1,63})>\s*$'}
  privileged: {prompt: '^\s*(?<host>[\w.\-]{1,63})#\s*$'}
  config: {prompt: '^(?<host>[\w.\-]{1,63})\(conf[^)]*\)#\s*$'}
edges:
  - {from: exec, to: privileged, command: enable, expect: [{prompt: '[Pp]assword:\s*$', answer: secret}]}
  - {from: privileged, to: config, command: configure terminal}
  - {from: config, to: privileged, command: end}
commandMode: privileged
configMode: config
onOpen: [terminal length 0]
errors: ['^% ']
backup:
  commands: [show running-config]
  drop: ['^Building configuration', '^Current configuration']
  insignificant: ['^! Last configuration change']
  redact:
    - {pattern: '^enable secret \d (?<secret>\S+)'}
    - {pattern: '^username \S+ .*secret \d (?<secret>\S+)'}
    - {pattern: '^snmp-server community (?<secret>\S+)'}
    - {pattern: '^tacacs-server host \S+ key \d (?<secret>\S+)'}
`;

const BROKEN = `name: broken_one
description: a file with a mistake
vendor: x
modes:
  privileged: {prompt: '^(?<host>[a-z+)#$'}
commandMode: privileged
backup: {commands: [show run]}
`;

let t: TestApp;
let inv: LabInventory;
let admin: { headers: { authorization: string } };
let dir = '';

type Listed = {
  items: { name: string; source: string; file: string | null; configures: boolean; getters: string[] }[];
  errors: { file: string; line: number | null; message: string }[];
};
const listed = async () =>
  json<Listed>(await t.http.inject({ method: 'GET', url: '/api/v1/platforms', headers: admin.headers }));

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'webnet-platforms-'));
  fs.writeFileSync(path.join(dir, 'acme.yml'), ACME);
  fs.writeFileSync(path.join(dir, 'broken.yaml'), BROKEN);
  t = await testApp({ WEBNET_PLATFORMS_DIR: dir });
  const customer = await t.customer();
  admin = await t.user({ role: 'operator', customerIds: [customer.id] });
  inv = await labInventory(t, customer.id, { devices: 1, topology: 'flat', platform: 'cisco_ios' });
  await t.database.db.execute(
    sql`update devices set platform = 'acme_switch' where id = ${inv.devices[0]!.id}`,
  );
}, 60_000);
afterAll(async () => {
  await t?.stop();
  await inv?.lab.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('platforms from files', () => {
  it('lists the shipped platforms and the file one, and names the refused file, line and field', async () => {
    const list = await listed();
    expect(list.items.find((p) => p.name === 'cisco_ios')).toMatchObject({ source: 'webnet', file: null });
    expect(list.items.find((p) => p.name === 'acme_switch')).toMatchObject({
      source: 'file',
      file: 'acme.yml',
      configures: true,
      getters: [],
    });
    expect(list.items.some((p) => p.name === 'broken_one')).toBe(false);
    expect(list.errors).toEqual([
      {
        file: 'broken.yaml',
        line: 5,
        message: expect.stringMatching(/^modes\.privileged\.prompt: not a regular expression/),
      },
    ]);
  });

  it('backs up a device of that platform, its secrets redacted by the file’s rules', async () => {
    const job = await runJob(t, admin.headers, { type: 'config_backup', targets: { filter: {} } });
    expect(job).toMatchObject({ status: 'success', succeeded: 1 });
    const [snap] = await queryRows<{ config: string }>(
      t.database.db,
      sql`select config from config_snapshots where device_id = ${inv.devices[0]!.id}`,
    );
    expect(snap!.config).toContain(`hostname ${inv.devices[0]!.hostname}`);
    expect(snap!.config).not.toMatch(/^Building configuration/m);
    for (const secret of ['lab-snmp-secret', '$9$', '0822455D0A16'])
      expect(snap!.config).not.toContain(secret);
    expect(snap!.config).toMatch(/^snmp-server community <redacted/m);
  });

  it('reads a file added to the folder while it runs, and refuses a shipped platform’s name', async () => {
    fs.writeFileSync(path.join(dir, 'router.yml'), ACME.replace('name: acme_switch', 'name: acme_router'));
    fs.writeFileSync(path.join(dir, 'clash.yml'), ACME.replace('name: acme_switch', 'name: cisco_ios'));
    let list = await listed();
    for (let i = 0; i < 50 && !list.items.some((p) => p.name === 'acme_router'); i++) {
      await new Promise((r) => setTimeout(r, 100));
      list = await listed();
    }
    expect(list.items.find((p) => p.name === 'acme_router')).toMatchObject({
      source: 'file',
      file: 'router.yml',
    });
    expect(list.items.filter((p) => p.name === 'cisco_ios')).toEqual([
      expect.objectContaining({ source: 'webnet' }),
    ]);
    expect(list.errors).toContainEqual({
      file: 'clash.yml',
      line: null,
      message: 'name: "cisco_ios" is a platform webnet ships; choose another name',
    });
  });
});
