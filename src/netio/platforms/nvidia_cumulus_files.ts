import { linux } from './linux.ts';
import type { Platform } from './types.ts';

// "cumulus@sw1:mgmt:~$ " as a user, "root@sw1:mgmt:~# " after "sudo su -"; "user@host~$" too.
// The host part alone is pinned: the user changes with sudo.
const PROMPT = (end: string) =>
  new RegExp(`^\\s*[\\w.-]+@(?<host>[\\w.-]+)(?::[^\\s$#]*|~[^\\s$#]*)?${end}\\s*$`);

/**
 * Cumulus Linux without NVUE (3.x, 4.x, or 5.x configured by files): the configuration is the
 * files ifupdown2, FRR, switchd, SNMP and NTP read, printed one after another as root
 * (Oxidized's "cumulus" with FRR). For NVUE-managed switches, see nvidia_cumulus.
 */
export const nvidiaCumulusFiles: Platform = {
  ...linux,
  name: 'nvidia_cumulus_files',
  description: 'Cumulus Linux 3/4/5 configured by files (FRR)',
  vendor: 'nvidia',
  textfsm: 'linux',
  modes: { user: { prompt: PROMPT('\\$') }, root: { prompt: PROMPT('#') } },
  edges: [
    {
      from: 'user',
      to: 'root',
      command: 'sudo su -',
      expect: [{ prompt: /\[sudo\] password for [^:]*:\s*$/, answer: 'secret' }],
    },
  ],
  commandMode: 'root',
  onOpen: [],
  // A file the switch does not use ("cat: /etc/frr/bgpd.conf: No such file or directory") is part
  // of the backup, as it is in Oxidized's: its appearing later is a change.
  errors: [/: command not found$/, /: Permission denied$/],
  backup: {
    commands: [
      'cat /etc/hostname',
      'cat /etc/hosts',
      'grep -r "" /etc/network/interface* | cut -d "/" -f 4-',
      'cat /etc/resolv.conf',
      'cat /etc/ntp.conf',
      'cat /etc/snmp/snmpd.conf',
      'cat /etc/frr/daemons',
      'cat /etc/frr/zebra.conf',
      'cat /etc/frr/bgpd.conf',
      'cat /etc/frr/ospfd.conf',
      'cat /etc/frr/ospf6d.conf',
      'cat /etc/frr/frr.conf',
      'cat /etc/motd',
      'cat /etc/passwd',
      'cat /etc/cumulus/switchd.conf',
      'cat /etc/cumulus/ports.conf; echo',
      'cat /etc/cumulus/datapath/traffic.conf',
      'cat /etc/cumulus/acl/policy.conf',
      'cat /etc/default/isc-dhcp-relay',
      'cat /etc/cumulus/etc.replace/os-release',
      'cl-license',
    ],
    drop: [],
    insignificant: [],
    redact: [
      // snmpd.conf and FRR.
      { pattern: /^\s*(?:rocommunity6?|rwcommunity6?|community) (?<secret>\S+)/ },
      { pattern: /^\s*(?:createUser|usm-user) \S+ \S+ (?<secret>\S+)/ },
      { pattern: /^\s*(?:enable )?password (?:\d+ )?(?<secret>\S+)/ },
      { pattern: /^\s*neighbor \S+ password (?<secret>\S+)/ },
      { pattern: /^\s*ip ospf (?:message-digest-key \d+ md5|authentication-key) (?<secret>\S+)/ },
    ],
  },
  // Files are edited and services reloaded: not something webnet pushes as lines.
  configMode: undefined,
  configure: undefined,
  detect: undefined,
};
