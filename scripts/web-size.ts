// Reports the production build's size after `vite build`: every chunk raw and gzipped, and the
// JavaScript the first page load needs (index.html's entry and its preloads). Fails above the budget.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const INITIAL_JS_BUDGET = 300 * 1024;
const DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../web/dist');

const gz = (file: string) => gzipSync(fs.readFileSync(path.join(DIST, file)), { level: 9 }).length;
const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;

const html = fs.readFileSync(path.join(DIST, 'index.html'), 'utf8');
const initial = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.(?:js|css))"/g)].map(
  (m) => m[1] as string,
);
const assets = fs
  .readdirSync(path.join(DIST, 'assets'))
  .filter((f) => /\.(js|css)$/.test(f))
  .map((f) => `assets/${f}`);

const rows = assets
  .map((file) => ({
    file,
    raw: fs.statSync(path.join(DIST, file)).size,
    gzip: gz(file),
    initial: initial.includes(file),
  }))
  .sort((a, b) => b.gzip - a.gzip);
for (const r of rows) {
  process.stdout.write(
    `${r.initial ? '*' : ' '} ${r.file.padEnd(48)} ${kb(r.raw).padStart(10)} ${kb(r.gzip).padStart(10)} gz\n`,
  );
}
const initialJs = rows.filter((r) => r.initial && r.file.endsWith('.js')).reduce((s, r) => s + r.gzip, 0);
const initialCss = rows.filter((r) => r.initial && r.file.endsWith('.css')).reduce((s, r) => s + r.gzip, 0);
const total = rows.reduce((s, r) => s + r.gzip, 0);
process.stdout.write(
  `\ninitial JS ${kb(initialJs)} gzipped (budget ${kb(INITIAL_JS_BUDGET)}), initial CSS ${kb(initialCss)}, ` +
    `all chunks ${kb(total)} gzipped; * = loaded on first visit, the rest on demand\n`,
);
if (initialJs > INITIAL_JS_BUDGET) {
  process.stderr.write(`initial JavaScript is over budget: ${kb(initialJs)} > ${kb(INITIAL_JS_BUDGET)}\n`);
  process.exit(1);
}
