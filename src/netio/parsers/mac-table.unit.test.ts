import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixturesDir } from '../../../tests/helpers/fixtures.ts';
import { parseEosArp } from './arista_eos.ts';
import { parseNxosArp } from './cisco_nxos.ts';
import { parseEosMacTable, parseIosMacTable, parseNxosMacTable } from './mac-table.ts';

/** get_mac_address_table's values as NAPALM's drivers give them, on ntc-templates' real output. */
const sample = (platform: string, command: string, name: string) =>
  fs.readFileSync(path.join(fixturesDir('ntc-templates'), platform, command, `${name}.raw`), 'utf8');

const samples = (platform: string, command: string) =>
  fs
    .readdirSync(path.join(fixturesDir('ntc-templates'), platform, command))
    .filter((f) => f.endsWith('.raw'))
    .map((f) => f.replace(/\.raw$/, ''));

describe('get_mac_address_table', () => {
  it('IOS: static CPU entries of VLAN "All" are VLAN 0 with no interface; ports canonical', () => {
    const table = parseIosMacTable(
      sample('cisco_ios', 'show_mac-address-table', 'cisco_ios_show_mac-address-table13'),
    );
    expect(table[0]).toEqual({
      mac: '01:00:0C:CC:CC:CC',
      interface: '',
      vlan: 0,
      static: true,
      active: true,
      moves: -1,
      last_move: -1,
    });
    expect(table.find((e) => e.mac === '00:19:AB:11:11:11')).toEqual({
      mac: '00:19:AB:11:11:11',
      interface: 'GigabitEthernet1/1/1',
      vlan: 87,
      static: false,
      active: true,
      moves: -1,
      last_move: -1,
    });
    expect(table.find((e) => e.mac === '28:AF:FD:99:82:C7')).toMatchObject({
      interface: 'Vlan1',
      static: true,
    });
  });

  it('IOS: every sample reads, one entry per port (Catalyst 4500 protocol lists are not ports)', () => {
    for (const name of samples('cisco_ios', 'show_mac-address-table')) {
      const table = parseIosMacTable(sample('cisco_ios', 'show_mac-address-table', name));
      expect(table.length, name).toBeGreaterThan(0);
      for (const e of table) {
        expect(e.mac, name).toMatch(/^[0-9A-F]{2}(?::[0-9A-F]{2}){5}$/);
        expect(Number.isInteger(e.vlan), name).toBe(true);
      }
    }
    const cat4500 = parseIosMacTable(
      sample('cisco_ios', 'show_mac-address-table', 'cisco_ios_show_mac-address-table3'),
    );
    expect(cat4500.find((e) => e.mac === '30:A3:30:A3:A1:C3')).toMatchObject({
      interface: 'Port-channel1',
      vlan: 1,
    });
  });

  it('NX-OS: active only when dynamic; static VLAN "-" is 0', () => {
    const table = parseNxosMacTable(
      sample('cisco_nxos', 'show_mac_address-table', 'cisco_nxos_show_mac_address-table'),
    );
    expect(table[0]).toEqual({
      mac: '50:87:89:A1:DE:75',
      interface: 'sup-eth1(R)',
      vlan: 100,
      static: true,
      active: false,
      moves: -1,
      last_move: -1,
    });
    expect(table.find((e) => e.mac === '00:0E:00:0E:00:0E')).toMatchObject({
      interface: 'Port-channel10',
      vlan: 145,
    });
  });

  it('EOS: moves and the last move as a time (now less its age), 0 where the entry has none', () => {
    const now = 1_700_000_000;
    const table = parseEosMacTable(
      sample('arista_eos', 'show_mac_address-table', 'arista_eos_show_mac_address-table'),
      now,
    );
    expect(table[0]).toEqual({
      mac: '00:12:36:94:03:EC',
      interface: 'Ethernet7',
      vlan: 3,
      static: true,
      active: true,
      moves: 0,
      last_move: 0,
    });
    expect(table.find((e) => e.mac === '00:1C:73:13:A3:DE')).toEqual({
      mac: '00:1C:73:13:A3:DE',
      interface: 'Ethernet32',
      vlan: 55,
      static: false,
      active: true,
      moves: 1,
      last_move: now - (8 * 60 + 16),
    });
    expect(table.find((e) => e.mac === '00:1C:82:24:36:D7')).toMatchObject({
      interface: 'Port-channel2',
      last_move: now - (9 * 86400 + 15 * 3600 + 57 * 60 + 28),
    });
  });
});

describe('get_arp_table on NX-OS', () => {
  it("gives NAPALM's nxos_ssh values: the interface as printed, ages in seconds, -1 for static", () => {
    const arp = parseNxosArp(sample('cisco_nxos', 'show_ip_arp', 'cisco_nxos_show_ip_arp'));
    expect(arp[0]).toEqual({ interface: 'Ethernet1/41', mac: '3C:60:F4:0E:F9:C3', ip: '1.1.1.2', age: 57 });
    expect(arp.find((e) => e.ip === '10.3.1.102')).toEqual({
      interface: 'mgmt0',
      mac: 'E0:AC:B1:6B:E9:40',
      ip: '10.3.1.102',
      age: 18 * 60 + 18,
    });
    expect(arp).toHaveLength(23);
  });
});

describe('get_arp_table on EOS', () => {
  it('ages in seconds whatever unit the header names, -1 for N/A, the interface as EOS names it', () => {
    const minutes = parseEosArp(sample('arista_eos', 'show_ip_arp', 'arista_eos_show_ip_arp'));
    expect(minutes[0]).toEqual({
      interface: 'Vlan101, Port-Channel2',
      mac: '00:4C:62:11:02:1E',
      ip: '172.25.0.2',
      age: 0,
    });
    expect(minutes.find((e) => e.ip === '10.10.1.1')).toMatchObject({
      interface: 'Vlan1, not learned',
      age: -1,
    });
    const vrfs = parseEosArp(sample('arista_eos', 'show_ip_arp', 'arista_eos_show_ip_arp1'));
    expect(vrfs[0]).toEqual({ interface: 'Vlan1', mac: '00:4C:62:11:11:3E', ip: '10.1.1.1', age: 0 });
    expect(vrfs.map((e) => e.ip)).toContain('172.16.0.3');
  });
});
