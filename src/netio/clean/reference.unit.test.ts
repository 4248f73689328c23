import { describe, expect, it } from 'vitest';
import { dropVolatile, redact, significantHash } from './reference.ts';

describe('config cleaning', () => {
  it('replaces only the secret, and a keyed marker shows that a secret changed without showing it', () => {
    const rules = [{ pattern: /^snmp-server community (?<secret>\S+)/ }];
    expect(redact('snmp-server community public RO', rules)).toBe('snmp-server community <redacted> RO');
    const key = new Uint8Array(32).fill(7);
    const a = redact('snmp-server community public RO', rules, key);
    const b = redact('snmp-server community private RO', rules, key);
    expect(a).toMatch(/^snmp-server community <redacted:[0-9a-f]{8}> RO$/);
    expect(a).not.toBe(b);
    expect(redact('snmp-server community public RO', rules, key)).toBe(a);
  });

  it('limits a rule to lines under a matching block header', () => {
    const rules = [{ pattern: /^\s+key (?<secret>\S+)$/, within: /^tacacs server/ }];
    const text = 'tacacs server t1\n key s3cret\nkey chain k\n key 1';
    expect(redact(text, rules)).toBe('tacacs server t1\n key <redacted>\nkey chain k\n key 1');
  });

  it('removes a secret that spans lines, keeping what follows its end', () => {
    const rules = [
      { pattern: /set private-key "(?<secret>-----BEGIN[^"]*)/, until: /^[^"]*-----END [A-Z ]*KEY-----/ },
    ];
    const text =
      'edit "c"\n  set private-key "-----BEGIN KEY-----\nAAAA\nBBBB\n-----END KEY-----"\n  set comment "x"';
    expect(redact(text, rules)).toBe('edit "c"\n  set private-key "<redacted>"\n  set comment "x"');
  });

  it('drops volatile lines and blank edges; the hash ignores insignificant lines', () => {
    const rules = { drop: [/^!Time:/], insignificant: [/^! Last change/], redact: [] };
    expect(dropVolatile('\n!Time: now\nhostname r1\n\n', { ...rules, commands: [] })).toBe('hostname r1\n');
    const h1 = significantHash('! Last change at 10:00\nhostname r1\n', rules.insignificant);
    const h2 = significantHash('! Last change at 11:00\nhostname r1\n', rules.insignificant);
    const h3 = significantHash('! Last change at 11:00\nhostname r2\n', rules.insignificant);
    expect(h1).toBe(h2);
    expect(h3).not.toBe(h1);
  });
});

describe('redaction markers', () => {
  it('are the first 8 hex digits of HMAC-SHA256(key, secret), the same when computed again', async () => {
    const { createHmac, randomBytes } = await import('node:crypto');
    const { markerFor } = await import('./rules.ts');
    const key = randomBytes(32);
    const other = randomBytes(32);
    for (const secret of ['$9$abc', 'lab-snmp-secret', 'x', 'ünïcode']) {
      const expected = `<redacted:${createHmac('sha256', key).update(secret).digest('hex').slice(0, 8)}>`;
      expect(markerFor(key)(secret)).toBe(expected);
      // A second backup (a new marker function, the cache warm) gives the very same marker.
      expect(markerFor(key)(secret)).toBe(expected);
      expect(markerFor(other)(secret)).not.toBe(expected);
    }
    expect(markerFor()('anything')).toBe('<redacted>');
  });
});
