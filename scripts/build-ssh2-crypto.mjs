// Builds ssh2's optional native crypto (AES-GCM and ChaCha20-Poly1305 in C) for the Node that
// runs webnet (the `node` devDependency, Node 24). Without it ssh2 runs its ciphers in
// JavaScript at about half the throughput; ssh2's own install script is not used because it
// builds against the machine's default headers, here those of the system's Node 20.
// A failed build is not an error: ssh2 falls back to JavaScript and webnet works the same.
// Plain JavaScript on purpose: it runs during `npm ci`, before anything else is known to work.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const cryptoDir = path.join(root, 'node_modules/ssh2/lib/protocol/crypto');
const version = process.version.slice(1);

function headersDir() {
  const candidates = [
    path.join(root, `node_modules/node/node_modules/node-${process.platform}-${process.arch}`),
    path.resolve(path.dirname(fs.realpathSync(process.execPath)), '..'),
  ];
  return candidates.find((dir) => {
    try {
      const h = fs.readFileSync(path.join(dir, 'include/node/node_version.h'), 'utf8');
      const v = ['MAJOR', 'MINOR', 'PATCH'].map(
        (p) => new RegExp(`#define NODE_${p}_VERSION (\\d+)`).exec(h)?.[1],
      );
      return v.join('.') === version;
    } catch {
      return false;
    }
  });
}

function nodeGyp() {
  const fromNpm = process.env.npm_config_node_gyp;
  if (fromNpm && fs.existsSync(fromNpm)) return fromNpm;
  const bundled = path.join(
    path.dirname(process.env.npm_execpath ?? ''),
    '../node_modules/node-gyp/bin/node-gyp.js',
  );
  return fs.existsSync(bundled) ? bundled : undefined;
}

const skip = (why) => {
  console.log(`webnet: ssh2 native crypto not built (${why}); ssh2 uses its JavaScript ciphers`);
  process.exit(0);
};

if (!fs.existsSync(cryptoDir)) skip('ssh2 is not installed');
const nodedir = headersDir();
if (!nodedir) skip(`no headers for Node ${version}`);
// Node 24.19-24.21's headers compile cleanup hooks into every node::ObjectWrap, whose destructor
// aborts the process when the collector reclaims one outside a JavaScript context (an idle-time
// collection): a 100,000-device backup took the server down so (nodejs/node#65446,
// mscdex/ssh2#1511). The `node` devDependency is pinned before them; a Node that has them gets
// ssh2's JavaScript ciphers, slower but safe.
const objectWrap = fs.readFileSync(path.join(nodedir, 'include/node/node_object_wrap.h'), 'utf8');
if (version.startsWith('24.') && objectWrap.includes('AddEnvironmentCleanupHook'))
  skip(`Node ${version}'s ObjectWrap aborts when the collector reclaims a native cipher (nodejs/node#65446)`);
const gyp = nodeGyp();
if (!gyp) skip('node-gyp not found');
try {
  // npm hands its own nodedir setting to node-gyp through the environment, and that wins over
  // the flag: set both to the headers of this Node.
  const env = { ...process.env, npm_config_nodedir: nodedir };
  execFileSync(process.execPath, [gyp, 'rebuild', `--nodedir=${nodedir}`], {
    cwd: cryptoDir,
    stdio: 'pipe',
    env,
  });
  const check = `console.log(require(${JSON.stringify(path.join(root, 'node_modules/ssh2/lib/protocol/crypto.js'))}).bindingAvailable)`;
  const loaded = execFileSync(process.execPath, ['-e', check], { encoding: 'utf8' }).trim();
  if (loaded !== 'true') skip('the built module does not load');
  console.log(`webnet: ssh2 native crypto built for Node ${version}`);
} catch (err) {
  skip(String(err.message ?? err).split('\n')[0]);
}
