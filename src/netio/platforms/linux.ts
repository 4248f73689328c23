import { parseLinuxNeighbors } from '../parsers/arp.ts';
import { frrBgpNeighborsDetail } from '../parsers/bgp-detail-frr.ts';
import { lldpBrief } from '../parsers/common.ts';
import {
  LINUX_NTP_SOURCE,
  LINUX_SNMP_SOURCE,
  LINUX_USERS_SOURCE,
  linuxNtpServers,
  linuxSnmp,
  linuxUsers,
  parseFrrBgp,
  parseLinuxAddresses,
  parseLinuxEnvironment,
  parseLinuxFacts,
  parseLinuxFdb,
  parseLinuxLinks,
  parseLinuxVlans,
  parseLldpctl,
} from '../parsers/linux.ts';
import { linuxPingCommand, parseUnixPing } from '../parsers/ping.ts';
import { parseLinuxRouteTo } from '../parsers/route-to-linux.ts';
import type { Platform } from './types.ts';

export const linux: Platform = {
  name: 'linux',
  description: 'Linux (servers, whitebox switches, appliances with a shell)',
  vendor: 'linux',
  modes: {
    // "user@host:~$ ", "root@host:/etc# ", "[user@host ~]$ ".
    shell: { prompt: /^\s*\[?(?<host>[\w.-]+@[\w.-]+)(?::[^\s$#]*| [^\]]*\])?[$#]\s*$/ },
  },
  edges: [],
  commandMode: 'shell',
  // No pager on a dumb terminal; colours and prompt decorations off.
  onOpen: ['export TERM=dumb PAGER=cat SYSTEMD_PAGER= LANG=C'],
  pager: [],
  errors: [/: command not found$/, /: No such file or directory$/, /: Permission denied$/],
  backup: {
    commands: ['cat /etc/hostname /etc/hosts /etc/resolv.conf', 'ip -o address show', 'ip route show'],
    drop: [],
    insignificant: [],
    // net-snmp's communities, where a getter reads snmpd.conf (see LINUX_SNMP_SOURCE).
    redact: [
      { pattern: /^\s*r[ow]community6?\s+(?<secret>\S+)/ },
      { pattern: /^\s*com2sec6?\s+\S+\s+\S+\s+(?<secret>\S+)/ },
    ],
  },
  getters: {
    arpTable: { command: 'ip neigh show', parse: parseLinuxNeighbors },
    environment: { command: 'top -bn1 | head -5', parse: parseLinuxEnvironment },
    // FRR's BGP, where the host runs it; without vtysh there is no BGP: {}.
    bgpNeighbors: {
      command: "vtysh -c 'show bgp vrf all summary json'",
      parse: parseFrrBgp,
      absent: /vtysh: command not found/,
    },
    bgpNeighborsDetail: { read: frrBgpNeighborsDetail },
    macAddressTable: { command: 'bridge fdb show', parse: parseLinuxFdb },
    ntpServers: { source: LINUX_NTP_SOURCE, fromConfig: linuxNtpServers },
    snmpInformation: { source: LINUX_SNMP_SOURCE, fromConfig: linuxSnmp },
    users: { source: LINUX_USERS_SOURCE, fromConfig: linuxUsers },
    vlans: { command: 'bridge vlan show', parse: parseLinuxVlans },
    facts: [{ command: 'uname -snrm; cat /proc/uptime', parse: parseLinuxFacts }],
    interfaces: { command: 'ip -o link show', parse: parseLinuxLinks },
    interfacesIp: { command: 'ip -o addr show', parse: parseLinuxAddresses },
    lldpNeighbors: { command: 'lldpctl -f keyvalue', parse: (o) => lldpBrief(parseLldpctl(o)) },
    lldpNeighborsDetail: { command: 'lldpctl -f keyvalue', parse: parseLldpctl },
  },
  ping: { command: linuxPingCommand, parse: parseUnixPing },
  routeTo: {
    command: (destination) => `ip route show match ${destination}`,
    parse: (o, p) => parseLinuxRouteTo(o, p),
  },
  detect: { command: 'uname -s', pattern: /^Linux$/m, priority: 5 },
};
