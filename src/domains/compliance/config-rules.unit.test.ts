import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluateRule, remediation } from './config-rules.ts';
import { compilePolicy, PolicyError } from './policy.ts';
import { parseConfig } from './sections.ts';

const fixture = (name: string) =>
  fs.readFileSync(path.resolve(import.meta.dirname, '../../../tests/fixtures/oxidized', name), 'utf8');
const ios = parseConfig(fixture('ios#C9200L-24P-4G_17.09.04a#output.txt'), 'indent');
const junos = parseConfig(fixture('junos#srx300_22.4#output.txt'), 'junos');
const batfish = parseConfig(
  fs.readFileSync(path.resolve(import.meta.dirname, '../../lab/seeds/batfish/as1border1.cfg'), 'utf8'),
  'indent',
);
const device = { hostname: 'sw1', site: 'dc-1', platform: 'cisco_ios' };

/** One rule's result on a configuration. */
function check(rule: string, parsed = ios) {
  const policy = compilePolicy(`name: p\nrules:\n${rule.replace(/^/gm, '  ')}`);
  const result = evaluateRule(policy.rules[0]!, parsed, device);
  return { ...result, fix: remediation(result.fixes, parsed.style) };
}

describe('configuration rules on real configurations', () => {
  it('must_contain and must_not_contain on the whole configuration, literal or pattern', () => {
    expect(
      check('- name: aaa\n  must_contain: [aaa new-model, {pattern: "^aaa authentication login default"}]')
        .status,
    ).toBe('pass');
    const ntp = check('- name: ntp\n  must_contain: [ntp server 192.0.2.1, {pattern: "^ntp server"}]');
    expect(ntp.status).toBe('fail');
    expect(ntp.findings.map((f) => f.line)).toEqual(['ntp server 192.0.2.1', '/^ntp server/']);
    // A pattern says what is wrong but not what to write: only the literal line is a fix.
    expect(ntp.fix).toBe('ntp server 192.0.2.1');
    const rw = check(
      '- name: no RW community\n  must_not_contain: [{pattern: "^snmp-server community \\\\S+ RW"}]',
    );
    expect(rw.status).toBe('fail');
    expect(rw.findings[0]).toMatchObject({
      kind: 'forbidden',
      line: 'snmp-server community public RW 5',
      at: 181,
    });
    expect(rw.fix).toBe('no snmp-server community public RW 5');
  });

  it('for_each: every access port holds the line unless it is shut; the fix goes under each interface', () => {
    const r = check(
      [
        '- name: portfast on access ports',
        '  section: {parent: "^interface GigabitEthernet1/0/"}',
        '  for_each: {where: switchport mode access, unless: shutdown}',
        '  must_contain: [spanning-tree portfast]',
      ].join('\n'),
    );
    expect(r.status).toBe('fail');
    // 1/0/1 has it; 1/0/2 is an access port without it; the trunk 1/0/24 is not concerned.
    expect(r.findings).toEqual([
      expect.objectContaining({
        kind: 'missing',
        context: ['interface GigabitEthernet1/0/2'],
        line: 'spanning-tree portfast',
      }),
    ]);
    expect(r.fix).toBe('interface GigabitEthernet1/0/2\n spanning-tree portfast');
    const none = check(
      '- name: x\n  section: {parent: "^interface Loopback"}\n  for_each: {}\n  must_contain: [ip address 1.1.1.1]',
    );
    expect(none.status).toBe('not_applicable');
  });

  it('nested sections by a list of parents, counts, and "no" lines undone', () => {
    const bgp = check(
      '- name: bgp\n  section: {parent: ["^router bgp", "^ address-family ipv4"]}\n  must_contain: [{pattern: "^neighbor \\\\S+ activate"}]',
      batfish,
    );
    // as1border1 activates its neighbours under "address-family ipv4" (lines 95–114).
    expect(bgp.status).toBe('pass');
    const unactivated = check(
      '- name: bgp\n  section: {parent: ["^router bgp", "^ address-family ipv4"]}\n  must_contain: [neighbor 9.9.9.9 activate]',
      batfish,
    );
    expect(unactivated.fix).toBe('router bgp 1\n address-family ipv4\n  neighbor 9.9.9.9 activate');
    expect(
      check('- name: snmp hosts\n  count: {pattern: "^snmp-server host", min: 2, max: 3}').findings[0]!
        .message,
    ).toBe('4 lines match /^snmp-server host/; wanted 2 to 3');
    const trap = check(
      '- name: link traps\n  section: {parent: "^interface GigabitEthernet1/0/1$"}\n  must_not_contain: [no snmp trap link-status]',
    );
    expect(trap.fix).toBe('interface GigabitEthernet1/0/1\n snmp trap link-status');
  });

  it('intended: a template per device, compared unordered or in order, with what is missing and extra', () => {
    const r = check(
      [
        '- name: vty',
        '  section: {parent: "^interface GigabitEthernet1/0/24"}',
        '  intended: |',
        '    description {{ device.hostname }} uplink',
        '    switchport trunk allowed vlan 2,3',
        '    switchport mode trunk',
        '    switchport nonegotiate',
      ].join('\n'),
    );
    expect(r.status).toBe('fail');
    expect(r.findings.map((f) => [f.kind, f.line])).toEqual([
      ['missing', 'description sw1 uplink'],
      ['extra', 'description oxodized trunk'],
    ]);
    expect(r.fix).toBe(
      'interface GigabitEthernet1/0/24\n description sw1 uplink\n no description oxodized trunk',
    );
    const order = check(
      [
        '- name: order',
        '  section: {parent: "^interface GigabitEthernet1/0/24"}',
        '  match: ordered',
        '  intended: |',
        '    description oxodized trunk',
        '    switchport mode trunk',
        '    switchport trunk allowed vlan 2,3',
        '    switchport nonegotiate',
      ].join('\n'),
    );
    expect(order.findings.map((f) => f.kind)).toEqual(['order']);
  });

  it('finds a line however its blanks are written, and whatever its pattern is tried on first', () => {
    // Tabs and runs of spaces inside lines (the whole configuration long enough to keep answers):
    // a literal compares with runs folded, so it is found though the text does not hold it as written.
    const lines = Array.from({ length: 40 }, (_, i) => `interface Loopback${i}\n description  loop\t${i}\n!`);
    const spaced = parseConfig(`hostname r1\nntp  server\t192.0.2.1\n${lines.join('\n')}\nend\n`, 'indent');
    expect(check('- name: ntp\n  must_contain: [ntp server 192.0.2.1]', spaced).status).toBe('pass');
    expect(check('- name: d\n  must_contain: [description loop 7]', spaced).status).toBe('pass');
    expect(check('- name: d\n  must_contain: [description loop 77]', spaced).status).toBe('fail');
    // A pattern's own text in the configuration decides nothing: its lines are tried.
    expect(check('- name: n\n  count: {pattern: "^ntp +server", min: 1, max: 1}', spaced).status).toBe(
      'pass',
    );
    expect(
      check(
        '- name: n\n  must_not_contain: [{pattern: "^description  loop\\t3\\\\d$"}]',
        spaced,
      ).findings.map((f) => f.at),
    ).toEqual(Array.from({ length: 10 }, (_, k) => 3 + 3 * (30 + k) + 1));
  });

  it('reads Junos as set statements: a path selects, fixes are set and delete', () => {
    const services = check(
      '- name: services\n  section: {path: system services}\n  must_contain: [set system services ssh]\n  must_not_contain: [{pattern: "web-management"}]',
      junos,
    );
    expect(services.status).toBe('fail');
    expect(services.findings[0]!.line).toBe(
      'set system services web-management https system-generated-certificate',
    );
    expect(services.fix).toBe('delete system services web-management https system-generated-certificate');
    const dns = check(
      '- name: dns\n  must_contain: [set system name-server 8.8.8.8, set system name-server 9.9.9.9]',
      junos,
    );
    expect(dns.fix).toBe('set system name-server 9.9.9.9');
  });
});

describe('a policy that cannot be used is refused with its line and the reason', () => {
  const refused = (text: string) => {
    try {
      compilePolicy(text);
    } catch (err) {
      if (err instanceof PolicyError) return `${err.line}: ${err.reason}`;
      throw err;
    }
    throw new Error('accepted');
  };
  it('names the line of a YAML error, a bad pattern, a template error, an unknown getter or key', () => {
    expect(refused('name: p\nrules:\n  - name: a\n    must_contain: [x\n')).toMatch(/^5: /);
    expect(refused('name: p\nrules:\n  - name: a\n    must_contain:\n      - pattern: "ntp(("\n')).toMatch(
      /^5: rules: "ntp\(\(" is not a valid pattern/,
    );
    expect(refused('name: p\nrules:\n  - name: a\n    intended: "{% if %}"\n')).toMatch(/^4: intended: /);
    expect(refused('name: p\nstate:\n  - get_facts: {}\n  - get_bgp: {}\n')).toBe(
      '4: state.1: unknown getter "get_bgp" (webnet reads get_facts, get_interfaces, get_interfaces_ip, get_lldp_neighbors, get_lldp_neighbors_detail, get_ntp_servers, get_users, get_snmp_information, get_arp_table, get_mac_address_table, get_environment, get_vlans, get_bgp_neighbors, get_bgp_neighbors_detail, get_route_to, ping)',
    );
    expect(refused('name: p\nrules:\n  - name: a\n    must_contian: [x]\n')).toMatch(
      /^4: rules\.0: Unrecognized key/,
    );
    expect(refused('name: p\nrules:\n  - name: a\n')).toMatch(/^3: rules\.0: a rule needs/);
    expect(refused('name: p\nscope: {colour: [red]}\n')).toMatch(/^2: scope: Unrecognized key/);
  });
});

describe("a policy's state rules", () => {
  it("are read as NAPALM reads a validation file (PyYAML's scalars), its other parts as YAML 1.2", () => {
    const { source } = compilePolicy(
      'name: p\nrules:\n  - name: off\n    must_contain: [on]\nstate:\n  - get_interfaces:\n      Gi1: {is_enabled: yes, is_up: off, mtu: 0o17, speed: 1e3}\n',
    );
    expect(source.rules[0]).toMatchObject({ name: 'off', must_contain: ['on'] });
    expect(source.state).toEqual([
      { get_interfaces: { Gi1: { is_enabled: true, is_up: false, mtu: '0o17', speed: '1e3' } } },
    ]);
  });
});
