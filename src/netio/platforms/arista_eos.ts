import {
  parseEosArp,
  parseEosEnvironment,
  parseEosLldpNeighborsDetail,
  parseEosVersion,
} from '../parsers/arista_eos.ts';
import { parseEosBgp } from '../parsers/bgp.ts';
import { eosBgpNeighborsDetail } from '../parsers/bgp-detail-eos.ts';
import { parseIosInterfaces, parseIosIpInterface, parseIosVlans } from '../parsers/cisco_ios.ts';
import { lldpBrief, sortedNicely } from '../parsers/common.ts';
import { ntpServersFromConfig, snmpFromConfig, usersFromConfig } from '../parsers/config-state.ts';
import { parseEosMacTable } from '../parsers/mac-table.ts';
import { eosPingCommand, parseUnixPing } from '../parsers/ping.ts';
import { eosRouteTo } from '../parsers/route-to-eos.ts';
import {
  CISCO_ERRORS,
  CISCO_SINGLE_VALUED,
  CISCO_STYLE_SECRETS,
  ciscoModes,
  MORE_PAGER,
} from './cisco-common.ts';
import type { Platform } from './types.ts';

export const aristaEos: Platform = {
  name: 'arista_eos',
  description: 'Arista EOS',
  vendor: 'arista',
  ...ciscoModes({ exec: true }),
  commandMode: 'privileged',
  configMode: 'config',
  onOpen: ['terminal length 0', 'terminal width 32767'],
  pager: MORE_PAGER,
  errors: CISCO_ERRORS,
  backup: {
    // Excluding the clock line at the source keeps every backup of an unchanged switch identical.
    commands: ['show running-config | no-more | exclude ! Time:'],
    drop: [/^! Time:/],
    insignificant: [],
    redact: CISCO_STYLE_SECRETS,
  },
  configure: { save: ['write memory'] },
  change: {
    // A named configuration session is the candidate; "commit timer" reverts unless confirmed.
    candidate: {
      open: ['configure session {name}'],
      compare: 'show session-config diffs',
      show: 'show session-config',
      discard: ['abort'],
      commitConfirmed: 'commit timer {hms}',
      confirm: ['configure session {name} commit'],
      revert: ['configure session {name} abort'],
    },
    singleValued: CISCO_SINGLE_VALUED,
    indent: '   ',
    inverse: true,
  },
  getters: {
    // NAPALM's eos reads these over eAPI as JSON; the CLI gives the same JSON with "| json".
    environment: {
      command: 'show environment cooling | json',
      parse: (o) => parseEosEnvironment([o]),
      more: {
        commands: [
          'show environment temperature | json',
          'show environment power | json',
          'show processes top once',
        ],
        parse: parseEosEnvironment,
      },
    },
    startupConfig: { command: 'show startup-config' },
    // NAPALM's eos commands: the summaries as JSON (over the CLI with "| json"), the neighbours as text.
    bgpNeighbors: {
      command: 'show ipv6 bgp summary vrf all | json',
      parse: (o) => parseEosBgp([o]),
      absent: /BGP (?:inactive|not active|is not configured)/i,
      more: {
        commands: [
          'show ip bgp summary vrf all | json',
          'show ip bgp neighbors vrf all',
          'show ipv6 bgp neighbors vrf all',
        ],
        parse: parseEosBgp,
      },
    },
    // NAPALM's eos: the neighbour text of both families, the summaries' accepted counts as JSON.
    bgpNeighborsDetail: { read: eosBgpNeighborsDetail },
    facts: [
      { command: 'show version', parse: parseEosVersion },
      {
        command: 'show hostname',
        parse: (o) => ({
          ...parseEosVersion(''),
          hostname: /Hostname: (\S+)/.exec(o)?.[1] ?? '',
          fqdn: /FQDN:\s+(\S+)/.exec(o)?.[1] ?? '',
        }),
      },
      // NAPALM's interface_list on EOS: every interface "show interfaces" lists but subinterfaces,
      // in natural order (not the routed ones "show ip interface brief" lists).
      {
        command: 'show interfaces',
        parse: (o) => ({
          ...parseEosVersion(''),
          interface_list: sortedNicely(Object.keys(parseIosInterfaces(o)).filter((n) => !n.includes('.'))),
        }),
      },
    ],
    interfaces: { command: 'show interfaces', parse: parseIosInterfaces },
    interfacesIp: { command: 'show ip interface', parse: parseIosIpInterface },
    lldpNeighbors: {
      command: 'show lldp neighbors detail',
      parse: (o) => lldpBrief(parseEosLldpNeighborsDetail(o)),
    },
    lldpNeighborsDetail: { command: 'show lldp neighbors detail', parse: parseEosLldpNeighborsDetail },
    macAddressTable: { command: 'show mac address-table', parse: (o) => parseEosMacTable(o) },
    vlans: { command: 'show vlan', parse: parseIosVlans },
    arpTable: { command: 'show ip arp', parse: parseEosArp },
    ntpServers: { fromConfig: ntpServersFromConfig },
    users: { fromConfig: usersFromConfig },
    snmpInformation: { fromConfig: (c) => snmpFromConfig(c, 'eos') },
  },
  ping: { command: eosPingCommand, parse: parseUnixPing },
  routeTo: { lookup: eosRouteTo },
  detect: { command: 'show version', pattern: /^Arista /m, priority: 20 },
};
