import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixturesDir } from '../../../tests/helpers/fixtures.ts';
import { ntpServersFromConfig, snmpFromConfig, usersFromConfig } from './config-state.ts';

describe('NTP servers from the configuration', () => {
  it('reads every dialect: IOS with options, EOS in a VRF, NX-OS with use-vrf', () => {
    const config = [
      'ntp server 192.0.2.1 prefer',
      'ntp server vrf MGMT 192.0.2.2 iburst',
      'ntp server 192.0.2.3 use-vrf management',
      'ntp source Loopback0',
      'no ntp server 192.0.2.9',
    ].join('\n');
    expect(ntpServersFromConfig(config)).toEqual({ '192.0.2.1': {}, '192.0.2.2': {}, '192.0.2.3': {} });
  });

  it('reads a real IOS router configuration (Batfish example network)', () => {
    const text = fs.readFileSync(path.join(fixturesDir('batfish'), 'configs', 'as1border2.cfg'), 'utf8');
    const expected = Object.fromEntries([...text.matchAll(/^ntp server (\S+)/gm)].map((m) => [m[1]!, {}]));
    expect(Object.keys(expected).length).toBeGreaterThan(0);
    expect(ntpServersFromConfig(text)).toEqual(expected);
  });
});

describe('users from the configuration', () => {
  it('takes the privilege (1 when none), the NX-OS role, the stored marker and SSH keys', () => {
    const config = [
      'username admin privilege 15 secret 9 <redacted:1a2b3c4d>',
      'username viewer secret 5 <redacted:2b3c4d5e>',
      'username ops password 5 <redacted:3c4d5e6f>  role network-admin',
      'username guest password 5 <redacted:4d5e6f70>  role network-operator',
      'username eos privilege 15 role network-admin secret sha512 <redacted:5e6f7081>',
      'username eos sshkey ssh-rsa AAAAB3Nza eos@laptop',
      'ip ssh pubkey-chain',
      '  username admin',
      '   key-hash ssh-rsa 0123456789ABCDEF0123456789ABCDEF',
      '  quit',
    ].join('\n');
    expect(usersFromConfig(config)).toEqual({
      admin: {
        level: 15,
        password: '<redacted:1a2b3c4d>',
        sshkeys: ['ssh-rsa 0123456789ABCDEF0123456789ABCDEF'],
      },
      viewer: { level: 1, password: '<redacted:2b3c4d5e>', sshkeys: [] },
      ops: { level: 15, password: '<redacted:3c4d5e6f>', sshkeys: [] },
      guest: { level: 0, password: '<redacted:4d5e6f70>', sshkeys: [] },
      eos: { level: 15, password: '<redacted:5e6f7081>', sshkeys: ['ssh-rsa AAAAB3Nza eos@laptop'] },
    });
  });
});

describe('SNMP from the configuration', () => {
  it('reads modes and ACLs in each dialect, and location, contact and chassis id', () => {
    const config = [
      'snmp-server community <redacted:11111111> RO',
      'snmp-server community <redacted:22222222> RW SNMP-ACL',
      'snmp-server community <redacted:33333333> view V1 ro',
      'snmp-server community <redacted:44444444> group network-admin use-acl MGMT',
      'snmp-server community <redacted:55555555> group network-operator',
      'snmp-server location DC1 rack 4',
      'snmp-server contact noc@example.net',
      'snmp-server chassis-id core-1',
    ].join('\n');
    expect(snmpFromConfig(config, 'nxos')).toEqual({
      chassis_id: 'core-1',
      contact: 'noc@example.net',
      location: 'DC1 rack 4',
      community: {
        '<redacted:11111111>': { acl: 'N/A', mode: 'ro' },
        '<redacted:22222222>': { acl: 'SNMP-ACL', mode: 'rw' },
        '<redacted:33333333>': { acl: 'N/A', mode: 'ro' },
        '<redacted:44444444>': { acl: 'MGMT', mode: 'rw' },
        '<redacted:55555555>': { acl: 'N/A', mode: 'ro' },
      },
    });
  });

  it("reads IOS's words as NAPALM's ios driver does: the mode where it stands, N/A and unknown", () => {
    const config = [
      'snmp-server community <redacted:11111111> RO',
      'snmp-server community <redacted:22222222> RW 99',
      'snmp-server contact noc@example.net',
    ].join('\n');
    expect(snmpFromConfig(config, 'ios')).toEqual({
      chassis_id: 'unknown',
      contact: 'noc@example.net',
      location: 'unknown',
      community: {
        '<redacted:11111111>': { acl: 'N/A', mode: 'ro' },
        '<redacted:22222222>': { acl: '99', mode: 'rw' },
      },
    });
  });

  it("reads EOS's view, mode, IPv6 ACL and ACL as NAPALM's eos driver does, '' for what is absent", () => {
    const config = [
      'snmp-server community <redacted:11111111> ro',
      'snmp-server community <redacted:22222222> view V1 rw ipv6 V6-ACL SNMP-ACL',
      'snmp-server community <redacted:33333333>',
    ].join('\n');
    expect(snmpFromConfig(config, 'eos')).toEqual({
      chassis_id: '',
      contact: '',
      location: '',
      community: {
        '<redacted:11111111>': { acl: '', mode: 'ro' },
        '<redacted:22222222>': { acl: 'SNMP-ACL', mode: 'rw' },
        '<redacted:33333333>': { acl: '', mode: '' },
      },
    });
  });
});
