import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ApiError } from '../../api/client';
import { deviceVariablesFromCsv, yamlField } from './variables';

describe("a change's variables", () => {
  it('reads per-device variables from a CSV with a hostname column', () => {
    const yaml = deviceVariablesFromCsv(
      '\uFEFFhostname,ntp_server,site\nr1,192.0.2.1,dc-1\nr2,192.0.2.2,"dc, 2"\n',
    );
    expect(parse(yaml)).toEqual({
      r1: { ntp_server: '192.0.2.1', site: 'dc-1' },
      r2: { ntp_server: '192.0.2.2', site: 'dc, 2' },
    });
    expect(() => deviceVariablesFromCsv('host,x\nr1,1\n')).toThrow(/hostname/);
    expect(() => deviceVariablesFromCsv('hostname,x\n,1\n')).toThrow(/row 2/);
  });

  it('refuses YAML that is not a mapping, naming the field', () => {
    expect(yamlField('variables', 'ntp: 192.0.2.1')).toEqual({ ntp: '192.0.2.1' });
    expect(yamlField('variables', '')).toEqual({});
    const err = (() => {
      try {
        yamlField('variables', '- a\n- b');
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).fieldError('variables')).toMatch(/mapping/);
  });
});
