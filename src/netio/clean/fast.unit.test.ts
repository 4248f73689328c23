import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PLATFORMS } from '../platforms/index.ts';
import { cleanConfig } from './fast.ts';
import { dropVolatile, redact, significantHash } from './reference.ts';

/**
 * The one-pass cleaning must give exactly what the plain rules give (drop, then redact, then
 * hash), for every platform's rules and any config, including lines that look like two rules
 * at once, blank edges, multi-line secrets and trailing blanks.
 */
const FRAGMENTS = [
  'hostname r1',
  'interface Gi0/1',
  ' description uplink  ',
  ' key 7 0822455D0A16',
  ' key 1',
  'key chain k',
  'tacacs server t1',
  'snmp-server community s3cret RO',
  'snmp-server host 10.0.0.1 version 2c s3cret',
  'username admin privilege 15 secret 9 $9$abc',
  'enable secret 5 $1$xyz',
  ' password 7 ABCDEF',
  '!Time: Mon Nov 23 20:00:00 2026',
  '! Last configuration change at 20:00:00 UTC',
  'Building configuration...',
  'Current configuration : 1234 bytes',
  '  expression 42',
  '## Last commit: 2026-11-23 by root',
  '    encrypted-password "$6$abc"; ## SECRET-DATA',
  '    community public {',
  'set password ENC AAAA',
  '    set private-key "-----BEGIN ENCRYPTED PRIVATE KEY-----',
  'QUJDREVGR0hJSktMTU5PUFFSU1RVVldY',
  '-----END ENCRYPTED PRIVATE KEY-----"',
  "set service snmp community 'pub' authorization 'ro'",
  'http://user:pw@host/x',
  '',
  '   ',
  '\t',
  'end',
  '\t<revision>',
  '\t\t<time>1734429642</time>',
  '\t</revision>',
  '\t<last_rule_upd_time>1734429642</last_rule_upd_time>',
  '        readonly-community:',
  '          public:',
  '            access:',
  '      password: s3cret',
];
const configs = fc
  .array(fc.tuple(fc.constantFrom(...FRAGMENTS), fc.constantFrom('', ' ', '  x', '\t')), { maxLength: 60 })
  .map((parts) => parts.map(([line, tail]) => line + tail).join('\n'));

// Block drops are only in a few platforms' rules; every platform's rules are tried with them too.
const BLOCKS = [
  { from: /^\s*<revision>/, to: /<\/revision>/ },
  { from: /^\s*<time>/, to: /^\s*<\/revision>/ },
];

// Secrets that are YAML keys, found by their parent line.
const PARENT_RULES = [
  { pattern: /^\s+(?<secret>[^\s:]+):\s*$/, parent: /^\s*readonly-community:\s*$/ },
  { pattern: /^\s*password: (?<secret>\S+)/, parent: /^\s*public:/ },
];

describe('one-pass config cleaning', () => {
  it.each(Object.keys(PLATFORMS).flatMap((name) => [[name, false] as const, [name, true] as const]))(
    '%s (block drops and parent rules %s): equals drop, redact and hash in turn',
    (name, extra) => {
      const own = PLATFORMS[name]!.backup;
      const rules = extra ? { ...own, dropBlocks: BLOCKS, redact: [...own.redact, ...PARENT_RULES] } : own;
      const key = new Uint8Array(32).fill(3);
      fc.assert(
        fc.property(configs, fc.boolean(), (text, keyed) => {
          const unredacted = dropVolatile(text, rules);
          if (unredacted.trim() === '') return;
          const config = redact(unredacted, rules.redact, keyed ? key : undefined);
          const fast = cleanConfig(text, rules, keyed ? key : undefined);
          expect(fast.config).toBe(config);
          expect(fast.hash).toBe(significantHash(config, rules.insignificant));
          expect(fast.unredacted()).toBe(unredacted);
        }),
        { numRuns: 1000 },
      );
    },
  );
});
