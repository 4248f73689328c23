/**
 * npm run bench:compliance -- [--devices 10000] [--config-kb 20]
 *
 * N IOS devices with a stored configuration of about 20 KB each (on PostgreSQL), and a policy of
 * 20 configuration rules (literal lines, patterns, for_each over interfaces, a count). Measured:
 *   - the full evaluation: saving the policy through the API until its compliance_evaluate job
 *     has stored every device's results (`webnet serve` with its worker, in its own process), the
 *     first after the server started; then, printed beside it, the same again on the running
 *     server (the policy deleted and saved anew), without the start's costs;
 *   - a bare loop, in this process: the same configurations read from the database and the same
 *     patterns run over their lines, storing nothing (the floor for the same work), run before
 *     and again after the full evaluation, the ratio taken to the mean of the two;
 *   - incremental: the CPU webnet spends per device when a backup stores a new configuration
 *     (evaluateDevices on batches of 50, as the backup's store calls it), in this process;
 *   - printed beside them, the rule engine alone against the bare loop's checks, on configurations
 *     already in memory: the engine's own share of the gap, apart from the pipeline around it.
 * Last line: `compliance <n> devices in <S> s, bare loop <B> s, ratio <S/B>, incremental <C>
 * CPU ms per device`. Targets: ratio ≤ 1.5; incremental ≤ 0.5 CPU ms per device. The incremental
 * pass runs on devices that already have results (a backup's usual case: a new configuration
 * whose verdicts mostly stand), with the configurations handed over as the backup's store does.
 */
import type { ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { templateDevice } from '../src/domains/changes/template.ts';
import { evaluateDevices } from '../src/domains/compliance/evaluate.ts';
import { compiledRules, evaluateDevice } from '../src/domains/compliance/evaluate-device.ts';
import { compilePolicy } from '../src/domains/compliance/policy.ts';
import { indexPending } from '../src/domains/configs/search-index.ts';
import { openDatabase, queryRows } from '../src/platform/db/client.ts';
import { createScratchPostgres } from '../tests/helpers/db.ts';
import { freePort } from '../tests/helpers/net.ts';
import { seedInventory } from './seed.ts';
import {
  busyShare,
  cpuSecondsOf,
  cpuSecondsOfPid,
  login,
  machineCpuSeconds,
  serverEnv,
  startServer,
  stopServer,
  threadCpuSeconds,
  threadCpuSince,
} from './server-process.ts';

const { values: args } = parseArgs({
  options: { devices: { type: 'string', default: '10000' }, 'config-kb': { type: 'string', default: '20' } },
});
const DEVICES = Number(args.devices);
const CONFIG_BYTES = Number(args['config-kb']) * 1024;
const PASSWORD = 'bench password 1234';

/** An access switch's configuration: 48 ports, the usual services, an ACL to fill the size. */
function configFor(n: number): string {
  const lines = [
    `hostname sw-${n}`,
    '!',
    'aaa new-model',
    'aaa authentication login default group tacacs+ local',
    n % 7 === 0 ? 'ip http server' : 'no ip http server',
    'service password-encryption',
    'logging host 192.0.2.50',
    n % 5 === 0 ? '' : 'ntp server 192.0.2.123',
    'ntp server 192.0.2.124',
    'snmp-server community <redacted:1a2b3c4d> RO',
    `snmp-server location site-${n % 40}`,
    'banner motd ^CAuthorised access only^C',
    '!',
  ];
  for (let p = 1; p <= 48; p++)
    lines.push(
      `interface GigabitEthernet1/0/${p}`,
      ...(p % 9 === 0 && n % 3 === 0 ? [] : [` description access port ${p}`]),
      ` switchport access vlan ${10 + (p % 4)}`,
      ' switchport mode access',
      ...(p % 11 === 0 && n % 2 === 0 ? [] : [' spanning-tree portfast']),
      ' spanning-tree bpduguard enable',
      ...(p === 48 ? [' shutdown'] : []),
      '!',
    );
  lines.push('line vty 0 4', ' transport input ssh', ' login local', '!', 'ip access-list extended BENCH');
  for (let i = 1; lines.join('\n').length < CONFIG_BYTES; i++)
    lines.push(` ${i * 10} permit tcp 10.${n % 250}.${i % 250}.0 0.0.0.255 any eq ${1000 + i}`);
  lines.push('!', 'end');
  return lines.filter((l) => l !== '').join('\n');
}

/** Twenty rules of the kinds operators write. */
const POLICY = `name: access switch standard
scope: {platform: [cisco_ios]}
rules:
  - {name: aaa, must_contain: [aaa new-model]}
  - {name: tacacs login, must_contain: [{pattern: "^aaa authentication login default group tacacs\\\\+"}]}
  - {name: no http server, must_not_contain: [ip http server]}
  - {name: encryption, must_contain: [service password-encryption]}
  - {name: syslog, must_contain: [logging host 192.0.2.50]}
  - {name: ntp 1, must_contain: [ntp server 192.0.2.123]}
  - {name: ntp 2, must_contain: [ntp server 192.0.2.124]}
  - {name: ntp count, count: {pattern: "^ntp server ", min: 2, max: 4}}
  - {name: snmp ro only, must_not_contain: [{pattern: "^snmp-server community \\\\S+ RW"}]}
  - {name: location, must_contain: [{pattern: "^snmp-server location site-\\\\d+$"}]}
  - {name: banner, must_contain: [{pattern: "^banner motd"}]}
  - {name: vty ssh, section: {parent: "^line vty"}, must_contain: [transport input ssh]}
  - {name: vty no telnet, section: {parent: "^line vty"}, must_not_contain: [{pattern: "telnet"}]}
  - name: portfast
    section: {parent: "^interface GigabitEthernet"}
    for_each: {where: switchport mode access, unless: shutdown}
    must_contain: [spanning-tree portfast]
  - name: bpduguard
    section: {parent: "^interface GigabitEthernet"}
    for_each: {where: switchport mode access}
    must_contain: [spanning-tree bpduguard enable]
  - name: described
    section: {parent: "^interface GigabitEthernet"}
    for_each: {unless: shutdown}
    must_contain: [{pattern: "^description \\\\S"}]
  - name: access vlan
    section: {parent: "^interface GigabitEthernet"}
    for_each: {where: switchport mode access}
    must_contain: [{pattern: "^switchport access vlan 1[0-3]$"}]
  - name: no trunk on access
    section: {parent: "^interface GigabitEthernet1/0/"}
    for_each: {}
    must_not_contain: [switchport mode trunk]
  - {name: acl present, must_contain: [ip access-list extended BENCH]}
  - {name: no any any, must_not_contain: [{pattern: "permit ip any any"}]}
`;

/** The same checks written plainly over lines: what any script would do, storing nothing. */
function bareLoop(config: string): number {
  const lines = config.split('\n');
  let failing = 0;
  const has = (re: RegExp) => lines.some((l) => re.test(l));
  const checks = [
    has(/^aaa new-model$/),
    has(/^aaa authentication login default group tacacs\+/),
    !has(/^ip http server$/),
    has(/^service password-encryption$/),
    has(/^logging host 192\.0\.2\.50$/),
    has(/^ntp server 192\.0\.2\.123$/),
    has(/^ntp server 192\.0\.2\.124$/),
    ((n) => n >= 2 && n <= 4)(lines.filter((l) => /^ntp server /.test(l)).length),
    !has(/^snmp-server community \S+ RW/),
    has(/^snmp-server location site-\d+$/),
    has(/^banner motd/),
  ];
  failing += checks.filter((ok) => !ok).length;
  // Blocks: the vty lines and each interface.
  const blocks: { header: string; body: string[] }[] = [];
  for (const l of lines) {
    if (!l.startsWith(' ')) blocks.push({ header: l, body: [] });
    else blocks.at(-1)?.body.push(l.trim());
  }
  const vty = blocks.filter((b) => /^line vty/.test(b.header)).flatMap((b) => b.body);
  if (!vty.includes('transport input ssh')) failing++;
  if (vty.some((l) => /telnet/.test(l))) failing++;
  const ports = blocks.filter((b) => /^interface GigabitEthernet/.test(b.header));
  const access = ports.filter((b) => b.body.includes('switchport mode access'));
  if (access.some((b) => !b.body.includes('shutdown') && !b.body.includes('spanning-tree portfast')))
    failing++;
  if (access.some((b) => !b.body.includes('spanning-tree bpduguard enable'))) failing++;
  if (ports.some((b) => !b.body.includes('shutdown') && !b.body.some((l) => /^description \S/.test(l))))
    failing++;
  if (access.some((b) => !b.body.some((l) => /^switchport access vlan 1[0-3]$/.test(l)))) failing++;
  if (ports.some((b) => b.body.includes('switchport mode trunk'))) failing++;
  if (!has(/^ip access-list extended BENCH$/)) failing++;
  if (has(/permit ip any any/)) failing++;
  return failing;
}

/**
 * The bare loop over every stored configuration, read 1,000 at a time on a connection of its own;
 * it starts with the garbage of the last timed part collected (the script runs with --expose-gc):
 * a run leaves 200 MB of configurations behind, and the major collection they cost landed in the
 * next part's CPU in some runs (the incremental pass: 0.5-0.6 ms, else 0.2).
 */
async function runBareLoop(url: string, collect: () => void) {
  collect();
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const t0 = performance.now();
  const machine0 = machineCpuSeconds();
  let failing = 0;
  for (let offset = 0; ; offset += 1000) {
    const { rows } = await client.query<{ config: string }>(
      `select s.config from config_latest l join config_snapshots s on s.id = l.snapshot_id
       order by l.device_id limit 1000 offset ${offset}`,
    );
    for (const r of rows) failing += bareLoop(r.config);
    if (rows.length < 1000) break;
  }
  const seconds = (performance.now() - t0) / 1000;
  const cpu = machineCpuSeconds() - machine0;
  await client.end();
  return { seconds, cpu, failing };
}

/**
 * What every process and the kernel spent over a timed part, and the share of all cores busy: a
 * part that keeps them all busy can go faster only by doing less work.
 */
const machine = (cpuSeconds: number, seconds: number) =>
  `${cpuSeconds.toFixed(1)} CPU s, ${busyShare(cpuSeconds, seconds)}`;

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'webnet-bench-'));
const scratch = await createScratchPostgres();
let server: ChildProcess | undefined;
try {
  await seedInventory({
    databaseUrl: scratch.url,
    dataDir,
    devices: DEVICES,
    customers: 1,
    password: PASSWORD,
  });
  const database = await openDatabase({ databaseUrl: scratch.url, dataDir });
  const db = database.db;
  await db.execute(sql`update devices set platform = 'cisco_ios', vendor = 'cisco', enabled = true`);
  const ids = await queryRows<{ id: string; customer_id: string }>(
    db,
    sql`select id, customer_id from devices order by hostname`,
  );
  const t0 = performance.now();
  for (let i = 0; i < ids.length; i += 500) {
    const rows = ids.slice(i, i + 500).map((d, k) => {
      const config = configFor(i + k);
      return {
        device_id: d.id,
        customer_id: d.customer_id,
        config,
        hash: createHash('sha256').update(config).digest('hex'),
        lines: config.split('\n').length,
        bytes: Buffer.byteLength(config),
      };
    });
    await db.execute(sql`
      with s as (
        insert into config_snapshots (customer_id, device_id, source, hash, config, lines, bytes)
        select customer_id, device_id, 'backup', hash, config, lines, bytes
        from json_to_recordset(${JSON.stringify(rows)}::json)
          as x(customer_id uuid, device_id uuid, hash text, config text, lines int, bytes int)
        returning id, device_id, customer_id, hash)
      insert into config_latest (device_id, customer_id, snapshot_id, hash, changed_at, checked_at)
      select device_id, customer_id, id, hash, now(), now() from s`);
  }
  // Searchable, as a fleet's configurations are long before a policy is saved: left to the
  // server's indexer, catching up on what the seed stored behind its back ran inside the timed
  // evaluation (200 configurations, 0.7 s of PostgreSQL, in pg_stat_statements).
  while ((await indexPending(db, 1000)) > 0);
  await db.execute(sql`vacuum analyze`);
  const mb = (ids.length * configFor(1).length) / 1e6;
  console.log(
    `seeded ${ids.length} devices with ~${(CONFIG_BYTES / 1024).toFixed(0)} KB configurations (${mb.toFixed(0)} MB) in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );

  // The bare loop: the same configurations from the database, the same checks, nothing stored.
  // Each timed part in this process starts with the garbage of the last collected (see runBareLoop).
  const collect = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
  const bareBefore = await runBareLoop(scratch.url, collect);
  console.log(
    `bare loop: ${bareBefore.failing} failing checks over ${ids.length} devices in ${bareBefore.seconds.toFixed(1)} s; the machine ${machine(bareBefore.cpu, bareBefore.seconds)}`,
  );

  // Incremental: what a backup's store pays per device, on a sample of 2,000 devices.
  const sample = ids.slice(0, Math.min(2000, ids.length)).map((d) => d.id);
  // A policy row to evaluate against, saved as the API would (the full run below replaces it).
  const compiled = compilePolicy(POLICY);
  const [policy] = await queryRows<{ id: string }>(
    db,
    sql`insert into compliance_policies (customer_id, name, source, scope, rule_count, created_by_name)
        values (${ids[0]!.customer_id}, 'incremental sample', ${POLICY}, ${JSON.stringify(compiled.source.scope)}::jsonb, ${compiled.rules.length}, 'bench')
        returning id`,
  );
  // A backup's store hands over the configurations it has just stored: read them first, untimed.
  const stored = await queryRows<{ deviceId: string; snapshotId: string; config: string }>(
    db,
    sql`select l.device_id as "deviceId", l.snapshot_id as "snapshotId", s.config
        from config_latest l join config_snapshots s on s.id = l.snapshot_id
        where l.device_id in (select value::uuid from json_array_elements_text(${JSON.stringify(sample)}::json))`,
  );
  // A first pass stores the results a device already has when its next backup comes (untimed);
  // the timed pass is that backup: a new configuration, mostly the same verdicts.
  for (let i = 0; i < stored.length; i += 50)
    await db.transaction((tx) => evaluateDevices(tx, stored.slice(i, i + 50)));
  collect();
  const cpu0 = process.cpuUsage();
  const tb = performance.now();
  for (let i = 0; i < stored.length; i += 50)
    await db.transaction((tx) => evaluateDevices(tx, stored.slice(i, i + 50)));
  const cpu = process.cpuUsage(cpu0);
  const incrementalMs = (cpu.user + cpu.system) / 1000 / sample.length;
  console.log(
    `incremental: ${sample.length} devices in ${((performance.now() - tb) / 1000).toFixed(1)} s, ${incrementalMs.toFixed(2)} CPU ms per device (20 rules, evaluation and results written)`,
  );
  await db.execute(sql`delete from compliance_policies where id = ${policy!.id}`);
  await database.close();

  // The rule engine alone against the bare loop's checks, on the same configurations already in
  // memory (no database, no thread, nothing stored): what separates the two when the pipeline
  // around them (reads, threads, verdicts stored, the job) is set aside.
  const rulesOf = new Map([
    [policy!.id, compiledRules({ id: policy!.id, revision: 0, rules: compiled.source.rules })],
  ]);
  // As a device row of the seed is seen by templates (the policy has no intended block to render).
  const seen = templateDevice({
    hostname: 'sw-1',
    address: '192.0.2.1',
    platform: 'cisco_ios',
    vendor: 'cisco',
    role: '',
    site: '',
    tags: [],
    facts: {},
  });
  const engineAlone = () => {
    for (const s of stored)
      evaluateDevice(
        { ...s, customerId: ids[0]!.customer_id, platform: 'cisco_ios', seen, policyIds: [policy!.id] },
        rulesOf,
      );
  };
  const checksAlone = () => {
    for (const s of stored) bareLoop(s.config);
  };
  const bestOf = (run: () => void) => {
    let best = Number.POSITIVE_INFINITY;
    for (let round = 0; round < 3; round++) {
      collect();
      const t = performance.now();
      run();
      best = Math.min(best, performance.now() - t);
    }
    return (best * 1000) / stored.length;
  };
  const engineUs = bestOf(engineAlone);
  const checksUs = bestOf(checksAlone);
  console.log(
    `engine alone: ${engineUs.toFixed(0)} µs per device, the bare loop's checks ${checksUs.toFixed(0)} µs (${(engineUs / checksUs).toFixed(2)}x; best of 3 over ${stored.length} configurations in memory)`,
  );

  // The full evaluation through the product: save the policy, wait for its job.
  const port = await freePort();
  const secretKey = `b:${randomBytes(32).toString('base64')}`;
  server = await startServer(serverEnv({ port, dataDir, databaseUrl: scratch.url, secretKey }));
  const origin = `http://127.0.0.1:${port}`;
  const headers = {
    authorization: `Bearer ${await login(origin, 'global', PASSWORD)}`,
    'content-type': 'application/json',
  };
  const api = async (method: string, url: string, body?: unknown) => {
    const res = await fetch(`${origin}${url}`, {
      method,
      headers: body ? headers : { authorization: headers.authorization },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    const json = (res.status === 204 ? {} : await res.json()) as Record<string, unknown>;
    if (res.status >= 400) throw new Error(`${method} ${url}: ${res.status} ${JSON.stringify(json)}`);
    return json;
  };
  /**
   * One full evaluation: the policy saved through the API, its job waited for; what it cost printed
   * under `label`. Returns its seconds and the job and policy as the API gives them.
   */
  const pid = server.pid!;
  const fullEvaluation = async (label: string) => {
    const cpu0 = {
      threads: threadCpuSeconds(pid),
      webnet: cpuSecondsOfPid(pid),
      pg: cpuSecondsOf('postgres'),
      machine: machineCpuSeconds(),
    };
    console.log(`${label}: saving the policy`);
    const t0 = performance.now();
    const created = await api('POST', '/api/v1/compliance/policies', {
      customerId: ids[0]!.customer_id,
      source: POLICY,
    });
    const savedSeconds = (performance.now() - t0) / 1000;
    let job: Record<string, unknown>;
    for (;;) {
      job = await api('GET', `/api/v1/jobs/${created.jobId}`);
      if (['success', 'partial', 'failed', 'cancelled'].includes(String(job.status))) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const seconds = (performance.now() - t0) / 1000;
    const cpu = machineCpuSeconds() - cpu0.machine;
    const per = (sec: number) => ((sec * 1000) / ids.length).toFixed(2);
    console.log(
      `  CPU ms per device: webnet ${per(cpuSecondsOfPid(pid) - cpu0.webnet)}, postgres ${per(cpuSecondsOf('postgres') - cpu0.pg)}; the machine ${machine(cpu, seconds)}`,
    );
    // The evaluator thread ("WorkerThread") against the server's own and V8's collectors' helpers.
    console.log(`  webnet's threads: ${threadCpuSince(cpu0.threads, threadCpuSeconds(pid))}`);
    // Where the time went: the save (the policy and its job created), the job waiting for the
    // worker, and the evaluation itself (the job's own start and end).
    const at = (k: string) => new Date(String(job[k])).getTime();
    console.log(
      `  policy saved in ${savedSeconds.toFixed(2)} s, job started ${((at('startedAt') - at('createdAt')) / 1000).toFixed(2)} s after it was created, ran ${((at('finishedAt') - at('startedAt')) / 1000).toFixed(2)} s`,
    );
    const policy = await api('GET', `/api/v1/compliance/policies/${created.id}`);
    console.log(
      `${label}: job ${job.status}, ${job.succeeded} work items, ${policy.devices} devices with results, ${policy.compliant} compliant, in ${seconds.toFixed(1)} s`,
    );
    if (job.status !== 'success' || policy.devices !== ids.length) process.exitCode = 1;
    return { seconds, policy };
  };
  // The full evaluation, the first after the server started, as in every run before: the figure
  // the ratio takes.
  const full = await fullEvaluation('full evaluation');
  const fullSeconds = full.seconds;
  // The same again on the running server: the policy deleted (its results with it) and saved as
  // another, a first evaluation of a policy all the same. The first after a start also pays for
  // the start: V8 compiling the hot code (the evaluator thread's and the server's), the heaps and
  // buffers growing into fresh memory, and about 0.5 CPU s more of PostgreSQL, not traced (a
  // script running the evaluation bare, no server: 2.1-2.3 s the first time in a process, then
  // 1.5-1.8 s). Printed for what a server that has been up a while does; the ratio stays as it was.
  await api('DELETE', `/api/v1/compliance/policies/${full.policy.id}`);
  // Autovacuum may be off on a test server: the deleted results' space is made free as it would be.
  const admin = new pg.Client({ connectionString: scratch.url });
  await admin.connect();
  await admin.query('vacuum analyze compliance_results, compliance_history');
  await admin.end();
  const again = await fullEvaluation('full evaluation again, on the running server');
  // The bare loop again, the server stopped: the ratio is to the mean of the two runs, as the
  // backup benchmark's is to netio's rounds before and after, so that a quick or slow minute on
  // one side alone moves it less (one run swung it 1.9-3.0 on the same code).
  await stopServer(server);
  server = undefined;
  const bareAfter = await runBareLoop(scratch.url, collect);
  const bareSeconds = (bareBefore.seconds + bareAfter.seconds) / 2;
  console.log(
    `bare loop again: ${bareAfter.seconds.toFixed(1)} s (before the full evaluation ${bareBefore.seconds.toFixed(1)} s, mean ${bareSeconds.toFixed(2)} s)`,
  );
  console.log(
    `on the running server: ${again.seconds.toFixed(1)} s, ratio ${(again.seconds / bareSeconds).toFixed(2)} to the same bare loop`,
  );
  console.log(
    `compliance ${ids.length} devices in ${fullSeconds.toFixed(1)} s, bare loop ${bareSeconds.toFixed(1)} s, ratio ${(fullSeconds / bareSeconds).toFixed(2)}, incremental ${incrementalMs.toFixed(2)} CPU ms per device`,
  );
} finally {
  await stopServer(server);
  await scratch.drop();
  fs.rmSync(dataDir, { recursive: true, force: true });
}
