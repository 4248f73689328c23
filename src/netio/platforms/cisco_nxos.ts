import { parseNxosBgp } from '../parsers/bgp.ts';
import { nxosBgpNeighborsDetail } from '../parsers/bgp-detail-nxos.ts';
import { parseCdpNeighborsDetail, parseIosInterfaces, parseIosVlans } from '../parsers/cisco_ios.ts';
import {
  parseNxosArp,
  parseNxosEnvironment,
  parseNxosHostname,
  parseNxosInterfaceStatus,
  parseNxosInventorySerial,
  parseNxosIpInterface,
  parseNxosLldpNeighborsDetail,
  parseNxosVersion,
} from '../parsers/cisco_nxos.ts';
import { lldpBrief } from '../parsers/common.ts';
import { ntpServersFromConfig, snmpFromConfig, usersFromConfig } from '../parsers/config-state.ts';
import { parseNxosMacTable } from '../parsers/mac-table.ts';
import { nxosPingCommand, parseUnixPing } from '../parsers/ping.ts';
import { nxosRouteTo } from '../parsers/route-to-nxos.ts';
import {
  CISCO_ERRORS,
  CISCO_SINGLE_VALUED,
  CISCO_STYLE_SECRETS,
  ciscoModes,
  MORE_PAGER,
} from './cisco-common.ts';
import type { Platform } from './types.ts';

export const ciscoNxos: Platform = {
  name: 'cisco_nxos',
  description: 'Cisco NX-OS (Nexus)',
  vendor: 'cisco',
  ...ciscoModes({ exec: false }),
  commandMode: 'privileged',
  configMode: 'config',
  onOpen: ['terminal length 0', 'terminal width 511'],
  pager: MORE_PAGER,
  errors: [...CISCO_ERRORS, /^% Permission denied/],
  backup: {
    commands: ['show running-config'],
    drop: [/^!Time:/],
    insignificant: [/^!Running configuration last done at/, /^!Command: show running-config/],
    redact: CISCO_STYLE_SECRETS,
  },
  configure: { save: ['copy running-config startup-config'] },
  change: {
    // No candidate: a named checkpoint is taken first and rolled back to whole to revert.
    rollbackPoint: {
      save: ['checkpoint {name}'],
      restore: ['rollback running-config checkpoint {name}'],
      remove: ['no checkpoint {name}'],
    },
    singleValued: CISCO_SINGLE_VALUED,
    inverse: true,
    indent: '  ',
  },
  getters: {
    startupConfig: { command: 'show startup-config' },
    bgpNeighbors: {
      command: 'show bgp all summary vrf all',
      parse: parseNxosBgp,
      // BGP not running, or its feature not enabled (the command does not exist then).
      absent: /BGP (?:is )?not (?:active|running|enabled)|Invalid command/,
    },
    bgpNeighborsDetail: { read: nxosBgpNeighborsDetail },
    // As NAPALM's nxos_ssh reads them: the serial from the inventory's chassis, the hostname
    // from "show hostname" with "show hosts"' domain for the fqdn, every port of the status table.
    facts: [
      { command: 'show version', parse: parseNxosVersion },
      { command: 'show inventory', parse: parseNxosInventorySerial },
      {
        command: 'show hostname',
        parse: (o) => parseNxosHostname(o, ''),
        also: { command: 'show hosts', when: () => true, parse: parseNxosHostname, optional: true },
      },
      { command: 'show interface status', parse: parseNxosInterfaceStatus },
    ],
    interfaces: { command: 'show interface', parse: parseIosInterfaces },
    interfacesIp: { command: 'show ip interface vrf all', parse: parseNxosIpInterface },
    lldpNeighbors: {
      command: 'show lldp neighbors detail',
      parse: (o) => lldpBrief(parseNxosLldpNeighborsDetail(o)),
    },
    lldpNeighborsDetail: { command: 'show lldp neighbors detail', parse: parseNxosLldpNeighborsDetail },
    cdpNeighborsDetail: { command: 'show cdp neighbors detail', parse: parseCdpNeighborsDetail },
    macAddressTable: { command: 'show mac address-table', parse: (o) => parseNxosMacTable(o) },
    arpTable: { command: 'show ip arp vrf all | exclude INCOMPLETE', parse: parseNxosArp },
    vlans: { command: 'show vlan brief', parse: parseIosVlans },
    environment: {
      command: 'show system resources',
      parse: (o) => parseNxosEnvironment(o, ''),
      also: { command: 'show environment temperature', when: () => true, parse: parseNxosEnvironment },
    },
    ntpServers: { fromConfig: ntpServersFromConfig },
    users: { fromConfig: usersFromConfig },
    snmpInformation: { fromConfig: snmpFromConfig },
  },
  ping: { command: nxosPingCommand, parse: parseUnixPing },
  // The header can scroll away on a long output: the kickstart line and the chassis still say it.
  routeTo: { lookup: nxosRouteTo },
  detect: {
    command: 'show version',
    pattern: /Cisco Nexus Operating System|NX-OS|^\s*kickstart: version |[Nn]exus ?\d+\S* Chassis/m,
    priority: 20,
  },
};
