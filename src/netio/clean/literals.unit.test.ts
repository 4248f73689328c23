import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixturesDir } from '../../../tests/helpers/fixtures.ts';
import { PLATFORMS } from '../platforms/index.ts';
import { requiredLiteral } from './literals.ts';

describe('requiredLiteral', () => {
  it('reads the mandatory plain text off a pattern', () => {
    expect(requiredLiteral(/^\s*snmp-server community (?<secret>\S+)/)).toBe('snmp-server community ');
    expect(requiredLiteral(/^\s+key(?: \d+)? (?<secret>\S+)$/)).toBe('key');
    expect(requiredLiteral(/:\/\/[^:/@\s"]+:(?<secret>[^@\s"]+)@/)).toBe('://');
    expect(requiredLiteral(/^(?:tacacs|radius)-server key (?<secret>\S+)/)).toBe('-server key ');
    expect(requiredLiteral(/passwords?/)).toBe('password');
    expect(requiredLiteral(/a|bcdef/)).toBeUndefined();
    expect(requiredLiteral(/secret/i)).toBeUndefined();
  });

  it('never names text a matching line of a real config lacks', () => {
    const dir = fixturesDir('oxidized');
    const lines = fs
      .readdirSync(dir)
      .filter((f) => f.endsWith('#output.txt'))
      .flatMap((f) => fs.readFileSync(path.join(dir, f), 'utf8').split('\n'));
    expect(lines.length).toBeGreaterThan(5000);
    const rules = Object.values(PLATFORMS).flatMap((p) => [
      ...p.backup.redact.map((r) => r.pattern),
      ...p.backup.drop,
      ...p.backup.insignificant,
    ]);
    let checked = 0;
    for (const re of rules) {
      const literal = requiredLiteral(re);
      if (!literal) continue;
      for (const line of lines) {
        if (!re.test(line)) continue;
        checked++;
        expect(line, `${re} on "${line}"`).toContain(literal);
      }
    }
    expect(checked).toBeGreaterThan(50);
  });
});
