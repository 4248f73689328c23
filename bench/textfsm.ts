/**
 * npm run bench:textfsm -- [--rounds 5]
 *
 * Every ntc-templates test case (tests/fixtures/ntc-templates-full, 1,885 with expected records)
 * parsed by webnet's TextFSM engine and by Google's TextFSM in Python (Debian's python3-textfsm,
 * installed here when missing), in the same run, files read beforehand. Both sides parse with
 * templates compiled before the clock starts and join multi-template rows as CliTable does; the
 * best of N rounds counts. Python compiling per call (Netmiko's way) is printed too.
 * Also counted: the cases where webnet's records equal ntc-templates' expected ones, and the
 * cases where they equal Python's.
 * Last line: `textfsm <k>/<n> cases exact, webnet <a> ms, python textfsm <b> ms, speedup <b/a>`.
 * Target: speedup ≥ 3.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { NTC_TEMPLATES_DIR, TemplateLibrary } from '../src/textfsm/library.ts';
import { loadNtcSuite, sameRecords } from '../src/textfsm/testing/ntc-suite.ts';

const { values: args } = parseArgs({ options: { rounds: { type: 'string', default: '5' } } });
const ROUNDS = Number(args.rounds);
const PYTHON = '/usr/bin/python3';

function ensurePythonTextfsm(): void {
  if (spawnSync(PYTHON, ['-c', 'import textfsm'], { stdio: 'ignore' }).status === 0) return;
  console.log('installing python3-textfsm (Debian) for the comparison');
  const apt = ['apt-get', 'install', '-y', '-q', 'python3-textfsm'];
  const root = process.getuid?.() === 0;
  execFileSync(root ? apt[0]! : 'sudo', root ? apt.slice(1) : apt, { stdio: 'inherit' });
}

ensurePythonTextfsm();
const library = new TemplateLibrary([NTC_TEMPLATES_DIR]);
const suite = loadNtcSuite()
  .map((c) => ({ ...c, templates: library.find(c.platform, c.command) }))
  .filter((c): c is typeof c & { templates: string[] } => Boolean(c.templates));
const templateNames = [...new Set(suite.flatMap((c) => c.templates))];
const templateTexts = Object.fromEntries(
  templateNames.map((n) => [n, fs.readFileSync(path.join(NTC_TEMPLATES_DIR, n), 'utf8')]),
);
for (const n of templateNames) library.template(n); // compiled before the clock, as Python's are

const ours = suite.map((c) => library.parseWith(c.templates, c.raw));
let best = Number.POSITIVE_INFINITY;
for (let r = 0; r < ROUNDS; r++) {
  const t = performance.now();
  for (const c of suite) library.parseWith(c.templates, c.raw);
  best = Math.min(best, performance.now() - t);
}
const exact = suite.filter((c, i) => {
  const r = ours[i]!;
  return r.ok && sameRecords(r.records, c.expected);
}).length;

const input = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'webnet-textfsm-')), 'cases.json');
fs.writeFileSync(
  input,
  JSON.stringify({
    templates: templateTexts,
    cases: suite.map((c) => ({ templates: c.templates, raw: c.raw })),
  }),
);
const py = spawnSync(
  PYTHON,
  ['-W', 'ignore', path.join(import.meta.dirname, 'textfsm_reference.py'), input, String(ROUNDS)],
  {
    encoding: 'utf8',
    maxBuffer: 1 << 30,
  },
);
fs.rmSync(path.dirname(input), { recursive: true, force: true });
if (py.status !== 0) throw new Error(`python textfsm failed: ${py.stderr}`);
const python = JSON.parse(py.stdout) as { ms: number; perCallMs: number; results: unknown[] };
const agree = suite.filter((_, i) => {
  const r = ours[i]!;
  return r.ok && sameRecords(r.records, python.results[i]);
}).length;

console.log(`cases with a template: ${suite.length}, templates: ${templateNames.length}, rounds: ${ROUNDS}`);
console.log(`webnet equals ntc-templates' expected records: ${exact}/${suite.length}`);
console.log(`webnet equals Python TextFSM's records:        ${agree}/${suite.length}`);
console.log(
  `python textfsm compiling each template per call (as Netmiko does): ${python.perCallMs.toFixed(0)} ms`,
);
console.log(
  `textfsm ${exact}/${suite.length} cases exact, webnet ${best.toFixed(0)} ms, python textfsm ${python.ms.toFixed(0)} ms, speedup ${(python.ms / best).toFixed(2)}`,
);
