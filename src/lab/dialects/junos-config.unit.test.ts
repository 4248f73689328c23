import { describe, expect, it } from 'vitest';
import { parseConfiguration, showConfiguration } from './junos-config.ts';

describe('the lab reads Junos braces back as "load override" does', () => {
  it('gives back the statements the braces were printed from', () => {
    const statements = [
      'set system host-name r1',
      'set system root-authentication encrypted-password "$6$x$eQ"',
      'set system services ssh',
      'set system services netconf ssh',
      'set interfaces ge-0/0/0 unit 0 family inet address 10.0.0.1/31',
      'set firewall family inet filter F term t1 from source-address 10.0.0.0/24',
    ];
    const text = `## Last commit: 2026-12-01 10:00:00 UTC by admin\n${showConfiguration(statements)}`;
    expect(parseConfiguration(text)).toEqual({ statements });
  });

  it('names the line of a syntax error or an unbalanced brace', () => {
    expect(parseConfiguration('system {\n    host-name r1\n}')).toEqual({
      error: 'syntax error: host-name r1',
      line: 2,
    });
    expect(parseConfiguration('system {\n    host-name r1;\n')).toMatchObject({ error: 'missing "}"' });
    expect(parseConfiguration('}\n')).toMatchObject({ error: 'unbalanced "}"', line: 1 });
  });
});
