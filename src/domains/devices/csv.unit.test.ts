import { describe, expect, it } from 'vitest';
import { parseBool, parseDeviceCsv, splitTags, toCsv } from './csv.ts';

describe('device CSV', () => {
  it('reads aliases, a BOM, quoted commas and multi-line cells with the right line numbers', () => {
    const text =
      '\uFEFFHost,IP,Device Type,description\nr1,10.0.0.1,cisco_ios,"first, core"\nr2,10.0.0.2,arista_eos,"two\nlines"\nr3,10.0.0.3,linux,\n';
    const { rows, problems } = parseDeviceCsv(text);
    expect(problems).toEqual([]);
    expect(rows.map((r) => [r.line, r.values.hostname, r.values.mgmt_ip, r.values.platform])).toEqual([
      [2, 'r1', '10.0.0.1', 'cisco_ios'],
      [3, 'r2', '10.0.0.2', 'arista_eos'],
      [5, 'r3', '10.0.0.3', 'linux'],
    ]);
    expect(rows[1]!.values.description).toBe('two\nlines');
  });

  it('reports a broken quote with its line', () => {
    const { problems } = parseDeviceCsv('hostname,mgmt_ip\nr1,"10.0.0.1\n');
    expect(problems[0]).toMatchObject({ field: 'csv' });
    expect(problems[0]!.line).toBeGreaterThanOrEqual(2);
  });

  it('reports duplicate and missing columns, and rows with too many cells', () => {
    expect(parseDeviceCsv('hostname,ip,mgmt_ip\n').problems).toContainEqual({
      line: 1,
      field: 'mgmt_ip',
      message: 'column appears twice',
    });
    expect(parseDeviceCsv('').problems[0]!.message).toMatch(/empty/);
    expect(parseDeviceCsv('hostname,mgmt_ip\nr1,10.0.0.1,extra\n').problems[0]).toMatchObject({
      line: 2,
      field: 'csv',
    });
  });

  it('parses booleans and tags the way people write them', () => {
    expect(['yes', 'TRUE', '1', 'on'].map((v) => parseBool(v, false))).toEqual([true, true, true, true]);
    expect(['no', 'False', '0', 'off'].map((v) => parseBool(v, true))).toEqual([false, false, false, false]);
    expect(parseBool('', true)).toBe(true);
    expect(parseBool('perhaps', true)).toBeUndefined();
    expect(splitTags('prod; core|bgp edge')).toEqual(['prod', 'core', 'bgp', 'edge']);
  });

  it('writes a header once and guards formula cells', () => {
    const row = {
      customer: 'c',
      hostname: 'h',
      mgmt_ip: '10.0.0.1',
      port: '22',
      vendor: '',
      platform: '',
      role: '',
      site: '',
      tags: '',
      credential: '',
      enabled: 'true',
      legacy_ssh: 'false',
      transport: 'ssh',
      description: '@SUM(A1)',
    };
    const out = toCsv([row], true);
    expect(out.split('\n')[0]).toMatch(/^customer,hostname/);
    expect(out).toContain("'@SUM(A1)");
    expect(toCsv([row], false).startsWith('c,h,')).toBe(true);
    const { rows } = parseDeviceCsv(out);
    expect(rows[0]!.values.description).toBe('@SUM(A1)');
  });
});
