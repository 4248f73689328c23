import { parseXrArp } from '../parsers/arp.ts';
import { parseXrBgp } from '../parsers/bgp.ts';
import { xrBgpNeighborsDetail } from '../parsers/bgp-detail-xr.ts';
import {
  parseCdpNeighborsDetail,
  parseIosInterfaces,
  parseIosIpInterface,
  parseIosLldpNeighborsDetail,
} from '../parsers/cisco_ios.ts';
import { parseXrVersion, xrInterfaceList } from '../parsers/cisco_iosxr.ts';
import { factsFromBrief, lldpBrief } from '../parsers/common.ts';
import { xrNtpServers, xrSnmp, xrUsers } from '../parsers/config-state-xr-junos.ts';
import { parseIosPing, xrPingCommand } from '../parsers/ping.ts';
import { parseXrRouteTo } from '../parsers/route-to.ts';
import { parseXrEnvironment } from '../parsers/xr-environment.ts';
import { xrMacAddressTable } from '../parsers/xr-l2.ts';
import {
  CISCO_ERRORS,
  CISCO_SINGLE_VALUED,
  CISCO_STYLE_SECRETS,
  ciscoModes,
  MORE_PAGER,
} from './cisco-common.ts';
import type { Platform } from './types.ts';

// "RP/0/RSP0/CPU0:router#": the route processor is part of what the prompt shows.
const HOST = '(?<host>(?:[\\w/]+:)?[\\w.\\-]{1,63})';

export const ciscoIosxr: Platform = {
  name: 'cisco_iosxr',
  textfsm: 'cisco_xr',
  description: 'Cisco IOS-XR',
  vendor: 'cisco',
  modes: ciscoModes({ exec: false, host: HOST }).modes,
  edges: [
    { from: 'privileged', to: 'config', command: 'configure terminal' },
    // Leaving with uncommitted changes asks; "no" discards them (configure() commits before leaving).
    {
      from: 'config',
      to: 'privileged',
      command: 'end',
      expect: [{ prompt: /Uncommitted changes found, commit them.*\[cancel\]:\s*$/, answer: 'no' }],
    },
  ],
  commandMode: 'privileged',
  configMode: 'config',
  onOpen: ['terminal length 0', 'terminal width 512'],
  pager: MORE_PAGER,
  errors: [...CISCO_ERRORS, /^% Failed to commit/, /^!!% /],
  backup: {
    commands: ['show running-config'],
    // IOS-XR stamps every command's output with the time.
    drop: [/^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) \w{3} +\d+ [\d:.]+ \S+$/, /^Building configuration/],
    insignificant: [/^!! Last configuration change at/],
    redact: CISCO_STYLE_SECRETS,
  },
  configure: { commit: ['commit'] },
  change: {
    candidate: {
      open: ['configure terminal'],
      compare: 'show commit changes diff',
      show: 'show configuration merge',
      discard: ['abort'],
      // XR counts the window in seconds (30 at least); a plain "commit" in a new session confirms.
      commitConfirmed: 'commit confirmed {seconds}',
      confirm: ['configure terminal', 'commit', 'end'],
      revert: ['rollback configuration last 1'],
    },
    singleValued: CISCO_SINGLE_VALUED,
    indent: ' ',
    inverse: true,
  },
  getters: {
    environment: {
      command: 'show processes cpu',
      parse: (o) => parseXrEnvironment([o]),
      more: {
        commands: ['admin show environment fan', 'admin show environment power', 'show memory summary'],
        parse: parseXrEnvironment,
      },
    },
    bgpNeighbors: {
      command: 'show bgp summary',
      parse: (o) => parseXrBgp(o, ''),
      absent: /BGP instance 'default' not active|BGP not active|Invalid input/,
      also: { command: 'show bgp neighbors', when: (o) => o.trim() !== '', parse: parseXrBgp },
    },
    bgpNeighborsDetail: { read: xrBgpNeighborsDetail },
    ntpServers: { fromConfig: xrNtpServers },
    users: { fromConfig: xrUsers },
    snmpInformation: { fromConfig: xrSnmp },
    arpTable: { command: 'show arp', parse: parseXrArp },
    macAddressTable: { read: xrMacAddressTable },
    facts: [
      { command: 'show version', parse: parseXrVersion },
      { command: 'show ipv4 interface brief', parse: (o) => xrInterfaceList(factsFromBrief(o)) },
    ],
    interfaces: { command: 'show interfaces', parse: parseIosInterfaces },
    interfacesIp: { command: 'show ipv4 interface', parse: parseIosIpInterface },
    lldpNeighbors: {
      command: 'show lldp neighbors detail',
      parse: (o) => lldpBrief(parseIosLldpNeighborsDetail(o)),
    },
    lldpNeighborsDetail: {
      command: 'show lldp neighbors detail',
      parse: (o) => parseIosLldpNeighborsDetail(o),
    },
    cdpNeighborsDetail: { command: 'show cdp neighbors detail', parse: parseCdpNeighborsDetail },
  },
  ping: { command: xrPingCommand, parse: parseIosPing },
  routeTo: {
    command: (destination) => `show route ${destination} detail`,
    parse: (output, protocol) => parseXrRouteTo(output, protocol),
    absent: /Network not in table/,
  },
  detect: { command: 'show version', pattern: /Cisco IOS XR Software/, priority: 30 },
};
