import { describe, expect, it } from 'vitest';
import { CISCO_SINGLE_VALUED } from '../platforms/cisco-common.ts';
import { linesToReach, mergeConfig } from './computed.ts';

const RUNNING = `!
hostname r1
!
interface GigabitEthernet1
 description uplink
 ip address 10.0.0.1 255.255.255.0
 shutdown
!
router bgp 65001
 neighbor 10.0.0.2 remote-as 65002
 address-family ipv4
  network 10.0.0.0 mask 255.255.255.0
 exit-address-family
!
ntp server 192.0.2.1
end
`;
const rules = { singleValued: CISCO_SINGLE_VALUED, indent: ' ' };
const merge = (change: string[]) => mergeConfig(RUNNING, change, rules);

describe('a merge computed against the running config', () => {
  it('changes nothing when every line is already there', () => {
    expect(merge(['hostname r1', 'interface GigabitEthernet1', ' description uplink'])).toBe(RUNNING);
  });

  it('adds a new block before "end", and a new line at the end of its block', () => {
    const out = merge([
      'interface Loopback0',
      ' ip address 192.0.2.9 255.255.255.255',
      'interface GigabitEthernet1',
      ' mtu 9000',
    ]);
    expect(out).toContain(' shutdown\n mtu 9000\n!');
    expect(out).toMatch(
      /ntp server 192\.0\.2\.1\ninterface Loopback0\n ip address 192\.0\.2\.9 255\.255\.255\.255\nend\n$/,
    );
  });

  it('replaces a single-valued setting in place, and keeps a secondary address beside the primary', () => {
    const out = merge([
      'interface GigabitEthernet1',
      ' description core uplink',
      ' ip address 10.0.1.1 255.255.255.0 secondary',
      ' ip address 10.0.0.5 255.255.255.0',
    ]);
    expect(out).toContain(
      ' description core uplink\n ip address 10.0.0.5 255.255.255.0\n shutdown\n ip address 10.0.1.1 255.255.255.0 secondary\n',
    );
    expect(out).not.toContain('description uplink');
  });

  it('removes what a "no" line names: a line, a setting whatever its value, a whole block', () => {
    const out = merge([
      'interface GigabitEthernet1',
      ' no shutdown',
      ' no description',
      'no ntp server 192.0.2.1',
    ]);
    expect(out).toContain('interface GigabitEthernet1\n ip address 10.0.0.1 255.255.255.0\n!');
    expect(out).not.toContain('ntp server');
    expect(merge(['no router bgp 65001'])).not.toContain('neighbor 10.0.0.2');
  });

  it('merges into nested blocks, and ignores exit lines', () => {
    const out = merge([
      'router bgp 65001',
      ' address-family ipv4',
      '  network 10.9.0.0 mask 255.255.0.0',
      ' exit-address-family',
    ]);
    expect(out).toContain(
      '  network 10.0.0.0 mask 255.255.255.0\n  network 10.9.0.0 mask 255.255.0.0\n exit-address-family',
    );
  });
});

describe('the lines that take a running config back to a stored one', () => {
  const reach = (running: string, target: string) =>
    linesToReach(running, target, { ...rules, secret: '<redacted' });

  it('negates what was added, restores what was removed or changed, under the right block', () => {
    const changed = merge([
      'interface GigabitEthernet1',
      ' description core uplink',
      ' no shutdown',
      'ntp server 192.0.2.99',
      'interface Loopback0',
      ' ip address 192.0.2.9 255.255.255.255',
    ]);
    const lines = reach(changed, RUNNING);
    expect(lines).toEqual([
      'no ntp server 192.0.2.99',
      'no interface Loopback0',
      'interface GigabitEthernet1',
      ' description uplink',
      ' shutdown',
    ]);
    // Merging those lines gives the stored config back, line for line.
    expect(mergeConfig(changed, lines, rules)).toBe(RUNNING);
  });

  it('leaves secret lines alone, and finds nothing to do when the configs agree', () => {
    const withSecret = RUNNING.replace('hostname r1', 'hostname r1\nenable secret 9 <redacted 1a2b>');
    expect(reach(RUNNING, withSecret)).toEqual([]);
    expect(reach(RUNNING, RUNNING)).toEqual([]);
  });
});
