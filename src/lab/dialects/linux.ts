import type { LabDevice } from '../model.ts';
import { frrBgpNeighborsJson, frrBgpSummaryJson } from './bgp.ts';
import { arpPairs } from './cisco-shows.ts';
import { pingReply } from './ping.ts';
import { interfaceView } from './render.ts';
import { linuxRouteMatch } from './routes.ts';
import type { CliState, Dialect, Reply } from './types.ts';

/** A Linux host's shell: enough for backups (config files), facts, addresses and lldpd. */
function handle(state: CliState, line: string): Reply {
  const d = state.device;
  const results = line
    .split(';')
    .map((c) => c.trim())
    .filter(Boolean)
    .map((c) => run(d, c));
  if (results.some((r) => r === null)) return { output: '', close: true };
  return { output: results.join('') };
}

function run(d: LabDevice, command: string): string | null {
  if (command === 'exit' || command === 'logout') return null;
  if (command.startsWith('export ')) return '';
  if (command === 'uname -s') return 'Linux\n';
  if (command === 'uname -snrm') return `Linux ${d.hostname} ${d.version} x86_64\n`;
  if (command === 'cat /proc/uptime') return `${((Date.now() - d.bootedAt) / 1000).toFixed(2)} 1000.00\n`;
  if (command.startsWith('cat ')) {
    return command
      .slice(4)
      .split(/\s+/)
      .map((file) => {
        const lines = fileLines(d, file);
        return lines ? `${lines.join('\n')}\n` : `cat: ${file}: No such file or directory\n`;
      })
      .join('');
  }
  const grep = /^grep -hsE '([^']*)' (.+)$/.exec(command);
  if (grep) return grepFiles(d, grep[1]!, grep[2]!.split(/\s+/));
  if (command === 'getent passwd')
    return `root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n${d.username}:x:1000:1000::/home/${d.username}:/bin/bash\nnobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n`;
  if (command === 'getent group sudo wheel') return `sudo:x:27:${d.username}\n`;
  if (command === 'ip -o link show')
    return d.interfaces
      .map(
        (i, n) =>
          `${n + 2}: ${i.name}: <BROADCAST,MULTICAST${i.enabled ? ',UP' : ''}${i.up ? ',LOWER_UP' : ''}> mtu ${i.mtu} qdisc mq state ${i.up ? 'UP' : 'DOWN'} mode DEFAULT group default qlen 1000\\    link/ether ${i.mac} brd ff:ff:ff:ff:ff:ff\n`,
      )
      .join('');
  if (command === 'ip -o addr show' || command === 'ip -o address show')
    return d.interfaces
      .filter((i) => i.ipv4)
      .map(
        (i, n) =>
          `${n + 2}: ${i.name}    inet ${i.ipv4} brd + scope global ${i.name}\\       valid_lft forever preferred_lft forever\n`,
      )
      .join('');
  if (command === 'ip neigh show')
    return arpPairs(d)
      .map(
        (p) =>
          `${p.peer} dev ${p.iface} lladdr ${p.peerMac.replace(/\./g, '').replace(/(..)(?=.)/g, '$1:')} REACHABLE\n`,
      )
      .join('');
  if (/^ping\s/.test(command)) return pingReply('linux', d, command);
  if (command === "vtysh -c 'show bgp vrf all summary json'") return frrBgpSummaryJson(d);
  const neighbors = /^vtysh -c 'show bgp vrf all neighbors (?:(\S+) )?json'$/.exec(command);
  if (neighbors) return frrBgpNeighborsJson(d, neighbors[1]);
  if (command === 'bridge fdb show') return linuxFdb(d);
  if (command === 'bridge vlan show') return linuxBridgeVlans(d);
  if (command === 'top -bn1 | head -5')
    return `top - 10:00:00 up 3 days,  2:11,  1 user,  load average: 0.12, 0.40, 0.66
Tasks: 112 total,   1 running, 111 sleeping,   0 stopped,   0 zombie
%Cpu(s):  3.1 us,  1.6 sy,  0.0 ni, 95.3 id,  0.0 wa,  0.0 hi,  0.0 si,  0.0 st
MiB Mem :   3915.2 total,   2210.4 free,    812.6 used,    892.2 buff/cache
MiB Swap:   1024.0 total,   1024.0 free,      0.0 used.   2812.1 avail Mem
`;
  const match = /^ip route show match (\d+\.\d+\.\d+\.\d+(?:\/\d+)?)$/.exec(command);
  if (match) return linuxRouteMatch(d, match[1]!);
  if (command === 'ip route show') return `default via 192.0.2.1 dev ${d.interfaces[0]?.name ?? 'eth0'}\n`;
  if (command === 'lldpctl -f keyvalue')
    return d.neighbors
      .map(
        (n) =>
          `lldp.${n.localInterface}.chassis.mac=${n.remoteChassisId}\nlldp.${n.localInterface}.chassis.name=${n.remoteHostname}\nlldp.${n.localInterface}.chassis.descr=${n.remoteDescription}\nlldp.${n.localInterface}.chassis.mgmt-ip=${n.remoteMgmtIp}\nlldp.${n.localInterface}.port.ifname=${n.remoteInterface}\n`,
      )
      .join('');
  return `bash: ${command.split(' ')[0]}: command not found\n`;
}

export const linuxDialect: Dialect = {
  banner: () => 'Linux lab 6.1.0-28-amd64 #1 SMP PREEMPT_DYNAMIC Debian 6.1.119-1 x86_64\n\n',
  initialMode: 'shell',
  prompt: (state) => `${state.device.username}@${state.device.hostname}:~$ `,
  pagerPrompt: '',
  pageLines: Number.POSITIVE_INFINITY,
  handle,
};

/** The lab host's bridge: its ports without an address, each in VLAN 1 with a host learned behind it. */
function bridgePorts(d: LabDevice) {
  return d.interfaces.map((i) => interfaceView(d, i)).filter((i) => i.enabled && !i.ipv4);
}

const colons = (mac: string) =>
  mac
    .replace(/[^0-9a-f]/gi, '')
    .toLowerCase()
    .replace(/(..)(?=.)/g, '$1:');

export function linuxFdb(d: LabDevice): string {
  return bridgePorts(d)
    .flatMap((i) => {
      const own = colons(i.mac);
      return [
        `02${own.slice(2)} dev ${i.name} vlan 1 master br0`,
        `${own} dev ${i.name} vlan 1 master br0 permanent`,
        `33:33:00:00:00:01 dev ${i.name} self permanent`,
      ];
    })
    .map((l) => `${l}\n`)
    .join('');
}

export function linuxBridgeVlans(d: LabDevice): string {
  const rows = bridgePorts(d).map((i) => `${i.name.padEnd(18)}1 PVID Egress Untagged`);
  return `port              vlan-id\n${[...rows, 'br0               1 PVID Egress Untagged'].join('\n')}\n`;
}

/** The lines of the given files that match an extended regular expression (POSIX classes as JS ones). */
function grepFiles(d: LabDevice, pattern: string, files: string[]): string {
  const re = new RegExp(pattern.replaceAll('[[:space:]]', '\\s'));
  return files
    .flatMap((file) => (fileLines(d, file) ?? []).filter((l) => re.test(l)))
    .map((l) => `${l}\n`)
    .join('');
}

/** A file of the host: the running config's lines under its "# file:" heading. */
function fileLines(d: LabDevice, file: string): string[] | undefined {
  const at = d.running.indexOf(`# file: ${file}`);
  if (at === -1) return undefined;
  const end = d.running.findIndex((l, i) => i > at && l.startsWith('# file: '));
  return d.running.slice(at + 1, end === -1 ? undefined : end);
}
