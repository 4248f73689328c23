/**
 * ssh2's native ciphers (sshcrypto.node, built at install against the project's Node) must be
 * reclaimed by the collector without taking the process down. Node 24.19–24.21 compile cleanup
 * hooks into every `node::ObjectWrap` whose destructor then asserts when the collector runs
 * outside a JavaScript context, as a server's idle-time collections do: a 100,000-device backup
 * aborted the server that way near its end (mscdex/ssh2#1511, nodejs/node#65446). The project
 * pins a Node before them (package.json); this holds that pin to its purpose. The native binding
 * must also be there: without it ssh2 falls back to JavaScript ciphers at half the backup rate.
 */
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { expect, it } from 'vitest';

const require = createRequire(import.meta.url);
const binding = path.join(
  path.dirname(require.resolve('ssh2/package.json')),
  'lib/protocol/crypto/build/Release/sshcrypto.node',
);

it('uses the native ciphers, and survives the collector reclaiming thousands of them between tasks', () => {
  expect((require('ssh2/lib/protocol/crypto.js') as { bindingAvailable: boolean }).bindingAvailable).toBe(
    true,
  );
  const script = `
    const b = require(${JSON.stringify(binding)});
    const { randomBytes } = require('node:crypto');
    let held = [];
    for (let i = 0; i < 200000; i++) {
      held.push(new b.AESGCMCipher('aes-128-gcm', randomBytes(16), randomBytes(12)));
      if (held.length > 1000) held = [];
    }
    held = null;
    let n = 0;
    const t = setInterval(() => {
      const junk = [];
      for (let i = 0; i < 1e5; i++) junk.push({ i });
      if (++n > 100) { clearInterval(t); console.log('survived'); }
    }, 10);`;
  const run = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 60_000 });
  expect(run.stderr).not.toMatch(/Assertion failed/);
  expect({ status: run.status, out: run.stdout.trim() }).toEqual({ status: 0, out: 'survived' });
}, 60_000);
