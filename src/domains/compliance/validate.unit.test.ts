import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { compare, complianceReport, type Json, NotImplementedGetter, ValidationError } from './validate.ts';

/** The getters of one device, as NAPALM returns them. */
const device: Record<string, Json> = {
  get_facts: {
    hostname: 'vsrx',
    os_version: '12.1X47-D20.7',
    interface_list: ['ge-0/0/0', 'ge-0/0/1', 'lo0'],
    uptime: 4380.0,
  },
  get_interfaces_ip: {
    'ge-0/0/0.0': { ipv4: { '10.0.2.15': { prefix_length: 24 }, '172.20.0.1': { prefix_length: 24 } } },
  },
  get_environment: { memory: { used_ram: 12, available_ram: 16 }, cpu: { '0/RP0/CPU0': { '%usage': 7.0 } } },
  get_arp_table: [
    { interface: 'ge-0/0/0.0', mac: '5C:5E:AB:DA:3C:F0', ip: '10.0.2.2', age: 129.0 },
    { interface: 'ge-0/0/0.0', mac: '5C:5E:AB:DA:3C:FF', ip: '10.0.2.3', age: 20.0 },
  ],
};
const read = async (getter: string): Promise<Json> => {
  if (!(getter in device)) throw new NotImplementedGetter(getter);
  return device[getter]!;
};
const report = async (yaml: string) => complianceReport(parse(yaml) as Json, read);

describe("NAPALM's compliance report, from its documentation", () => {
  it('reports an extra address under a strict level, nested as NAPALM prints it', async () => {
    const r = await report(`
- get_facts:
    os_version: 12.1X47
- get_interfaces_ip:
    ge-0/0/0.0:
        ipv4:
            10.0.2.15:
                prefix_length: 24
            _mode: strict
`);
    expect(r).toEqual({
      get_facts: {
        complies: true,
        present: { os_version: { complies: true, nested: false } },
        missing: [],
        extra: [],
      },
      get_interfaces_ip: {
        complies: false,
        present: {
          'ge-0/0/0.0': {
            diff: {
              complies: false,
              present: {
                ipv4: {
                  diff: {
                    complies: false,
                    present: { '10.0.2.15': { complies: true, nested: true } },
                    missing: [],
                    extra: ['172.20.0.1'],
                  },
                  complies: false,
                  nested: true,
                },
              },
              missing: [],
              extra: [],
            },
            complies: false,
            nested: true,
          },
        },
        missing: [],
        extra: [],
      },
      skipped: [],
      complies: false,
    });
  });

  it('gives the expected and actual value of a leaf that differs; a YAML number never equals a version string', async () => {
    const r = await report('- get_facts:\n    os_version: 4.17\n    hostname: vsrx\n    model: MX480\n');
    expect(r.get_facts).toEqual({
      complies: false,
      present: {
        os_version: { expected_value: 4.17, actual_value: '12.1X47-D20.7', complies: false, nested: false },
        hostname: { complies: true, nested: false },
      },
      missing: ['model'],
      extra: [],
    });
  });

  it('matches lists with "list:", strict or not, and reports what is missing and extra', async () => {
    const loose = await report('- get_facts:\n    interface_list:\n      list: [ge-0/0/0, xe-0/0/9]\n');
    expect(loose.get_facts).toMatchObject({
      complies: false,
      present: {
        interface_list: {
          complies: false,
          nested: true,
          diff: { complies: false, present: ['ge-0/0/0'], missing: ['xe-0/0/9'], extra: [] },
        },
      },
    });
    const strict = await report(
      '- get_facts:\n    interface_list:\n      _mode: strict\n      list: [ge-0/0/0, ge-0/0/1]\n',
    );
    expect(
      (strict.get_facts as { present: Record<string, { diff: unknown }> }).present.interface_list!.diff,
    ).toEqual({ complies: false, present: ['ge-0/0/0', 'ge-0/0/1'], missing: [], extra: ['lo0'] });
    // A getter that returns a list: its elements are matched by their own keys, as patterns.
    const arp = await report(
      "- get_arp_table:\n    list:\n      - ip: 10.0.2.2\n        mac: '5C:5E:AB:DA:3C:F[0-9]'\n",
    );
    expect(arp.get_arp_table).toMatchObject({ complies: true, missing: [] });
  });

  it('compares numbers: "<", ">", ranges and tolerances; "==" is a pattern, as in NAPALM', () => {
    expect(compare('<15.0', 12)).toBe(true);
    expect(compare('<15.0', 15)).toBe(false);
    expect(compare('<=15', 15)).toBe(true);
    expect(compare('>=16', '16')).toBe(true);
    expect(compare('10.0<->20.0', 16)).toBe(true);
    expect(compare('10.0<->20.0', 21)).toBe(false);
    expect(compare('10%20', 22)).toBe(true);
    expect(compare('10%20', 17.9)).toBe(false);
    // "==" and "!=" do not start with "<" or ">": NAPALM searches them as patterns.
    expect(compare('==5', 5)).toBe(false);
    expect(compare('!=5', '!=5')).toBe(true);
    expect(() => compare('<abc', 3)).toThrow(ValidationError);
    expect(() => compare('<3', 'n/a')).toThrow(/could not convert/);
  });

  it("searches Python patterns in Python's str() of the value: booleans, numbers, named groups", () => {
    expect(compare('^12\\.1X47', '12.1X47-D20.7')).toBe(true);
    expect(compare('True', true)).toBe(true);
    expect(compare('^4380', 4380)).toBe(true);
    expect(compare('(?P<major>\\d+)\\.(?P=major)', '7.7')).toBe(true);
    expect(compare('(?i)^VSRX$', 'vsrx')).toBe(true);
    expect(compare('\\AGig\\Z', 'Gig')).toBe(true);
    expect(compare('\\AGig\\Z', 'Gig\n')).toBe(false);
    // Not a pattern match, but the same value.
    expect(compare(true, true)).toBe(true);
    expect(compare(1, true)).toBe(true);
    expect(compare(24, 24.0)).toBe(true);
  });

  it('names getters by _name, passes _kwargs, skips what the platform lacks, and passes over get_config', async () => {
    const calls: [string, Json][] = [];
    const r = await complianceReport(
      parse(`
- ping:
    _name: ping_google
    _kwargs: { destination: 8.8.8.8 }
    success:
      packet_loss: 0
- get_config: {}
- get_environment:
    memory:
      used_ram: '<15.0'
    cpu:
      0/RP0/CPU0:
        '%usage': '<15.0'
`) as Json,
      async (getter, kwargs) => {
        calls.push([getter, kwargs]);
        return read(getter);
      },
    );
    expect(calls).toEqual([
      ['ping', { destination: '8.8.8.8' }],
      ['get_environment', {}],
    ]);
    expect(r.ping_google).toEqual({ skipped: true, reason: 'NotImplemented' });
    expect(r.get_environment).toMatchObject({ complies: true });
    expect(r.skipped).toEqual(['ping_google']);
    // A skipped getter does not count against the device.
    expect(r.complies).toBe(true);
    expect(Object.keys(r)).toEqual(['ping_google', 'get_environment', 'skipped', 'complies']);
  });

  it('consumes "_mode" the first time an element is compared, as NAPALM does', () => {
    // The first candidate is compared strictly (and fails on its extra key); later ones are not.
    const r = compare(
      { list: [{ _mode: 'strict', ip: '10.0.2.3' }] },
      structuredClone(device.get_arp_table!),
    );
    expect(r).toMatchObject({ complies: true, present: [{ ip: '10.0.2.3' }] });
    expect(() => compare({ _mode: 'loose', a: 1 }, { a: 1 })).toThrow(/mode 'loose' not recognized/);
  });
});
