// `npm run release [-- DIR]`: webnet as it is deployed, in DIR (default ./release): the server's
// sources (Node 24 runs them as they are), the migrations, the built web UI, and production
// dependencies only. The Dockerfile's image is this folder on node:24; a test builds it and starts it.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '..');
const out = path.resolve(process.argv[2] ?? path.join(ROOT, 'release'));
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

function step(what: string) {
  process.stdout.write(`release: ${what}\n`);
}

/** Copies a tree, leaving out tests and what only development reads. */
function copyTree(from: string, to: string, keep: (rel: string) => boolean = () => true) {
  fs.cpSync(from, to, {
    recursive: true,
    filter: (src) => {
      const rel = path.relative(from, src);
      return rel === '' || keep(rel);
    },
  });
}

const isTest = (rel: string) => /\.(unit|db|postgres|ssh|e2e)\.test\.ts$|\.test\.ts$/.test(rel);

step(`into ${out}`);
fs.rmSync(out, { recursive: true, force: true });
fs.mkdirSync(out, { recursive: true });

step('web UI (built when its sources are newer than the last build)');
execFileSync(process.execPath, [path.join(ROOT, 'scripts/ensure-web.ts')], { cwd: ROOT, stdio: 'inherit' });
copyTree(path.join(ROOT, 'web/dist'), path.join(out, 'web/dist'));

step('server sources and migrations');
copyTree(path.join(ROOT, 'src'), path.join(out, 'src'), (rel) => !isTest(rel) && !rel.includes('testing'));
copyTree(path.join(ROOT, 'drizzle'), path.join(out, 'drizzle'));
for (const file of ['README.md', 'package-lock.json'])
  fs.copyFileSync(path.join(ROOT, file), path.join(out, file));

// The same dependencies (the lockfile must agree with them for `npm ci`), none of the scripts:
// the release is run, not developed.
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
delete pkg.scripts;
pkg.scripts = { start: 'webnet serve' };
fs.writeFileSync(path.join(out, 'package.json'), `${JSON.stringify(pkg, null, 2)}\n`);

// The launcher runs the Node on the PATH (the image's Node 24), never a development copy.
fs.mkdirSync(path.join(out, 'bin'));
fs.writeFileSync(
  path.join(out, 'bin/webnet'),
  `#!/bin/sh
# webnet's command line, as released: Node 24 (or later) on the PATH runs the sources.
here=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)
major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
if [ "$major" -lt 24 ]; then echo "webnet needs Node 24 or later on the PATH (found: $(node --version 2>/dev/null || echo none))" >&2; exit 1; fi
# A larger young generation: SSH sessions allocate short-lived buffers by the megabyte.
exec node --max-semi-space-size=64 "$here/src/cli/main.ts" "$@"
`,
  { mode: 0o755 },
);

step('production dependencies (npm ci --omit=dev)');
execFileSync(npm, ['ci', '--omit=dev', '--ignore-scripts', '--prefer-offline', '--no-audit', '--no-fund'], {
  cwd: out,
  stdio: 'inherit',
});
// ssh2's native AES-GCM and ChaCha20 (twice the JavaScript ciphers' speed), as built for this
// platform and Node by the development install (scripts/build-ssh2-crypto.mjs); without it ssh2
// uses JavaScript and works the same, slower.
const crypto = 'node_modules/ssh2/lib/protocol/crypto/build';
if (fs.existsSync(path.join(ROOT, crypto))) copyTree(path.join(ROOT, crypto), path.join(out, crypto));

step('done: start it with bin/webnet serve (or webnet worker)');
