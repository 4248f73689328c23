import { parseIosBgp } from '../parsers/bgp.ts';
import { iosBgpNeighborsDetail } from '../parsers/bgp-detail-ios.ts';
import {
  iosInterfacesIpGetter,
  iosLldpDetailGetter,
  iosVersionGetter,
  parseCdpNeighborsDetail,
  parseIosArp,
  parseIosEnvironment,
  parseIosInterfaces,
  parseIosVlans,
} from '../parsers/cisco_ios.ts';
import { factsFromBrief, lldpBrief } from '../parsers/common.ts';
import { ntpServersFromConfig, snmpFromConfig, usersFromConfig } from '../parsers/config-state.ts';
import { parseIosMacTable } from '../parsers/mac-table.ts';
import { iosPingCommand, parseIosPing } from '../parsers/ping.ts';
import { iosRouteTo } from '../parsers/route-to-ios.ts';
import {
  CISCO_ERRORS,
  CISCO_SINGLE_VALUED,
  CISCO_STYLE_SECRETS,
  ciscoModes,
  MORE_PAGER,
} from './cisco-common.ts';
import type { Platform } from './types.ts';

export const ciscoIos: Platform = {
  name: 'cisco_ios',
  description: 'Cisco IOS and IOS-XE',
  vendor: 'cisco',
  ...ciscoModes({ exec: true }),
  commandMode: 'privileged',
  configMode: 'config',
  onOpen: ['terminal length 0', 'terminal width 0'],
  pager: MORE_PAGER,
  errors: CISCO_ERRORS,
  backup: {
    commands: ['show running-config'],
    drop: [
      /^Building configuration/,
      /^Current configuration ?:/,
      /^ntp clock-period /,
      /^\s*Load for five secs/,
      /^Time source is/,
    ],
    rewrite: [{ pattern: /^(\s+expression) \d+$/, replacement: '$1 <value removed>' }],
    insignificant: [
      /^! Last configuration change at/,
      /^! NVRAM config last updated at/,
      /^! No configuration change since last restart/,
    ],
    redact: [
      ...CISCO_STYLE_SECRETS,
      // Catalyst 9800 wireless controllers: keys and AP credentials, which may contain spaces.
      { pattern: /^\s+security wpa psk set-key (?:ascii|hex) \d (?<secret>.+)$/ },
      { pattern: /^\s+dot1x username \S+ password \d (?<secret>.+)$/ },
      { pattern: /^\s+mgmtuser username \S+ password \d (?<secret>.+?) secret \d .+$/ },
      { pattern: /^\s+mgmtuser username \S+ password \d .+? secret \d (?<secret>.+)$/ },
    ],
  },
  configure: { save: ['write memory'] },
  change: {
    // No candidate: the running config is copied to flash first and restored whole to revert
    // (configure replace), so a revert also undoes what a half-applied change left.
    rollbackPoint: {
      save: ['copy running-config flash:{name}'],
      restore: ['configure replace flash:{name} force'],
      remove: ['delete /force flash:{name}'],
    },
    singleValued: CISCO_SINGLE_VALUED,
    inverse: true,
    indent: ' ',
    prompts: [{ prompt: /Destination filename \[[^\]]*\]\?\s*$/, answer: '' }],
  },
  getters: {
    // NAPALM's ios commands, word for word.
    environment: {
      command: 'show proc cpu',
      parse: (o) => parseIosEnvironment([o]),
      more: {
        commands: ['show memory statistics', 'show env temperature status'],
        parse: parseIosEnvironment,
      },
    },
    startupConfig: { command: 'show startup-config' },
    bgpNeighbors: {
      command: 'show bgp all summary',
      parse: (o) => parseIosBgp(o, ''),
      absent: /BGP not active/,
      also: { command: 'show bgp all neighbors', when: (o) => o.trim() !== '', parse: parseIosBgp },
    },
    // NAPALM's ios steps: the summary, then "show ip bgp FAMILY neighbors ADDRESS" for each.
    bgpNeighborsDetail: { read: iosBgpNeighborsDetail },
    facts: [iosVersionGetter, { command: 'show ip interface brief', parse: factsFromBrief }],
    interfaces: { command: 'show interfaces', parse: parseIosInterfaces },
    interfacesIp: iosInterfacesIpGetter,
    lldpNeighbors: {
      ...iosLldpDetailGetter,
      parse: (o) => lldpBrief(iosLldpDetailGetter.parse(o)),
      also: { ...iosLldpDetailGetter.also, parse: (d, b) => lldpBrief(iosLldpDetailGetter.also.parse(d, b)) },
    },
    lldpNeighborsDetail: iosLldpDetailGetter,
    cdpNeighborsDetail: { command: 'show cdp neighbors detail', parse: parseCdpNeighborsDetail },
    arpTable: { command: 'show arp | exclude Incomplete', parse: parseIosArp },
    macAddressTable: { command: 'show mac address-table', parse: parseIosMacTable },
    vlans: { command: 'show vlan brief', parse: parseIosVlans },
    ntpServers: { fromConfig: ntpServersFromConfig },
    users: { fromConfig: usersFromConfig },
    snmpInformation: { fromConfig: (c) => snmpFromConfig(c, 'ios') },
  },
  ping: { command: iosPingCommand, parse: parseIosPing },
  routeTo: { lookup: iosRouteTo },
  detect: { command: 'show version', pattern: /Cisco IOS(?:-XE| XE)? Software|IOS \(tm\)/, priority: 10 },
};
