/**
 * node bench/profile-summary.ts FILE.cpuprofile [--top 40]
 *
 * Where a V8 CPU profile's time went: self time per function and per file (node_modules
 * packages folded into one line each), as a share of the samples. For "write down where the time
 * goes" in a benchmark: run it with WEBNET_BENCH_CPU_PROF=dir, then summarise the server's profile.
 */
import fs from 'node:fs';
import { parseArgs } from 'node:util';

type Node = {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
};
type Profile = { nodes: Node[]; samples: number[]; timeDeltas: number[]; startTime: number; endTime: number };

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { top: { type: 'string', default: '40' } },
});
const profile = JSON.parse(fs.readFileSync(positionals[0]!, 'utf8')) as Profile;
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const selfUs = new Map<number, number>();
for (const [i, id] of profile.samples.entries())
  selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
const total = [...selfUs.values()].reduce((a, b) => a + b, 0);

function where(url: string): string {
  if (!url) return '(native)';
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (m) return m[1]!;
  const src = /\/(src|bench|tests)\/(.*)$/.exec(url);
  return src ? `${src[1]}/${src[2]}` : url.replace(/^.*\//, '');
}

const byFunction = new Map<string, number>();
const byFile = new Map<string, number>();
for (const [id, us] of selfUs) {
  const n = byId.get(id)!;
  const file = where(n.callFrame.url);
  const fn = `${n.callFrame.functionName || '(anonymous)'} ${file}${n.callFrame.url ? `:${n.callFrame.lineNumber + 1}` : ''}`;
  byFunction.set(fn, (byFunction.get(fn) ?? 0) + us);
  byFile.set(file, (byFile.get(file) ?? 0) + us);
}
const top = Number(values.top);
const show = (title: string, m: Map<string, number>) => {
  console.log(`\n${title}`);
  for (const [k, us] of [...m].sort((a, b) => b[1] - a[1]).slice(0, top))
    console.log(
      `${((us / total) * 100).toFixed(1).padStart(5)}%  ${(us / 1000).toFixed(0).padStart(7)} ms  ${k}`,
    );
};
console.log(`${(total / 1e6).toFixed(1)} s sampled`);
show('self time by file or package', byFile);
show('self time by function', byFunction);

// Inclusive time of webnet's own functions (src/): what each costs with everything it calls,
// counted once per sample even when a function recurses.
const parent = new Map<number, number>();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const inclusive = new Map<string, number>();
for (const [id, us] of selfUs) {
  const seen = new Set<string>();
  for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
    const f = byId.get(cur)!.callFrame;
    const file = where(f.url);
    if (!file.startsWith('src/')) continue;
    const key = `${f.functionName || '(anonymous)'} ${file}:${f.lineNumber + 1}`;
    if (seen.has(key)) continue;
    seen.add(key);
    inclusive.set(key, (inclusive.get(key) ?? 0) + us);
  }
}
show("webnet's functions, inclusive", inclusive);
