/**
 * npm run bench:backup -- [--devices 10000] [--db postgres,pglite] [--platform cisco_ios] [--config-bytes 20000]
 *
 * The lab in one process, webnet (`webnet serve`: API and its in-process worker) in another. First
 * netio alone backs up every lab device from this process (the raw rate, no database, measured
 * before and after each webnet run, the ratio taken to their mean); then one
 * `config_backup` job over all devices is started through the API and timed from the request to
 * its final status, with every snapshot stored. Targets: at least 0.6 of netio's raw rate, 10,000
 * devices within a minute on PostgreSQL, peak RSS of the webnet process under 1 GB.
 *
 * Each run also prints the CPU per device of each process and of the whole machine (the kernel's
 * loopback TCP included), the share of the cores that was busy, and the device sessions the worker
 * held on average: a run with every core busy can go faster only by spending less CPU per device.
 */
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { backup, withDevice } from '../src/netio/index.ts';
import { createScratchPostgres } from '../tests/helpers/db.ts';
import { freePort } from '../tests/helpers/net.ts';
import { LAB_LOGIN, type LabTarget, startLab, stopLab } from './lab-process.ts';
import { forEachConcurrently } from './load.ts';
import { seedLabInventory } from './seed.ts';
import {
  busyShare,
  cpuSecondsOf,
  cpuSecondsOfPid,
  login,
  machineCpuSeconds,
  peakRssMb,
  serverEnv,
  startServer,
  stopServer,
} from './server-process.ts';

const { values: args } = parseArgs({
  options: {
    devices: { type: 'string', default: '10000' },
    db: { type: 'string', default: 'postgres,pglite' },
    platform: { type: 'string', default: 'cisco_ios' },
    'config-bytes': { type: 'string', default: '20000' },
    concurrency: { type: 'string', default: '100' },
  },
});
const DEVICES = Number(args.devices);
const CONCURRENCY = Number(args.concurrency);
const PASSWORD = 'bench password 1234';

/** netio alone, from this process: the rate the job engine is compared with. */
async function netioRaw(devices: LabTarget[]): Promise<number> {
  let errors = 0;
  const t0 = performance.now();
  await forEachConcurrently(devices, CONCURRENCY, async (d) => {
    try {
      await withDevice(
        { ...LAB_LOGIN, host: d.host, port: d.port, platform: d.platform, commandTimeoutMs: 60_000 },
        (s) => backup(s),
      );
    } catch {
      errors++;
    }
  });
  if (errors) console.log(`netio raw: ${errors} backups failed`);
  return devices.length / ((performance.now() - t0) / 1000);
}

/**
 * Config search over every device's latest config through the API: median of 5 for a literal
 * and for a regex, first while the search index may still be catching up, then once it has.
 */
async function searchTimes(kind: string, origin: string, headers: Record<string, string>) {
  const queries = {
    // One device (what the trigram index is for) and every device (the worst case).
    text: `q=${encodeURIComponent('hostname lab-access0042')}`,
    regex: `regex=true&q=${encodeURIComponent('^snmp-server community \\S+ RO$')}`,
  };
  /**
   * The median of five searches; one slower than SLOW_SEARCH_MS is not repeated, and one the
   * client gave up on (no answer in fetch's 300 s) is reported as such: on PGlite, a search over
   * 100,000 configurations the indexer has not reached yet took longer than that, and the run
   * crashed there before printing its results.
   */
  const time = async (q: string) => {
    const ms: number[] = [];
    let total = 0;
    for (let i = 0; i < 5; i++) {
      const t = performance.now();
      try {
        const res = await fetch(`${origin}/api/v1/configs/search?${q}&pageSize=50`, { headers });
        total = ((await res.json()) as { total: number }).total;
      } catch (err) {
        return { text: `no answer after ${((performance.now() - t) / 1000).toFixed(0)} s (${String(err)})` };
      }
      ms.push(performance.now() - t);
      if (ms.at(-1)! > SLOW_SEARCH_MS) break;
    }
    const median = ms.sort((a, b) => a - b)[Math.floor((ms.length - 1) / 2)]!;
    return { text: `${median.toFixed(0)} ms (${total} devices)` };
  };
  const report = async (when: string) => {
    const text = await time(queries.text);
    const regex = await time(queries.regex);
    console.log(`[${kind}] search ${when}: text ${text.text}, regex ${regex.text}`);
  };
  await report('right after the job');
  const t0 = performance.now();
  // The indexer catches up while the worker is idle; the search answers the same meanwhile.
  for (let i = 0; i < 240; i++) {
    let pending: number;
    try {
      const res = await fetch(`${origin}/api/v1/configs/search?q=${queries.text.slice(2)}&pageSize=1`, {
        headers,
      });
      pending = ((await res.json()) as { indexPending: number }).indexPending;
    } catch (err) {
      console.log(`[${kind}] search index: no answer to a search (${String(err)}); not waited for`);
      return;
    }
    if (pending === 0) break;
    await new Promise((r) => setTimeout(r, 500));
  }
  console.log(
    `[${kind}] search index caught up ${((performance.now() - t0) / 1000).toFixed(1)} s after the job`,
  );
  await report('once indexed');
}

/** A search slower than this is timed once, not five times. */
const SLOW_SEARCH_MS = 10_000;

type Result = { kind: string; seconds: number; rate: number; rssMb: number; changed: number; failed: number };

async function benchOne(
  kind: 'postgres' | 'pglite',
  devices: LabTarget[],
  labCpu: () => number,
): Promise<Result> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'webnet-bench-'));
  const scratch = kind === 'postgres' ? await createScratchPostgres() : undefined;
  const secretKey = `b:${randomBytes(32).toString('base64')}`;
  let server: ChildProcess | undefined;
  try {
    await seedLabInventory({ databaseUrl: scratch?.url, dataDir, secretKey, devices, password: PASSWORD });
    const port = await freePort();
    server = await startServer(
      serverEnv({
        port,
        dataDir,
        databaseUrl: scratch?.url,
        secretKey,
        extra: { WEBNET_WORKER_CONCURRENCY: String(CONCURRENCY) },
      }),
    );
    const origin = `http://127.0.0.1:${port}`;
    const headers = {
      authorization: `Bearer ${await login(origin, 'bench', PASSWORD)}`,
      'content-type': 'application/json',
    };
    const cpu0 = {
      pg: cpuSecondsOf('postgres'),
      webnet: cpuSecondsOfPid(server.pid!),
      lab: labCpu(),
      machine: machineCpuSeconds(),
    };
    /** Device sessions the worker holds, read from its /metrics at each poll. */
    const sessions: number[] = [];
    const t0 = performance.now();
    const res = await fetch(`${origin}/api/v1/jobs`, {
      method: 'POST',
      headers,
      body: JSON.stringify({
        type: 'config_backup',
        targets: { filter: {} },
        options: { concurrency: 1000, timeoutSeconds: 120, retries: 2 },
      }),
    });
    if (res.status !== 202) throw new Error(`job not started: ${res.status} ${await res.text()}`);
    const { id } = (await res.json()) as { id: string };
    const postedSeconds = (performance.now() - t0) / 1000;
    let firstDoneSeconds = Number.NaN;
    type Job = {
      createdAt: string;
      startedAt: string | null;
      status: string;
      done: number;
      total: number;
      failed: number;
      summary: Record<string, number>;
    };
    let job: Job;
    let lastPrint = 0;
    let lastScrape = 0;
    for (;;) {
      // Tokens live 15 minutes; a poll every 250 ms is light next to the work.
      job = (await (await fetch(`${origin}/api/v1/jobs/${id}`, { headers })).json()) as Job;
      if (job.done > 0 && Number.isNaN(firstDoneSeconds)) firstDoneSeconds = (performance.now() - t0) / 1000;
      if (['success', 'partial', 'failed', 'cancelled'].includes(job.status)) break;
      // Sampled every 2 s, not at every poll: a scrape counts pending work in PostgreSQL (the
      // search index, queued devices), and four a second cost it 0.5 CPU s over a 10,000-device
      // run (pg_stat_statements), work the product does not do unless scraped that often.
      if (performance.now() - lastScrape >= 2000) {
        lastScrape = performance.now();
        const metrics = await (await fetch(`${origin}/metrics`)).text();
        const busy = /^webnet_worker_slots\{state="busy"\} (\d+)/m.exec(metrics);
        if (busy) sessions.push(Number(busy[1]));
      }
      if (performance.now() - lastPrint > 5000) {
        lastPrint = performance.now();
        console.log(`[${kind}] ${job.done}/${job.total} after ${((lastPrint - t0) / 1000).toFixed(0)} s`);
      }
      await new Promise((r) => setTimeout(r, 250));
    }
    const seconds = (performance.now() - t0) / 1000;
    const machine = machineCpuSeconds() - cpu0.machine;
    const rssMb = peakRssMb(server.pid!);
    // Two decimals: a change to the backup's path moves these by hundredths (netio raw's alike).
    const per = (s: number) => ((s * 1000) / job.done).toFixed(2);
    console.log(
      `[${kind}] CPU ms per device: webnet ${per(cpuSecondsOfPid(server.pid!) - cpu0.webnet)}, postgres ${per(cpuSecondsOf('postgres') - cpu0.pg)}, lab ${per(labCpu() - cpu0.lab)}; the machine ${per(machine)} (${busyShare(machine, seconds)})`,
    );
    // The time before the devices start: the job created (its devices and queue tasks), then the
    // worker's first fetch; the rest is the devices themselves.
    const startedAfter =
      (new Date(job.startedAt ?? Number.NaN).getTime() - new Date(job.createdAt).getTime()) / 1000;
    console.log(
      `[${kind}] job created in ${postedSeconds.toFixed(2)} s, started ${startedAfter.toFixed(2)} s after its creation, first device done after ${firstDoneSeconds.toFixed(2)} s`,
    );
    // Fewer sessions than the concurrency means the worker waits on something besides devices.
    const mean = sessions.reduce((a, b) => a + b, 0) / sessions.length;
    console.log(
      `[${kind}] device sessions in flight: mean ${sessions.length ? mean.toFixed(0) : '(no /metrics)'} of ${CONCURRENCY}`,
    );
    await searchTimes(kind, origin, headers);
    return {
      kind,
      seconds,
      rate: job.done / seconds,
      rssMb,
      changed: job.summary.changed ?? 0,
      failed: job.failed,
    };
  } finally {
    await stopServer(server);
    await scratch?.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

const lab = await startLab([
  '--devices',
  String(DEVICES),
  '--platform',
  args.platform,
  '--config-bytes',
  args['config-bytes'],
  '--topology',
  'flat',
  '--address',
  '127.50.0.1',
  '--port',
  '2222',
  // One socket per device would pass the open-file limit (20,000 here) before 100,000 devices.
  '--shared-listener',
]);
try {
  const { devices } = lab;
  console.log(
    `lab: ${devices.length} ${args.platform} devices, ~${Number(args['config-bytes']) / 1000} KB configs`,
  );
  await netioRaw(devices.slice(0, 200)); // warm-up
  const rawRound = async () => {
    const cpu0 = { bench: process.cpuUsage(), lab: lab.cpuMs(), machine: machineCpuSeconds() };
    const t0 = performance.now();
    const rate = await netioRaw(devices);
    const cpu = process.cpuUsage(cpu0.bench);
    const machine = machineCpuSeconds() - cpu0.machine;
    console.log(
      `netio raw: ${rate.toFixed(0)} devices/s (concurrency ${CONCURRENCY}, no database); CPU ms per device: client ${((cpu.user + cpu.system) / 1000 / devices.length).toFixed(2)}, lab ${((lab.cpuMs() - cpu0.lab) / devices.length).toFixed(2)}; the machine ${((machine * 1000) / devices.length).toFixed(2)} (${busyShare(machine, (performance.now() - t0) / 1000)})`,
    );
    return rate;
  };
  // Raw rounds before and after each webnet run: its ratio is to their mean, so drift of the
  // noisy machine over a run weighs on both sides alike.
  let before = await rawRound();
  const results: (Result & { raw: number })[] = [];
  for (const kind of args.db.split(',') as ('postgres' | 'pglite')[]) {
    const measured = await benchOne(kind, devices, () => lab.cpuMs() / 1000);
    const after = await rawRound();
    const r = { ...measured, raw: (before + after) / 2 };
    before = after;
    results.push(r);
    // A benchmark of a broken engine must not pass quietly (CI runs a small one).
    if (r.failed > 0 || r.changed !== DEVICES) process.exitCode = 1;
    console.log(
      `[${kind}] ${r.changed} snapshots, ${r.failed} failed; ${r.rate.toFixed(0)} devices/s, ratio ${(r.rate / r.raw).toFixed(2)} to netio raw (${r.raw.toFixed(0)} devices/s), peak RSS ${r.rssMb.toFixed(0)} MB (the lab's so far ${peakRssMb(lab.child.pid!).toFixed(0)} MB)`,
    );
  }
  for (const r of results.sort((a, b) => (a.kind === 'postgres' ? 1 : 0) - (b.kind === 'postgres' ? 1 : 0))) {
    console.log(
      `backup ${DEVICES} devices in ${r.seconds.toFixed(1)} s on ${r.kind} (${r.rate.toFixed(0)} devices/s), ratio ${(r.rate / r.raw).toFixed(2)} to netio raw, peak RSS ${r.rssMb.toFixed(0)} MB`,
    );
  }
} finally {
  await stopLab(lab.child);
}
