import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixturesDir } from '../../../tests/helpers/fixtures.ts';
import { versionNumber } from '../models.ts';
import { platformByName } from '../platforms/index.ts';
import { parseEosEnvironment, parseEosVersion } from './arista_eos.ts';
import {
  iosInterfacesIpGetter,
  iosLldpDetailGetter,
  lldpBriefLocalPorts,
  lldpDetailLacksLocal,
  parseIosEnvironment,
  parseIosInterfaces,
  parseIosLldpNeighborsDetail,
  parseIosVersion,
} from './cisco_ios.ts';
import {
  parseNxosEnvironment,
  parseNxosHostname,
  parseNxosInterfaceStatus,
  parseNxosInventorySerial,
  parseNxosVersion,
} from './cisco_nxos.ts';
import { sortedNicely } from './common.ts';
import { parseJunosLldpNeighbors } from './juniper_junos.ts';

/**
 * The values NAPALM's getters return, not only their shape, on real device output (ntc-templates'
 * samples): what a script written against NAPALM compares.
 */
const ntc = (platform: string, command: string, name: string) =>
  fs.readFileSync(path.join(fixturesDir('ntc-templates'), platform, command, `${name}.raw`), 'utf8');

describe('NAPALM values from IOS output', () => {
  it('keeps a speed below 1 Mbit/s as its fraction, as NAPALM divides kbit/s by 1000', () => {
    const interfaces = parseIosInterfaces(ntc('cisco_ios', 'show_interfaces', 'cisco_ios_show_interfaces3'));
    const slow = Object.values(interfaces).filter((i) => i.speed > 0 && i.speed < 1);
    expect(slow.length).toBeGreaterThan(0);
    expect(new Set(slow.map((i) => i.speed))).toEqual(new Set([0.1]));
    expect(Object.values(interfaces).some((i) => i.speed === 1000)).toBe(true);
  });

  it.each([
    'cisco_ios_show_lldp_neighbors_detail1',
    'cisco_ios_show_lldp_neighbors_detail_01',
    'cisco_ios_show_lldp_neighbors_detail_chassis-colon',
  ])("%s: neighbours keyed by the local port's canonical name, chassis ids as NAPALM's MACs", (name) => {
    const detail = parseIosLldpNeighborsDetail(ntc('cisco_ios', 'show_lldp_neighbors_detail', name));
    const keys = Object.keys(detail);
    expect(keys.length).toBeGreaterThan(0);
    for (const key of keys) expect(key).not.toMatch(/^(?:Gi|Te|Fa|Eth?|Po)\d/);
    for (const n of Object.values(detail).flat()) {
      expect(n.parent_interface).toBe('');
      if (/^[0-9A-F]{2}(?::[0-9A-F]{2}){5}$/i.test(n.remote_chassis_id))
        expect(n.remote_chassis_id).toBe(n.remote_chassis_id.toUpperCase());
      expect(n.remote_chassis_id).not.toMatch(/^[0-9a-f]{4}\.[0-9a-f]{4}\.[0-9a-f]{4}$/);
    }
  });

  it('takes the local ports from the brief table when the detail has none, in the same order', () => {
    const detail = ntc('cisco_ios', 'show_lldp_neighbors_detail', 'cisco_ios_show_lldp_neighbors_detail2');
    expect(lldpDetailLacksLocal(detail)).toBe(true);
    // The brief table of the same four neighbours, as that release prints it.
    const brief = [
      'Capability codes:',
      '    (R) Router, (B) Bridge, (T) Telephone, (C) DOCSIS Cable Device',
      '',
      'Device ID           Local Intf     Hold-time  Capability      Port ID',
      'USSC-CAMPUS-CORE-GW2Te1/1/1        110        B,R             Eth1/6',
      'USSC-CAMPUS-CORE-GW1.acme123.com',
      '                    Te2/1/1        118        B,R             Eth1/6',
      'third               Gi1/0/48       120        B               Gi0/1',
      'fourth              Po10           120        B               Gi0/2',
      '',
      'Total entries displayed: 4',
    ].join('\n');
    expect(lldpBriefLocalPorts(brief)).toEqual(['Te1/1/1', 'Te2/1/1', 'Gi1/0/48', 'Po10']);
    const table = iosLldpDetailGetter.also.parse(detail, brief);
    expect(Object.keys(table)).toEqual([
      'TenGigabitEthernet1/1/1',
      'TenGigabitEthernet2/1/1',
      'GigabitEthernet1/0/48',
      'Port-channel10',
    ]);
    expect(table['TenGigabitEthernet1/1/1']![0]).toMatchObject({
      remote_chassis_id: 'A0:00:F0:0E:30:0D',
      remote_port: 'Eth1/6',
      remote_system_name: 'USSC-CAMPUS-CORE-GW2',
    });
    // A neighbour that came or went between the two commands is refused, not misplaced.
    expect(() => iosLldpDetailGetter.also.parse(detail, brief.replace(/^fourth.*$/m, ''))).toThrow(
      /changed between the two commands/,
    );
  });

  it('reads secondary addresses (printed without "is") and IPv6 with its prefix lengths', () => {
    const v4 = ntc('cisco_ios', 'show_ip_interface', 'cisco_ios_show_ip_interface2');
    // "show ipv6 interface" as IOS prints it for a routed port and a loopback.
    const v6 = [
      'Vlan1 is up, line protocol is up',
      '  IPv6 is enabled, link-local address is FE80::2A0:FFFF:FE00:1 ',
      '  No Virtual link-local address(es):',
      '  Global unicast address(es):',
      '    2001:DB8:1::1, subnet is 2001:DB8:1::/64 ',
      '    2001:DB8:2::1, subnet is 2001:DB8:2::/48 [EUI]',
      '  Joined group address(es):',
      '    FF02::1',
      '  MTU is 1500 bytes',
      'Loopback0 is up, line protocol is up',
      '  IPv6 is enabled, link-local address is FE80::1 ',
      '  Global unicast address(es):',
      '    2001:DB8::FFFF, subnet is 2001:DB8::FFFF/128 ',
    ].join('\n');
    const ips = iosInterfacesIpGetter.also.parse(v4, v6);
    expect(ips.Vlan1).toEqual({
      ipv4: { '192.168.1.1': { prefix_length: 24 }, '192.168.1.3': { prefix_length: 24 } },
      ipv6: {
        'FE80::2A0:FFFF:FE00:1': { prefix_length: 10 },
        '2001:DB8:1::1': { prefix_length: 64 },
        '2001:DB8:2::1': { prefix_length: 48 },
      },
    });
    // Its IPv4 address (from the device's own output) and the IPv6 ones, merged.
    expect(ips.Loopback0).toEqual({
      ipv4: { '10.255.255.1': { prefix_length: 32 } },
      ipv6: { 'FE80::1': { prefix_length: 10 }, '2001:DB8::FFFF': { prefix_length: 128 } },
    });
  });

  it("gives os_version as NAPALM's IOS driver does: the software line, the number within it", () => {
    const facts = parseIosVersion(ntc('cisco_ios', 'show_version', 'cisco_ios_show_version'));
    expect(facts.os_version).toMatch(/Software \(.+\), Version [^,]+, RELEASE SOFTWARE/);
    expect(versionNumber(facts.os_version)).toMatch(/^\d+\.\d+/);
    expect(facts.os_version).not.toMatch(/^Cisco IOS Software/);
  });
});

describe('NAPALM values from EOS output', () => {
  it('gives the internal build as os_version, whose release versionNumber reads', () => {
    const facts = parseEosVersion(ntc('arista_eos', 'show_version', 'arista_eos_show_version2'));
    expect(facts.os_version).toBe('4.27.6M-28481162.4276M');
    expect(versionNumber(facts.os_version)).toBe('4.27.6M');
  });

  it('lists every interface but subinterfaces, in natural order, as NAPALM does', () => {
    const facts = platformByName('arista_eos')!.getters.facts!.map((g) =>
      g.command === 'show interfaces'
        ? g.parse(ntc('arista_eos', 'show_interfaces', 'arista_eos_show_interfaces'))
        : null,
    );
    const list = facts.find((f) => f)!.interface_list;
    expect(list.length).toBeGreaterThan(1);
    expect(list.some((n) => n.includes('.'))).toBe(false);
    expect(list).toEqual(sortedNicely(list));
    expect(sortedNicely(['Ethernet10', 'Ethernet2', 'Ethernet1/10', 'Ethernet1/2', 'Management1'])).toEqual([
      'Ethernet1/2',
      'Ethernet1/10',
      'Ethernet2',
      'Ethernet10',
      'Management1',
    ]);
  });
});

describe('NAPALM values from NX-OS output', () => {
  it('reads an SVI administratively down as disabled, and one up with autostate as up', () => {
    const interfaces = parseIosInterfaces(ntc('cisco_nxos', 'show_interface', 'cisco_nxos_show_interface4'));
    expect(interfaces.Vlan1).toMatchObject({ is_enabled: false, is_up: false });
    expect(interfaces.Vlan248).toMatchObject({ is_enabled: true, is_up: true });
  });
});

describe('NAPALM values from Junos output', () => {
  it('names the aggregate a port belongs to as its parent_interface', () => {
    const table = parseJunosLldpNeighbors(
      ntc('juniper_junos', 'show_lldp_neighbors', 'juniper_junos_show_lldp_neighbors_ae7'),
    );
    expect(table['xe-0/1/1']![0]).toMatchObject({
      parent_interface: 'ae7',
      remote_chassis_id: '00:1C:73:EE:C0:46',
      remote_port: 'Ethernet3/29/1',
    });
    const plain = parseJunosLldpNeighbors(
      ntc('juniper_junos', 'show_lldp_neighbors', 'juniper_junos_show_lldp_neighbors'),
    );
    expect(plain['ge-0/0/1']![0]!.parent_interface).toBe('');
  });
});

describe('NAPALM values from NX-OS output (nxos_ssh get_facts)', () => {
  it.each([
    ['cisco_nxos_show_version', 'Nexus9000 C9396PX Chassis'],
    ['cisco_nxos_show_version2', 'Nexus 5596 Chassis'],
    ['cisco_nxos_show_version4', 'Nexus9000 C9372PX chassis'],
    ['cisco_nxos_show_version7', 'Nexus3000 C3232C Chassis'],
  ])('%s: the model is the chassis line after "cisco", "Chassis" included', (name, model) => {
    const raw = ntc('cisco_nxos', 'show_version', name);
    if (!raw.includes(`cisco ${model}`)) throw new Error(`${name} has no "cisco ${model}" line`);
    expect(parseNxosVersion(raw).model).toBe(model);
  });

  it('the serial is the inventory chassis entry, the hostname and fqdn from show hostname and show hosts', () => {
    expect(
      parseNxosInventorySerial(ntc('cisco_nxos', 'show_inventory', 'cisco_nxos_show_inventory'))
        .serial_number,
    ).toBe('SAL1819S6LU');
    const host = ntc(
      'cisco_nxos',
      'show_hostname',
      fs
        .readdirSync(path.join(fixturesDir('ntc-templates'), 'cisco_nxos/show_hostname'))
        .find((f) => f.endsWith('.raw'))!
        .replace(/\.raw$/, ''),
    );
    expect(parseNxosHostname(host, '')).toMatchObject({ hostname: 'n9k1', fqdn: '' });
    expect(parseNxosHostname(host, 'Default domain for vrf:default is example.net\n')).toMatchObject({
      hostname: 'n9k1',
      fqdn: 'n9k1.example.net',
    });
    expect(parseNxosHostname('n9k1.dc1.example.net\n', 'Default domain is dc1.example.net')).toMatchObject({
      hostname: 'n9k1',
      fqdn: 'n9k1.dc1.example.net',
    });
  });

  it('the interface list is every port of show interface status, by canonical name', () => {
    const list = parseNxosInterfaceStatus(
      ntc('cisco_nxos', 'show_interface_status', 'cisco_nxos_show_interface_status'),
    ).interface_list;
    expect(list.slice(0, 3)).toEqual(['mgmt0', 'Ethernet1/1', 'Ethernet1/2']);
    expect(list.every((n) => !n.startsWith('Eth1/'))).toBe(true);
  });
});

describe('interface names that hold a space', () => {
  it('reads "TenGigabitEthernet 0/1 is up" whole, keyed by its canonical name', () => {
    const text = [
      'TenGigabitEthernet 0/1 is up, line protocol is up',
      '  Description: uplink',
      '  Hardware is DellEth, address is 00:01:e8:8b:1a:2e',
      '  MTU 1554 bytes, IP MTU 1500 bytes',
      '  Internet address is 192.0.2.1/24',
      'Port-channel 10 is down, line protocol is down',
      '  MTU 1554 bytes',
      '',
    ].join('\n');
    const interfaces = parseIosInterfaces(text);
    expect(Object.keys(interfaces)).toEqual(['TenGigabitEthernet0/1', 'Port-channel10']);
    expect(interfaces['TenGigabitEthernet0/1']).toMatchObject({
      is_up: true,
      description: 'uplink',
      mtu: 1554,
    });
  });
});

describe('NX-OS environment as nxos_ssh reads it', () => {
  it('names each sensor "<sensor>-<module>", a name with spaces kept whole', () => {
    const dir = path.join(fixturesDir('ntc-templates'), 'cisco_nxos/show_environment_temperature');
    const name = fs
      .readdirSync(dir)
      .find((f) => f.endsWith('.raw'))!
      .replace(/\.raw$/, '');
    const temperature = ntc('cisco_nxos', 'show_environment_temperature', name);
    const env = parseNxosEnvironment('Memory usage:   100K total,   40K used,   60K free\n', temperature);
    expect(env.temperature['ASIC-1']).toEqual({ temperature: 52, is_alert: false, is_critical: false });
    expect(env.temperature['Front-Left  (D2)-1']).toEqual({
      temperature: 33,
      is_alert: false,
      is_critical: false,
    });
    // No per-CPU line: NAPALM's placeholder for CPU 0.
    expect(env.cpu).toEqual({ '0': { '%usage': -1 } });
    expect(env.memory).toEqual({ used_ram: 40, available_ram: 100 });
    expect(() => parseNxosEnvironment('', temperature)).toThrow(/Memory usage/);
  });
});

describe('get_environment on IOS as NAPALM reads it', () => {
  const cpu = 'CPU utilization for five seconds: 9%/1%; one minute: 7%; five minutes: 6%\n';
  const memory = `                Head    Total(b)     Used(b)     Free(b)   Lowest(b)  Largest(b)
Processor   7F6E3A4B88   1000   400   600  500  500
      I/O   7F6EE83E48    200    50   150  150  150
lsmpi_io    7F6EE83E00    300   120   180  180  180
`;
  it('one-minute CPU, the processor pool plus the last I/O pool, each sensor against its thresholds', () => {
    const temps = `SYSTEM INLET       Temperature Value: 41 Degree Celsius
Temperature State: GREEN
Yellow Threshold : 40 Degree Celsius
Red Threshold    : 56 Degree Celsius
HOTSPOT            Temperature Value: 70 Degree Celsius
Yellow Threshold : 60 Degree Celsius
Red Threshold    : 68 Degree Celsius
`;
    expect(parseIosEnvironment([cpu, memory, temps])).toEqual({
      cpu: { '0': { '%usage': 7 } },
      memory: { available_ram: 1300, used_ram: 520 },
      temperature: {
        'system inlet': { temperature: 41, is_alert: true, is_critical: false },
        hotspot: { temperature: 70, is_alert: true, is_critical: true },
      },
      power: { invalid: { status: true, output: -1, capacity: -1 } },
      fans: { invalid: { status: true } },
    });
  });

  it('a switch without the temperature command: the "invalid" sensor at -1', () => {
    const env = parseIosEnvironment([cpu, memory, "% Invalid input detected at '^' marker."]);
    expect(env.temperature).toEqual({ invalid: { temperature: -1, is_alert: false, is_critical: false } });
  });
});

describe("get_environment on EOS as NAPALM's eos reads it", () => {
  it('reads the older top format and a vEOS without power supplies', () => {
    const top = `top - 10:00:01 up 3 days
Tasks: 301 total
Cpu(s):  5.2%us,  1.4%sy,  0.0%ni, 92.2%id,  0.6%wa,  0.3%hi,  0.4%si,  0.0%st
Mem:   3844356k total,  3763184k used,    81172k free,    16732k buffers
`;
    const env = parseEosEnvironment([
      JSON.stringify({ fanTraySlots: [] }),
      JSON.stringify({
        tempSensors: [{ name: 'CPU', currentTemperature: 90, overheatThreshold: 80, criticalThreshold: 85 }],
      }),
      '% Invalid input (privileged mode required)',
      top,
    ]);
    expect(env).toEqual({
      fans: {},
      temperature: { CPU: { temperature: 90, is_alert: true, is_critical: true } },
      power: {},
      cpu: { '0': { '%usage': 7.8 } },
      memory: { available_ram: 3844356, used_ram: 3763184 },
    });
  });

  it('refuses an answer that is not JSON rather than guessing', () => {
    expect(() => parseEosEnvironment(['% Invalid input', '{}', '{}', ''])).toThrow(
      /show environment cooling/,
    );
  });
});
