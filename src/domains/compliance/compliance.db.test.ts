import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, type TestApp, testApp } from '../../../tests/helpers/app.ts';
import { type LabInventory, labInventory, runJob, waitForJob } from '../../../tests/helpers/lab.ts';
import { queryRows } from '../../platform/db/client.ts';

/**
 * Policies through the API on lab devices: evaluated on the stored configurations when saved,
 * again whenever a backup stores a new configuration, and a failing rule turned into a change
 * that, committed, makes the device comply.
 */
let t: TestApp;
let inv: LabInventory;
let operator: { headers: { authorization: string } };
let viewer: { headers: { authorization: string } };
let stranger: { headers: { authorization: string } };
let customer: { id: string };

const POLICY = `name: base
description: what every router must have
scope: {platform: [cisco_ios]}
rules:
  - name: ntp
    severity: high
    must_contain: [ntp server 192.0.2.124]
  - name: no telnet
    section: {parent: "^line vty"}
    must_not_contain: [{pattern: "transport input .*telnet"}]
  - name: access ports stay access
    section: {parent: "^interface"}
    for_each: {where: switchport mode access}
    must_not_contain: [{pattern: "^switchport trunk"}]
`;

type Result = {
  deviceId: string;
  hostname: string;
  rule: string;
  status: string;
  since: string;
  remediation: string;
  findings: { line: string }[];
};

beforeAll(async () => {
  t = await testApp({ WEBNET_WORKER_CONCURRENCY: '20' });
  customer = await t.customer();
  const other = await t.customer();
  operator = await t.user({ role: 'operator', customerIds: [customer.id] });
  viewer = await t.user({ role: 'viewer', customerIds: [customer.id] });
  stranger = await t.user({ role: 'admin', customerIds: [other.id] });
  inv = await labInventory(t, customer.id, { devices: 8, configBytes: 2000 });
  const backup = await runJob(t, operator.headers, { type: 'config_backup', targets: { filter: {} } });
  expect(backup.succeeded).toBe(inv.devices.length);
}, 60_000);
afterAll(async () => {
  await t?.stop();
  await inv?.lab.stop();
});

const call = async (
  method: 'GET' | 'POST' | 'PUT' | 'DELETE',
  url: string,
  headers: object,
  payload?: object,
) =>
  t.http.inject({ method, url, headers: headers as Record<string, string>, ...(payload ? { payload } : {}) });

const results = async (query: string) =>
  json<{ items: Result[] }>(
    await call('GET', `/api/v1/compliance/results?pageSize=500&${query}`, operator.headers),
  ).items;

const ios = () => inv.devices.filter((d) => d.platform === 'cisco_ios');
let policyId = '';

describe('a compliance policy', () => {
  it('is evaluated on every device in its scope when saved, each failure with its line and fix', async () => {
    const res = await call('POST', '/api/v1/compliance/policies', operator.headers, {
      customerId: customer.id,
      source: POLICY,
    });
    expect(res.statusCode, res.body).toBe(201);
    const created = json<{ id: string; jobId: string; ruleCount: number }>(res);
    policyId = created.id;
    expect(created.ruleCount).toBe(3);
    await waitForJob(t, operator.headers, created.jobId);
    const all = await results(`policyId=${policyId}`);
    // Only the IOS devices are in scope; each has a verdict on each rule.
    expect(new Set(all.map((r) => r.hostname))).toEqual(new Set(ios().map((d) => d.hostname)));
    expect(all.length).toBe(ios().length * 3);
    const ntp = all.filter((r) => r.rule === 'ntp');
    expect(ntp.every((r) => r.status === 'fail')).toBe(true);
    expect(ntp[0]!.remediation).toBe('ntp server 192.0.2.124');
    // A passing verdict is stored without its empty lists: it is listed with them empty.
    const passing = all.filter((r) => r.rule === 'no telnet');
    expect(passing.map((r) => [r.status, r.findings, r.remediation])).toEqual(
      passing.map(() => ['pass', [], '']),
    );
    const trend = json<{ items: { day: string; devices: number; compliant: number }[] }>(
      await call('GET', `/api/v1/compliance/policies/${policyId}/trend`, viewer.headers),
    ).items;
    // The first day of the policy is today: one point, no device complying.
    expect(trend).toEqual([{ day: expect.any(String), devices: ios().length, compliant: 0 }]);
    const policy = json<{ devices: number; compliant: number }>(
      await call('GET', `/api/v1/compliance/policies/${policyId}`, viewer.headers),
    );
    expect(policy).toMatchObject({ devices: ios().length, compliant: 0 });
  });

  it('is evaluated again when a backup stores a device’s new configuration, with history', async () => {
    const target = ios()[0]!;
    const sinceOf = async () =>
      Object.fromEntries(
        (await results(`policyId=${policyId}&deviceId=${target.id}`)).map((r) => [r.rule, r.since]),
      );
    const began = await sinceOf();
    const lab = inv.lab.device(target.hostname);
    lab.running = [...lab.running.filter((l) => l !== 'end'), 'ntp server 192.0.2.124'];
    const heard: Record<string, unknown>[] = [];
    const off = t.jobs.events.subscribe('compliance.drift', (e) => heard.push(e));
    await runJob(t, operator.headers, { type: 'config_backup', targets: { deviceIds: [target.id] } });
    for (let i = 0; i < 50 && heard.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
    off();
    const [ntp] = await results(`policyId=${policyId}&deviceId=${target.id}&status=pass`).then((r) =>
      r.filter((x) => x.rule === 'ntp'),
    );
    expect(ntp?.status).toBe('pass');
    const history = await queryRows<{ status: string }>(
      t.database.db,
      sql`select status from compliance_history where device_id = ${target.id} and rule = 'ntp' order by at, id`,
    );
    expect(history.map((h) => h.status)).toEqual(['fail', 'pass']);
    // The rule that changed began anew; the others keep the time their status began.
    const now = await sinceOf();
    expect(Object.keys(now).sort()).toEqual(['access ports stay access', 'no telnet', 'ntp']);
    expect(Date.parse(now.ntp!)).toBeGreaterThan(Date.parse(began.ntp!));
    expect(now['no telnet']).toBe(began['no telnet']);
    expect(now['access ports stay access']).toBe(began['access ports stay access']);
    // Read back through the API, newest first, with the policy and device named.
    const listed = json<{ items: { status: string; hostname: string; policyName: string; at: string }[] }>(
      await call(
        'GET',
        `/api/v1/compliance/history?deviceId=${target.id}&rule=ntp&policyId=${policyId}`,
        viewer.headers,
      ),
    ).items;
    expect(listed.map((h) => [h.status, h.hostname, h.policyName])).toEqual([
      ['pass', target.hostname, 'base'],
      ['fail', target.hostname, 'base'],
    ]);
    expect(Date.parse(listed[0]!.at)).toBeGreaterThanOrEqual(Date.parse(listed[1]!.at));
    // Its only failing rule was NTP: the device now complies, and that is published once.
    expect(await results(`policyId=${policyId}&deviceId=${target.id}&status=fail`)).toEqual([]);
    // The day's standing is counted by the worker a moment after the backup's batch moved it.
    const today = async () =>
      json<{ items: { compliant: number }[] }>(
        await call('GET', `/api/v1/compliance/policies/${policyId}/trend`, viewer.headers),
      ).items.at(-1)?.compliant;
    for (let i = 0; i < 100 && (await today()) !== 1; i++) await new Promise((r) => setTimeout(r, 50));
    expect(await today()).toBe(1);
    expect(heard).toEqual([
      {
        topic: 'compliance.drift',
        customerId: customer.id,
        drifts: [{ deviceId: target.id, policyId, complies: true, failing: [] }],
      },
    ]);
  });

  it('turns failures into a draft change that, committed, makes the devices comply', async () => {
    const failing = (await results(`policyId=${policyId}&status=fail`)).filter((r) => r.rule === 'ntp');
    const ids = [...new Set(failing.map((r) => r.deviceId))];
    expect(ids.length).toBe(ios().length - 1);
    const res = await call('POST', '/api/v1/compliance/remediate', operator.headers, {
      customerId: customer.id,
      policyId,
      deviceIds: ids,
    });
    expect(res.statusCode, res.body).toBe(201);
    const change = json<{ id: string; status: string; title: string }>(res);
    expect(change).toMatchObject({ status: 'draft', title: 'Remediate base' });
    expect((await call('POST', `/api/v1/changes/${change.id}/preview`, operator.headers)).statusCode).toBe(
      200,
    );
    for (let i = 0; ; i++) {
      const c = json<{ status: string }>(await call('GET', `/api/v1/changes/${change.id}`, operator.headers));
      if (c.status === 'previewed') break;
      if (i > 300) throw new Error(`preview: ${c.status}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    const devices = json<{ items: { rendered: string }[] }>(
      await call('GET', `/api/v1/changes/${change.id}/devices?pageSize=100`, operator.headers),
    ).items;
    expect(devices.every((d) => d.rendered.includes('ntp server 192.0.2.124'))).toBe(true);
    expect((await call('POST', `/api/v1/changes/${change.id}/commit`, operator.headers)).statusCode).toBe(
      200,
    );
    for (let i = 0; ; i++) {
      const c = json<{ status: string }>(await call('GET', `/api/v1/changes/${change.id}`, operator.headers));
      if (c.status !== 'running') {
        expect(c.status).toBe('succeeded');
        break;
      }
      if (i > 600) throw new Error('commit did not end');
      await new Promise((r) => setTimeout(r, 100));
    }
    // The change's snapshot after was evaluated as it was stored: every device now has NTP.
    const ntp = (await results(`policyId=${policyId}`)).filter((r) => r.rule === 'ntp');
    expect(ntp.map((r) => r.status)).toEqual(ntp.map(() => 'pass'));
  }, 60_000);

  it('refuses a policy with its line and reason, and saves nothing', async () => {
    const before = json<{ total: number }>(
      await call('GET', '/api/v1/compliance/policies', operator.headers),
    ).total;
    const res = await call('POST', '/api/v1/compliance/policies', operator.headers, {
      customerId: customer.id,
      source: 'name: broken\nrules:\n  - name: a\n    must_contain:\n      - pattern: "ntp(("\n',
    });
    expect(res.statusCode).toBe(400);
    expect(json<{ error: { fields: { field: string; message: string }[] } }>(res).error.fields[0]).toEqual({
      field: 'source',
      message: expect.stringMatching(/^line 5: rules: "ntp\(\(" is not a valid pattern/),
    });
    const dup = await call('POST', '/api/v1/compliance/policies', operator.headers, {
      customerId: customer.id,
      source: POLICY,
    });
    expect(dup.statusCode).toBe(409);
    expect(
      json<{ total: number }>(await call('GET', '/api/v1/compliance/policies', operator.headers)).total,
    ).toBe(before);
  });

  it('narrowing its scope drops the results of devices left out; test on a device saves nothing', async () => {
    const one = ios()[1]!;
    const narrowed = POLICY.replace('scope: {platform: [cisco_ios]}', `scope: {q: ${one.hostname}}`);
    const tested = await call('POST', '/api/v1/compliance/policies/test', operator.headers, {
      source: narrowed,
      deviceId: ios()[2]!.id,
    });
    expect(tested.statusCode, tested.body).toBe(200);
    expect(json<{ inScope: boolean; results: unknown[] }>(tested)).toMatchObject({ inScope: false });
    const res = await call('PUT', `/api/v1/compliance/policies/${policyId}`, operator.headers, {
      source: narrowed,
    });
    expect(res.statusCode, res.body).toBe(200);
    await waitForJob(t, operator.headers, json<{ jobId: string }>(res).jobId);
    const left = await results(`policyId=${policyId}`);
    expect(new Set(left.map((r) => r.hostname))).toEqual(new Set([one.hostname]));
    // An edit that changes no verdict keeps each rule's history and the time its status began.
    const history = async () =>
      (
        await queryRows<{ n: number }>(
          t.database.db,
          sql`select count(*)::int as n from compliance_history where policy_id = ${policyId}`,
        )
      )[0]!.n;
    const counted = await history();
    const reworded = await call('PUT', `/api/v1/compliance/policies/${policyId}`, operator.headers, {
      source: narrowed.replace('what every router must have', 'what each router has'),
    });
    await waitForJob(t, operator.headers, json<{ jobId: string }>(reworded).jobId);
    expect(await history()).toBe(counted);
    expect((await results(`policyId=${policyId}`)).map((r) => r.since)).toEqual(left.map((r) => r.since));
  });

  it("judges device state as NAPALM's validate does: getters read from the devices by a compliance_check job", async () => {
    const source = `name: state
scope: {platform: [cisco_ios]}
state:
  - get_facts:
      hostname: '\\w'
      interface_list:
        list: [Ethernet]
  - get_facts:
      _name: release
      os_version: '^99\\.'
  - get_interfaces:
      _mode: strict
  - get_ntp_servers:
      192.0.2.123: {}
  - get_snmp_information:
      location: Lab rack 1
      contact: noc@example.net
  - ping:
      _name: documentation-net
      _kwargs: {destination: 192.0.2.254, count: 2}
      success: {packet_loss: 0}
`;
    const created = await call('POST', '/api/v1/compliance/policies', operator.headers, {
      customerId: customer.id,
      source,
    });
    expect(created.statusCode, created.body).toBe(201);
    const state = json<{ id: string; stateCount: number; jobId: string | null }>(created);
    expect(state).toMatchObject({ stateCount: 6, jobId: null });
    const job = await runJob(t, operator.headers, {
      type: 'compliance_check',
      targets: { filter: { platform: ['cisco_ios'] } },
      payload: { policyId: state.id },
    });
    expect(job.status, JSON.stringify(job)).toBe('success');
    const rows = await results(`policyId=${state.id}`);
    expect(rows.length).toBe(ios().length * 6);
    const one = (rule: string) => rows.filter((r) => r.rule === rule).map((r) => r.status);
    expect(new Set(one('state: get_facts'))).toEqual(new Set(['pass']));
    expect(new Set(one('state: release'))).toEqual(new Set(['fail']));
    // Read from the running configuration: the NTP server is there, the contact is not.
    expect(new Set(one('state: get_ntp_servers'))).toEqual(new Set(['pass']));
    expect(new Set(one('state: get_snmp_information'))).toEqual(new Set(['fail']));
    const snmp = rows.find((r) => r.rule === 'state: get_snmp_information')!;
    expect(snmp.findings).toMatchObject({
      present: { location: { complies: true }, contact: { complies: false } },
    });
    // ping from the device, with NAPALM's _kwargs: nothing answers in the documentation network.
    expect(new Set(one('state: documentation-net'))).toEqual(new Set(['fail']));
    expect(rows.find((r) => r.rule === 'state: documentation-net')!.findings).toMatchObject({
      complies: false,
      present: { success: { complies: false, nested: true } },
    });
    // A strict mapping with nothing expected: every interface is "extra".
    expect(new Set(one('state: get_interfaces'))).toEqual(new Set(['fail']));
    const release = rows.find((r) => r.rule === 'state: release')!;
    expect(release.findings).toMatchObject({
      complies: false,
      present: { os_version: { complies: false, nested: false } },
    });
  });

  it('evaluates a thousand devices in work items of 500, each item recorded once', async () => {
    // Stored data only: the job records and queues a group of 500 devices as one work item,
    // not each device (a device's own outcome is its compliance results).
    const big = await t.customer();
    const admin = await t.user({ role: 'operator', customerIds: [big.id] });
    const n = 1100;
    await t.database.db.execute(sql`
      with d as (
        insert into devices (customer_id, hostname, mgmt_ip, platform)
        select ${big.id}::uuid, 'bulk-' || lpad(i::text, 4, '0'), ('10.77.' || (i / 250) || '.' || (i % 250 + 1))::inet, 'cisco_ios'
        from generate_series(1, ${n}) i
        returning id, customer_id, hostname),
      s as (
        insert into config_snapshots (customer_id, device_id, source, hash, config, lines, bytes)
        select customer_id, id, 'backup', md5(hostname),
               'hostname ' || hostname || E'\n' || case when hostname like '%7' then 'ntp server 192.0.2.124' else '!' end,
               2, 40
        from d
        returning id, device_id, customer_id, hash)
      insert into config_latest (device_id, customer_id, snapshot_id, hash, changed_at, checked_at)
      select device_id, customer_id, id, hash, now(), now() from s`);
    const res = await call('POST', '/api/v1/compliance/policies', admin.headers, {
      customerId: big.id,
      source: 'name: ntp\nrules:\n  - {name: ntp, must_contain: [ntp server 192.0.2.124]}\n',
    });
    expect(res.statusCode, res.body).toBe(201);
    const created = json<{ id: string; jobId: string }>(res);
    const job = await waitForJob(t, admin.headers, created.jobId);
    // The job counts its items; its summary counts the devices.
    expect(job).toMatchObject({
      status: 'success',
      total: 3,
      succeeded: 3,
      summary: { compliant: 110, failing: 990 },
    });
    const tasks = await queryRows<{ n: number }>(
      t.database.db,
      sql`select count(*)::int as n from pgboss.job where data->>'jobId' = ${created.jobId}`,
    );
    expect(tasks[0]!.n).toBe(3);
    // Each item names its first and last device, holds their ids, and says how they stand.
    const items = json<{
      items: { hostname: string; status: string; summary: string; output: Record<string, number> }[];
    }>(await call('GET', `/api/v1/jobs/${created.jobId}/devices?output=true`, admin.headers)).items;
    expect(items.map((i) => [i.hostname, i.status, i.summary, i.output])).toEqual([
      [
        'bulk-0001 … bulk-0500 (500 devices)',
        'success',
        '450 failing, 50 compliant',
        { devices: 500, evaluated: 500, compliant: 50, failing: 450 },
      ],
      [
        'bulk-0501 … bulk-1000 (500 devices)',
        'success',
        '450 failing, 50 compliant',
        { devices: 500, evaluated: 500, compliant: 50, failing: 450 },
      ],
      [
        'bulk-1001 … bulk-1100 (100 devices)',
        'success',
        '90 failing, 10 compliant',
        { devices: 100, evaluated: 100, compliant: 10, failing: 90 },
      ],
    ]);
    const groups = await queryRows<{ n: number; first: string }>(
      t.database.db,
      sql`select cardinality(jd.device_ids)::int as n, d.hostname as first
          from job_devices jd join devices d on d.id = jd.device_ids[1]
          where jd.job_id = ${created.jobId} order by 2`,
    );
    expect(groups).toEqual([
      { n: 500, first: 'bulk-0001' },
      { n: 500, first: 'bulk-0501' },
      { n: 100, first: 'bulk-1001' },
    ]);
    const logs = await queryRows<{ message: string }>(
      t.database.db,
      sql`select message from job_logs where job_id = ${created.jobId} order by id`,
    );
    expect(logs).toHaveLength(4);
    expect(logs[3]!.message).toBe('job success: 3 succeeded, 0 failed (990 failing, 110 compliant)');
    // Evaluating stored configurations contacts no device: none is marked reachable by it.
    const reach = await queryRows<{ reachability: string; n: number }>(
      t.database.db,
      sql`select reachability, count(*)::int as n from devices where customer_id = ${big.id} group by 1`,
    );
    expect(reach).toEqual([{ reachability: 'unknown', n }]);
    const policy = json<{ devices: number; compliant: number }>(
      await call('GET', `/api/v1/compliance/policies/${created.id}`, admin.headers),
    );
    expect(policy).toMatchObject({ devices: n, compliant: 110 });
    // Today's standing counts every device, whichever batch committed last.
    const trend = json<{ items: { devices: number; compliant: number }[] }>(
      await call('GET', `/api/v1/compliance/policies/${created.id}/trend`, admin.headers),
    );
    expect(trend.items.at(-1)).toMatchObject({ devices: n, compliant: 110 });
    // A failed item is tried again with the devices it stands for (grouped again, as one item).
    await t.database.db.execute(sql`
      update job_devices set status = 'failed' where job_id = ${created.jobId} and hostname like 'bulk-1001%'`);
    await t.database.db.execute(sql`
      update jobs set status = 'partial', succeeded = 2, failed = 1 where id = ${created.jobId}`);
    const again = await call('POST', `/api/v1/jobs/${created.jobId}/retry`, admin.headers);
    expect(again.statusCode, again.body).toBe(202);
    const retried = await waitForJob(t, admin.headers, json<{ id: string }>(again).id);
    expect(retried).toMatchObject({ status: 'success', total: 1, summary: { compliant: 10, failing: 90 } });
  });

  it('is seen by the customer’s viewers, written only by its operators, invisible to other customers', async () => {
    expect((await call('GET', `/api/v1/compliance/policies/${policyId}`, viewer.headers)).statusCode).toBe(
      200,
    );
    expect(
      (await call('PUT', `/api/v1/compliance/policies/${policyId}`, viewer.headers, { source: POLICY }))
        .statusCode,
    ).toBe(403);
    expect((await call('GET', `/api/v1/compliance/policies/${policyId}`, stranger.headers)).statusCode).toBe(
      404,
    );
    expect(
      json<{ total: number }>(await call('GET', '/api/v1/compliance/results', stranger.headers)).total,
    ).toBe(0);
    expect(
      json<{ total: number }>(
        await call('GET', `/api/v1/compliance/history?deviceId=${ios()[0]!.id}`, stranger.headers),
      ).total,
    ).toBe(0);
    const bad = await call('GET', '/api/v1/compliance/history?deviceId=nope', viewer.headers);
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('deviceId');
    const remediate = await call('POST', '/api/v1/compliance/remediate', stranger.headers, {
      customerId: customer.id,
      deviceIds: [ios()[0]!.id],
    });
    expect(remediate.statusCode).toBe(404);
  });
});

describe('the day’s standing of a policy', () => {
  let app: TestApp;
  let operator: { headers: { authorization: string } };
  let devices: { id: string; hostname: string }[];
  let policy = '';
  beforeAll(async () => {
    // No worker: the tests play the batches, the cancel and the counter's turn themselves.
    app = await testApp({}, { worker: false });
  });
  afterAll(async () => {
    await app?.stop();
  });

  it('counts the devices a cancelled evaluation stored before it was stopped', async () => {
    const customer = await app.customer();
    operator = await app.user({ role: 'operator', customerIds: [customer.id] });
    devices = await queryRows<{ id: string; hostname: string }>(
      app.database.db,
      sql`with d as (
            insert into devices (customer_id, hostname, mgmt_ip, platform)
            select ${customer.id}::uuid, 'cx-' || i, ('10.78.0.' || i)::inet, 'cisco_ios'
            from generate_series(1, 4) i
            returning id, customer_id, hostname),
          s as (
            insert into config_snapshots (customer_id, device_id, source, hash, config, lines, bytes)
            select customer_id, id, 'backup', md5(hostname),
                   'hostname ' || hostname || E'\n' || case when hostname in ('cx-1', 'cx-2') then 'ntp server 192.0.2.124' else '!' end,
                   2, 40
            from d
            returning id, device_id, customer_id, hash),
          l as (
            insert into config_latest (device_id, customer_id, snapshot_id, hash, changed_at, checked_at)
            select device_id, customer_id, id, hash, now(), now() from s)
          select id, hostname from d order by hostname`,
    );
    const res = await app.http.inject({
      method: 'POST',
      url: '/api/v1/compliance/policies',
      headers: operator.headers,
      payload: {
        customerId: customer.id,
        source: 'name: ntp\nrules:\n  - {name: ntp, must_contain: [ntp server 192.0.2.124]}\n',
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    const created = json<{ id: string; jobId: string }>(res);
    policy = created.id;
    // A batch of the job stores three devices' verdicts as the job's batches do (the day is left
    // to the job's end), then the operator cancels the rest.
    const { evaluateDevices } = await import('./evaluate.ts');
    await app.database.db.transaction((tx) =>
      evaluateDevices(
        tx,
        devices.slice(0, 3).map((d) => d.id),
        created.id,
        { countDay: 'caller' },
      ),
    );
    const cancel = await app.http.inject({
      method: 'POST',
      url: `/api/v1/jobs/${created.jobId}/cancel`,
      headers: operator.headers,
    });
    expect(cancel.statusCode, cancel.body).toBe(200);
    expect(json(cancel)).toMatchObject({ status: 'cancelled' });
    const trend = json<{ items: { devices: number; compliant: number }[] }>(
      await app.http.inject({
        method: 'GET',
        url: `/api/v1/compliance/policies/${created.id}/trend`,
        headers: operator.headers,
      }),
    );
    expect(trend.items.at(-1)).toMatchObject({ devices: 3, compliant: 2 });
  });

  it('is counted once for every batch that moved it, by the worker, a moment later', async () => {
    // A backup's batches (and a state check's) ask for the count; a worker makes it for them all.
    const created = { id: policy };
    const { evaluateDevices } = await import('./evaluate.ts');
    const { countPendingDays } = await import('./day-counter.ts');
    const pending = async () =>
      (
        await queryRows<{ n: number }>(
          app.database.db,
          sql`select count(*)::int as n from compliance_day_pending where policy_id = ${created.id}`,
        )
      )[0]!.n;
    const trendNow = async () =>
      json<{ items: { devices: number; compliant: number }[] }>(
        await app.http.inject({
          method: 'GET',
          url: `/api/v1/compliance/policies/${created.id}/trend`,
          headers: operator.headers,
        }),
      ).items.at(-1);
    await app.database.db.execute(
      sql`update config_snapshots set config = config || E'\nntp server 192.0.2.124'
          where device_id = ${devices[2]!.id}`,
    );
    const [fourth] = await queryRows<{ snapshotId: string; config: string }>(
      app.database.db,
      sql`select id as "snapshotId", config || E'\nntp server 192.0.2.124' as config from config_snapshots
          where device_id = ${devices[3]!.id}`,
    );
    // One device evaluated on its latest configuration, another on one a backup hands over.
    await app.database.db.transaction((tx) => evaluateDevices(tx, [devices[2]!.id]));
    await app.database.db.transaction((tx) =>
      evaluateDevices(tx, [{ deviceId: devices[3]!.id, ...fourth! }]),
    );
    expect(await pending()).toBe(2);
    expect(await trendNow()).toMatchObject({ devices: 3, compliant: 2 });
    expect(await countPendingDays(app.database.db)).toBeGreaterThanOrEqual(1);
    expect(await pending()).toBe(0);
    expect(await trendNow()).toMatchObject({ devices: 4, compliant: 4 });
  });

  it('leaves no results or history behind a deleted device, policy or customer', async () => {
    // Results and history have no keys of their own (see complianceResults): statement triggers
    // clean up, and a batch stores nothing for a device or policy already gone.
    const { evaluateDevices } = await import('./evaluate.ts');
    const fleet = async (prefix: string, net: number) => {
      const owner = await app.customer();
      const admin = await app.user({ role: 'operator', customerIds: [owner.id] });
      const ids = (
        await queryRows<{ id: string }>(
          app.database.db,
          sql`with d as (
                insert into devices (customer_id, hostname, mgmt_ip, platform)
                select ${owner.id}::uuid, ${prefix} || i, ('10.' || ${net} || '.0.' || i)::inet, 'cisco_ios'
                from generate_series(1, 3) i
                returning id, customer_id, hostname),
              s as (
                insert into config_snapshots (customer_id, device_id, source, hash, config, lines, bytes)
                select customer_id, id, 'backup', md5(hostname), 'hostname ' || hostname, 1, 20 from d
                returning id, device_id, customer_id, hash),
              l as (
                insert into config_latest (device_id, customer_id, snapshot_id, hash, changed_at, checked_at)
                select device_id, customer_id, id, hash, now(), now() from s)
              select id from d order by hostname`,
        )
      ).map((d) => d.id);
      const res = await app.http.inject({
        method: 'POST',
        url: '/api/v1/compliance/policies',
        headers: admin.headers,
        payload: {
          customerId: owner.id,
          source: `name: ${prefix}\nrules:\n  - {name: ntp, must_contain: [ntp server 192.0.2.124]}\n`,
        },
      });
      expect(res.statusCode, res.body).toBe(201);
      const policyId = json<{ id: string }>(res).id;
      // Every device fails the rule: a history row each.
      await app.database.db.transaction((tx) => evaluateDevices(tx, ids, policyId));
      return { owner, admin, ids, policyId };
    };
    /** Rows of the history and of the results: every device fails once, so they count alike. */
    const count = async (column: 'device_id' | 'policy_id' | 'customer_id', id: string) => {
      const [row] = await queryRows<{ history: number; results: number }>(
        app.database.db,
        sql`select (select count(*)::int from compliance_history where ${sql.identifier(column)} = ${id}) as history,
                   (select count(*)::int from compliance_results where ${sql.identifier(column)} = ${id}) as results`,
      );
      expect(row!.results, `results of ${column}`).toBe(row!.history);
      return row!.history;
    };
    const a = await fleet('hx-', 81);
    const b = await fleet('hy-', 82);
    expect(await count('policy_id', a.policyId)).toBe(3);
    await app.database.db.execute(sql`delete from devices where id = ${a.ids[0]!}`);
    expect(await count('device_id', a.ids[0]!)).toBe(0);
    expect(await count('policy_id', a.policyId)).toBe(2);
    // A device deleted before its batch is stored gets no row.
    await app.database.db.transaction((tx) => evaluateDevices(tx, a.ids, a.policyId));
    const { storeResults } = await import('./results.ts');
    const verdict = { kind: 'config' as const, snapshot_id: null, severity: 'high', findings: [], fixes: [] };
    const stored = await storeResults(
      app.database.db,
      a.ids.slice(0, 2).map((id) => ({
        ...verdict,
        policy_id: a.policyId,
        device_id: id,
        customer_id: a.owner.id,
        rule: 'ntp',
        status: 'fail',
      })),
    );
    expect(stored).toBe(0);
    expect(await count('device_id', a.ids[0]!)).toBe(0);
    // The live device's row was written (its verdict now without a snapshot).
    const [live] = await queryRows<{ snapshot_id: string | null }>(
      app.database.db,
      sql`select snapshot_id from compliance_results where device_id = ${a.ids[1]!}`,
    );
    expect(live).toEqual({ snapshot_id: null });
    const removed = await app.http.inject({
      method: 'DELETE',
      url: `/api/v1/compliance/policies/${a.policyId}`,
      headers: a.admin.headers,
    });
    expect(removed.statusCode, removed.body).toBe(204);
    expect(await count('policy_id', a.policyId)).toBe(0);
    // Nor a policy deleted before.
    expect(
      await storeResults(app.database.db, [
        {
          ...verdict,
          policy_id: a.policyId,
          device_id: a.ids[1]!,
          customer_id: a.owner.id,
          rule: 'ntp',
          status: 'fail',
        },
      ]),
    ).toBe(0);
    expect(await count('policy_id', a.policyId)).toBe(0);
    // A delete while a batch stores results waits for the batch, then takes its rows along: the
    // batch locks its devices and policies as a key's check would (on PGlite, one connection, the
    // delete waits for the transaction all the same).
    const c = await fleet('hz-', 83);
    for (const remove of [
      sql`delete from devices where id = ${c.ids[0]!}`,
      sql`delete from compliance_policies where id = ${c.policyId}`,
    ]) {
      // Rows written afresh by the batch, which a delete that did not wait would not see.
      await app.database.db.execute(sql`delete from compliance_results where policy_id = ${c.policyId}`);
      let deleting: Promise<unknown> | undefined;
      let deleted = false;
      await app.database.db.transaction(async (tx) => {
        expect((await evaluateDevices(tx, c.ids, c.policyId)).devices).toBeGreaterThan(0);
        deleting = app.database.db.execute(remove).then(() => {
          deleted = true;
        });
        await new Promise((r) => setTimeout(r, 300));
        expect(deleted).toBe(false);
      });
      await deleting;
      expect(deleted).toBe(true);
    }
    const [left] = await queryRows<{ n: number }>(
      app.database.db,
      sql`select count(*)::int as n from compliance_results where device_id = ${c.ids[0]!} or policy_id = ${c.policyId}`,
    );
    expect(left!.n).toBe(0);
    // A customer's devices and policies go with it, and their results and history with them.
    expect(await count('customer_id', b.owner.id)).toBe(3);
    await app.database.db.execute(sql`delete from customers where id = ${b.owner.id}`);
    expect(await count('customer_id', b.owner.id)).toBe(0);
  });
});
