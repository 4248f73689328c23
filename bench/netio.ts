/**
 * npm run bench:netio -- [--devices 3000] [--concurrency 100] [--platform cisco_ios] [--config-bytes 40000] [--rounds 2]
 *
 * The lab in one process; in this one, config backups of every lab device, first by netio
 * (prompt-driven session, paging off, cleaning, redaction, hashing) and then by a bare ssh2
 * client doing the same exchange (login, enable, the same "terminal length 0" and "terminal width 0",
 * show running-config, read to the prompt), alternating rounds so machine noise hits both alike. Targets: netio at least 0.8x the
 * bare client, and 300 devices/s for 40 KB configs.
 */

import { createRequire } from 'node:module';
import net from 'node:net';
import { parseArgs } from 'node:util';
import ssh2 from 'ssh2';
import { backup, withDevice } from '../src/netio/index.ts';
import { LAB_LOGIN, type LabTarget, startLab, stopLab } from './lab-process.ts';
import { forEachConcurrently, percentile } from './load.ts';

const { values: args } = parseArgs({
  options: {
    devices: { type: 'string', default: '3000' },
    concurrency: { type: 'string', default: '100' },
    platform: { type: 'string', default: 'cisco_ios' },
    'config-bytes': { type: 'string', default: '40000' },
    rounds: { type: 'string', default: '3' },
  },
});
const DEVICES = Number(args.devices);
const CONCURRENCY = Number(args.concurrency);
const ROUNDS = Number(args.rounds);

/** The baseline: ssh2 and a read-to-prompt loop, nothing else. */
function bareBackup(d: LabTarget): Promise<number> {
  return new Promise((resolve, reject) => {
    const sock = net.connect({ host: d.host, port: d.port, noDelay: true });
    const client = new ssh2.Client();
    const fail = (err: Error) => {
      client.end();
      reject(err);
    };
    client.on('error', fail);
    client.on('ready', () => {
      client.shell({ term: 'vt100', cols: 511, rows: 200 }, (err, stream) => {
        if (err) return fail(err);
        stream.setEncoding('utf8');
        let buffer = '';
        let step = 0;
        let config = 0;
        const steps: [RegExp, () => void][] = [
          [/[>#]\s*$/, () => stream.write(buffer.trimEnd().endsWith('>') ? 'enable\n' : '\n')],
          [
            /assword:\s*$|#\s*$/,
            () => stream.write(/assword:\s*$/.test(buffer) ? `${LAB_LOGIN.secret}\n` : '\n'),
          ],
          [/#\s*$/, () => stream.write('terminal length 0\n')],
          [/#\s*$/, () => stream.write('terminal width 0\n')],
          [/#\s*$/, () => stream.write('show running-config\n')],
          [
            /\n[^\n]*#\s*$/,
            () => {
              config = buffer.length;
              stream.end();
              client.end();
              resolve(config);
            },
          ],
        ];
        stream.on('data', (chunk: string) => {
          buffer += chunk;
          const tail = buffer.slice(-256);
          if (step < steps.length && steps[step]![0].test(tail)) {
            const act = steps[step++]![1];
            act();
            if (step < steps.length) buffer = '';
          }
        });
      });
    });
    sock.once('connect', () =>
      client.connect({
        sock,
        username: LAB_LOGIN.username,
        password: LAB_LOGIN.password,
        readyTimeout: 30_000,
      }),
    );
    sock.once('error', fail);
  });
}

function netioBackup(d: LabTarget): Promise<number> {
  return withDevice(
    { ...LAB_LOGIN, host: d.host, port: d.port, platform: d.platform, commandTimeoutMs: 30_000 },
    async (session) => (await backup(session)).config.length,
  );
}

type Round = {
  name: string;
  seconds: number;
  latencies: number[];
  cpuMs: number;
  labCpuMs: number;
  bytes: number;
  errors: number;
};

async function round(
  name: string,
  devices: LabTarget[],
  run: (d: LabTarget) => Promise<number>,
  labCpu: () => number,
): Promise<Round> {
  const latencies: number[] = [];
  let errors = 0;
  let bytes = 0;
  const cpu0 = process.cpuUsage();
  const lab0 = labCpu();
  const t0 = performance.now();
  await forEachConcurrently(devices, CONCURRENCY, async (d) => {
    const s = performance.now();
    try {
      bytes += await run(d);
    } catch {
      errors++;
    }
    latencies.push(performance.now() - s);
  });
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  return {
    name,
    seconds,
    latencies: latencies.sort((a, b) => a - b),
    cpuMs: (cpu.user + cpu.system) / 1000,
    labCpuMs: labCpu() - lab0,
    bytes,
    errors,
  };
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
  '127.40.0.1',
  '--port',
  '2222',
]);
try {
  const { devices } = lab;
  console.log(
    `lab: ${devices.length} ${args.platform} devices with ~${Number(args['config-bytes']) / 1000} KB configs; concurrency ${CONCURRENCY}`,
  );
  // ssh2's C ciphers (built by scripts/build-ssh2-crypto.mjs at install) roughly double throughput.
  const native = Boolean(createRequire(import.meta.url)('ssh2/lib/protocol/crypto.js').bindingAvailable);
  console.log(`ssh2 native crypto: ${native ? 'on' : 'off (JavaScript ciphers)'}`);
  // Warm up both clients (JIT, lab caches) before measuring.
  await round('warm-up', devices.slice(0, 100), bareBackup, lab.cpuMs);
  await round('warm-up', devices.slice(0, 100), netioBackup, lab.cpuMs);
  const rounds: Round[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    rounds.push(await round('bare ssh2', devices, bareBackup, lab.cpuMs));
    rounds.push(await round('netio', devices, netioBackup, lab.cpuMs));
  }
  console.log(
    `\n${'client'.padEnd(11)}${'devices/s'.padStart(10)}${'p50 ms'.padStart(9)}${'p99 ms'.padStart(9)}${'CPU ms/dev'.padStart(12)}${'lab CPU ms/dev'.padStart(16)}${'KB/dev'.padStart(8)} errors`,
  );
  for (const r of rounds) {
    const n = r.latencies.length;
    console.log(
      `${r.name.padEnd(11)}${(n / r.seconds).toFixed(0).padStart(10)}${percentile(r.latencies, 50).toFixed(1).padStart(9)}${percentile(r.latencies, 99).toFixed(1).padStart(9)}${(r.cpuMs / n).toFixed(2).padStart(12)}${(r.labCpuMs / n).toFixed(2).padStart(16)}${(r.bytes / Math.max(1, n - r.errors) / 1000).toFixed(1).padStart(8)} ${r.errors}`,
    );
  }
  // The median round of each: one noisy round should not decide the ratio.
  const rate = (name: string) => {
    const rates = rounds
      .filter((r) => r.name === name)
      .map((r) => r.latencies.length / r.seconds)
      .sort((a, b) => a - b);
    return rates[Math.floor(rates.length / 2)]!;
  };
  const errors = rounds.reduce((n, r) => n + r.errors, 0);
  const n = rate('netio');
  const m = rate('bare ssh2');
  if (errors) console.log(`\n${errors} backups failed`);
  console.log(
    `\nnetio ${n.toFixed(0)} devices/s, bare ssh2 ${m.toFixed(0)} devices/s, ratio ${(n / m).toFixed(2)}`,
  );
} finally {
  await stopLab(lab.child);
}
