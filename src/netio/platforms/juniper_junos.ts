import { parseJunosArp } from '../parsers/arp.ts';
import { parseJunosBgp } from '../parsers/bgp.ts';
import { junosBgpNeighborsDetail } from '../parsers/bgp-detail-junos.ts';
import { lldpBrief } from '../parsers/common.ts';
import { junosNtpServers, junosSnmp, junosUsers } from '../parsers/config-state-xr-junos.ts';
import {
  junosFqdn,
  junosInterfaceList,
  parseJunosChassis,
  parseJunosInterfaces,
  parseJunosInterfacesIp,
  parseJunosLldpNeighbors,
  parseJunosUptime,
  parseJunosVersion,
} from '../parsers/juniper_junos.ts';
import { parseJunosEnvironment } from '../parsers/junos-environment.ts';
import { parseJunosMacTable, parseJunosVlans } from '../parsers/junos-l2.ts';
import { junosPingCommand, parseJunosPing } from '../parsers/ping.ts';
import { junosRouteCommand, parseJunosRouteTo } from '../parsers/route-to-junos.ts';
import type { Platform } from './types.ts';

// "user@router> " in operational mode, "user@router# " in configuration mode (after an "[edit]" line).
const HOST = '(?<host>[\\w.\\-]+@[\\w.\\-]+)';

export const juniperJunos: Platform = {
  name: 'juniper_junos',
  description: 'Juniper Junos',
  vendor: 'juniper',
  modes: {
    configuration: { prompt: new RegExp(`^\\s*(?:\\{\\w+(?::\\w+)?\\}\\s*)?${HOST}#\\s*$`) },
    operational: { prompt: new RegExp(`^\\s*(?:\\{\\w+(?::\\w+)?\\}\\s*)?${HOST}>\\s*$`) },
  },
  edges: [
    { from: 'operational', to: 'configuration', command: 'configure' },
    // Uncommitted changes make Junos ask; configure() has committed already, so anything left is discarded.
    {
      from: 'configuration',
      to: 'operational',
      command: 'exit configuration-mode',
      expect: [{ prompt: /Exit with uncommitted changes\? \[yes,no\] \(yes\)\s*$/, answer: 'yes' }],
    },
  ],
  commandMode: 'operational',
  configMode: 'configuration',
  onOpen: ['set cli screen-length 0', 'set cli screen-width 0'],
  pager: [{ prompt: /^---\(more(?: \d+%)?\)---\s*$/, answer: ' ' }],
  errors: [
    /^error: /,
    /^syntax error/,
    /^unknown command\.?$/,
    /^\s*\^$/,
    /^missing argument/,
    /^invalid (?:value|interface)/i,
  ],
  backup: {
    commands: ['show configuration | display omit'],
    // "[edit]" closes every answer in configuration mode (a candidate shown there).
    drop: [/^\[edit(?: [^\]]*)?\]$/],
    insignificant: [/^## Last commit: /, /^## Last changed: /],
    redact: [
      // Junos marks every line that holds a secret.
      { pattern: /(?<secret>"[^"]*"|\S+); ## SECRET-DATA$/ },
      { pattern: /encrypted-password (?<secret>"[^"]*"|[^\s;]+)/ },
      { pattern: /:\/\/[^:/@\s"]+:(?<secret>[^@\s"]+)@/ },
      { pattern: /^\s*community (?<secret>\S+) \{/ },
    ],
  },
  configure: { commit: ['commit'] },
  change: {
    // A private candidate: other users' uncommitted edits are not part of this change.
    candidate: {
      open: ['configure private'],
      compare: 'show | compare',
      show: 'show | display omit',
      discard: ['rollback 0', 'exit configuration-mode'],
      // Junos counts the window in minutes; any later commit confirms it.
      commitConfirmed: 'commit confirmed {minutes}',
      confirm: ['configure private', 'commit', 'exit configuration-mode'],
      revert: ['configure private', 'rollback 1', 'commit', 'exit configuration-mode'],
      // "load complete (2 errors)" loaded part of it: only the bare line means all of it.
      replace: {
        command: 'load override terminal',
        end: '\x04',
        loaded: /^load complete$/m,
        statements: { running: 'run show configuration | display set', candidate: 'show | display set' },
      },
    },
  },
  getters: {
    // NAPALM's junos tables (environment, temperature thresholds, routing engines), asked as text.
    environment: {
      command: 'show chassis environment',
      parse: (o) => parseJunosEnvironment([o]),
      more: {
        commands: ['show chassis temperature-thresholds', 'show chassis routing-engine'],
        parse: parseJunosEnvironment,
      },
    },
    vlans: { command: 'show vlans', parse: parseJunosVlans },
    macAddressTable: {
      command: 'show ethernet-switching table',
      parse: (o) => parseJunosMacTable(o, ''),
      also: { command: 'show vlans', when: () => true, parse: parseJunosMacTable, optional: true },
    },
    bgpNeighbors: {
      command: 'show bgp summary',
      parse: (o) => parseJunosBgp(o, ''),
      absent: /BGP is not running/,
      also: { command: 'show bgp neighbor', when: (o) => o.trim() !== '', parse: parseJunosBgp },
    },
    bgpNeighborsDetail: { read: junosBgpNeighborsDetail },
    // NAPALM's junos reads the candidate database: "show" in (shared) configuration mode.
    candidateConfig: { command: 'show | display omit' },
    ntpServers: { fromConfig: junosNtpServers },
    users: { fromConfig: junosUsers },
    snmpInformation: { fromConfig: junosSnmp },
    arpTable: { command: 'show arp no-resolve expiration-time', parse: parseJunosArp },
    facts: [
      {
        command: 'show version',
        parse: parseJunosVersion,
        also: {
          command: 'show configuration system domain-name',
          when: () => true,
          parse: junosFqdn,
          optional: true,
        },
      },
      { command: 'show chassis hardware', parse: parseJunosChassis },
      { command: 'show system uptime', parse: parseJunosUptime },
      { command: 'show interfaces terse', parse: junosInterfaceList },
    ],
    interfaces: { command: 'show interfaces', parse: parseJunosInterfaces },
    interfacesIp: { command: 'show interfaces terse', parse: parseJunosInterfacesIp },
    lldpNeighbors: { command: 'show lldp neighbors', parse: (o) => lldpBrief(parseJunosLldpNeighbors(o)) },
    lldpNeighborsDetail: { command: 'show lldp neighbors', parse: parseJunosLldpNeighbors },
  },
  ping: { command: junosPingCommand, parse: parseJunosPing },
  // The protocol narrows the lookup on the device, as NAPALM's junos asks it.
  routeTo: {
    lookup: async (ask, destination, protocol) =>
      parseJunosRouteTo(await ask(junosRouteCommand(destination, protocol)), protocol),
  },
  detect: { command: 'show version', pattern: /^JUNOS |^Junos: /m, priority: 20 },
};
