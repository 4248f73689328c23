import { describe, expect, it } from 'vitest';
import { canonicalInterface, napalmMac } from './names.ts';

describe('interface names as NAPALM reports them', () => {
  it.each([
    ['Gi0/1', 'GigabitEthernet0/1'],
    ['Gi1/0/24.100', 'GigabitEthernet1/0/24.100'],
    ['GigabitEthernet1', 'GigabitEthernet1'],
    ['Te1/1/1', 'TenGigabitEthernet1/1/1'],
    ['Eth2/1', 'Ethernet2/1'],
    ['Et1', 'Ethernet1'],
    ['Ma0', 'Management0'],
    ['Po93', 'Port-channel93'],
    ['Port-Channel10', 'Port-channel10'],
    ['Lo0', 'Loopback0'],
    ['Vl100', 'Vlan100'],
    ['Fa0/1', 'FastEthernet0/1'],
    ['Hu0/0/0/1', 'HundredGigE0/0/0/1'],
    ['Gi 0/1', 'GigabitEthernet0/1'],
  ])('%s is %s', (short, full) => {
    expect(canonicalInterface(short)).toBe(full);
  });

  it.each(['ge-0/0/0', 'xe-2/1/5', 'ae7', 'eth0', 'mgmt0', 'swp1', 'Null0'])(
    'leaves %s, a name of its own, as printed',
    (name) => {
      expect(canonicalInterface(name)).toBe(name);
    },
  );
});

describe('MAC addresses as NAPALM reports them', () => {
  it.each([
    ['2cc2.603e.363b', '2C:C2:60:3E:36:3B'],
    ['2c:c2:60:3e:36:3b', '2C:C2:60:3E:36:3B'],
    ['2C-C2-60-3E-36-3B', '2C:C2:60:3E:36:3B'],
    ['2cc2603e363b', '2C:C2:60:3E:36:3B'],
    ['0:1c:73:a:b:c', '00:1C:73:0A:0B:0C'],
  ])('%s is %s', (printed, napalm) => {
    expect(napalmMac(printed)).toBe(napalm);
  });

  it('leaves a chassis id that is not a MAC (a name, an address) as it was', () => {
    expect(napalmMac('sw-core-01')).toBe('sw-core-01');
    expect(napalmMac('192.0.2.1')).toBe('192.0.2.1');
    expect(napalmMac('Gi0/1')).toBe('Gi0/1');
  });
});
