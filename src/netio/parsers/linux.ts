import type { Facts, InterfaceIps, Interfaces, LldpNeighborDetail } from '../models.ts';
import { emptyInterface, emptyNeighbor, groupByInterface, mac, type SeenNeighbor } from './common.ts';

/** "uname -snrm; cat /proc/uptime": "Linux host 6.1.0-18-amd64 x86_64" then "12345.67 …". */
export function parseLinuxFacts(output: string): Facts {
  const [uname = '', uptime = ''] = output.split('\n');
  const [, hostname = '', release = '', machine = ''] = uname.trim().split(/\s+/);
  return {
    hostname: hostname.split('.')[0]!,
    fqdn: hostname.includes('.') ? hostname : '',
    vendor: 'Linux',
    model: machine,
    serial_number: '',
    os_version: release,
    uptime: Math.floor(Number(uptime.split(' ')[0])) || -1,
    interface_list: [],
  };
}

/** "ip -o link show": "2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 … state UP … link/ether aa:bb:…". */
export function parseLinuxLinks(output: string): Interfaces {
  const out: Interfaces = {};
  for (const line of output.split('\n')) {
    const m = /^\d+: ([^:@\s]+)(?:@\S+)?: <([^>]*)> mtu (\d+).*?state (\S+)/.exec(line);
    if (!m) continue;
    const iface = emptyInterface();
    const flags = m[2]!.split(',');
    iface.is_enabled = flags.includes('UP');
    iface.is_up = m[4] === 'UP' || (m[4] === 'UNKNOWN' && flags.includes('LOWER_UP'));
    iface.mtu = Number(m[3]);
    iface.mac_address = mac(/link\/ether (\S+)/.exec(line)?.[1] ?? '');
    out[m[1]!] = iface;
  }
  return out;
}

/** "ip -o addr show": "2: eth0    inet 10.0.0.2/24 brd … scope global eth0". */
export function parseLinuxAddresses(output: string): InterfaceIps {
  const out: InterfaceIps = {};
  for (const line of output.split('\n')) {
    const m = /^\d+: (\S+)\s+(inet6?) ([0-9a-fA-F.:]+)\/(\d+)/.exec(line);
    if (!m) continue;
    const family = m[2] === 'inet' ? 'ipv4' : 'ipv6';
    const entry = out[m[1]!] ?? {};
    entry[family] = { ...entry[family], [m[3]!]: { prefix_length: Number(m[4]) } };
    out[m[1]!] = entry;
  }
  return out;
}

/** "lldpctl -f keyvalue" (lldpd): "lldp.eth0.chassis.name=spine1" lines. */
export function parseLldpctl(output: string): Record<string, LldpNeighborDetail[]> {
  const byInterface = new Map<string, SeenNeighbor>();
  for (const line of output.split('\n')) {
    const m = /^lldp\.([^.]+)\.(.+?)=(.*)$/.exec(line);
    if (!m) continue;
    const n = byInterface.get(m[1]!) ?? emptyNeighbor(m[1]!);
    byInterface.set(m[1]!, n);
    const [key, value] = [m[2]!, m[3]!];
    if (key === 'chassis.name') n.remote_system_name = value;
    else if (key === 'chassis.descr') n.remote_system_description = value;
    else if (key === 'chassis.mac' || key === 'chassis.local') n.remote_chassis_id ||= value;
    else if (key === 'chassis.mgmt-ip') n.remote_management_address = value;
    else if (key === 'port.ifname' || key === 'port.local') n.remote_port ||= value;
    else if (key === 'port.descr') n.remote_port_description = value;
  }
  return groupByInterface([...byInterface.values()]);
}

type LinuxRoute = { prefix: string; via: string; dev: string; proto: string; metric: number; scope: string };
const ROUTE_TYPES =
  /^(?:unicast|local|broadcast|multicast|throw|unreachable|prohibit|blackhole|nat|anycast)$/;

/**
 * "ip route show": each route's prefix ("default" is 0.0.0.0/0; a host has no length), next hop,
 * device, protocol, metric and scope, a multipath route once per "nexthop" line. Routes of
 * another type (local, broadcast, unreachable …) carry no traffic out and are left out.
 */
export function parseLinuxRoutes(output: string): LinuxRoute[] {
  const out: LinuxRoute[] = [];
  let multipath: LinuxRoute | null = null;
  for (const line of output.split('\n')) {
    const words = line.trim().split(/\s+/);
    if (words[0] === '') continue;
    if (words[0] === 'nexthop' && multipath) {
      out.push({ ...multipath, via: after(words, 'via'), dev: after(words, 'dev') });
      continue;
    }
    multipath = null;
    if (ROUTE_TYPES.test(words[0]!)) {
      if (words[0] !== 'unicast') continue;
      words.shift();
    }
    const dest = words[0]!;
    const route: LinuxRoute = {
      prefix: dest === 'default' ? '0.0.0.0/0' : dest.includes('/') ? dest : `${dest}/32`,
      via: after(words, 'via'),
      dev: after(words, 'dev'),
      proto: after(words, 'proto'),
      metric: Number(after(words, 'metric') || 0),
      scope: after(words, 'scope'),
    };
    if (!route.via && !route.dev) multipath = route;
    else out.push(route);
  }
  return out;
}

const after = (words: string[], key: string) => {
  const at = words.indexOf(key);
  return at === -1 ? '' : (words[at + 1] ?? '');
};

const KIB: Record<string, number> = { KiB: 1, MiB: 1024, GiB: 1024 * 1024 };

/**
 * get_environment on Linux (NAPALM has no Linux driver) from "top -bn1": CPU as 100 minus the
 * idle share, memory's total and used in KiB as EOS's reading of top gives them (top prints KiB,
 * MiB or GiB by release); no fans, supplies or sensors a shell can read everywhere.
 */
export function parseLinuxEnvironment(top: string): import('../models.ts').Environment {
  const idle = /%Cpu\(s\):.*?([\d.]+)\s*id/.exec(top)?.[1];
  if (idle === undefined) throw new Error('no CPU line in "top -bn1"');
  const mem = /^(KiB|MiB|GiB) Mem\s*:(.*)$/m.exec(top);
  if (!mem) throw new Error('no memory line in "top -bn1"');
  const figure = (label: string) =>
    Math.round(Number(new RegExp(`([\\d.]+)\\s*${label}`).exec(mem[2]!)?.[1] ?? 0) * KIB[mem[1]!]!);
  return {
    fans: {},
    temperature: {},
    power: {},
    cpu: { '0': { '%usage': Math.round((100 - Number(idle)) * 10) / 10 } },
    memory: { available_ram: figure('total'), used_ram: figure('used') },
  };
}

/**
 * get_mac_address_table on Linux (NAPALM has no Linux driver) from "bridge fdb show": the
 * entries a bridge holds ("master BRIDGE"), learned or static ("permanent", "static"), with their
 * VLAN (0 without one); a port's own multicast filters ("self") are not a MAC table's. Linux keeps
 * no move count: -1, as NAPALM's ios gives what it cannot read.
 */
export function parseLinuxFdb(output: string): import('../models.ts').MacEntry[] {
  return output.split('\n').flatMap((line) => {
    const words = line.trim().split(/\s+/);
    if (!words.includes('master') || !/^(?:[0-9a-f]{2}:){5}[0-9a-f]{2}$/i.test(words[0] ?? '')) return [];
    return [
      {
        mac: mac(words[0]!),
        interface: after(words, 'dev'),
        vlan: Number(after(words, 'vlan') || 0),
        static: words.includes('permanent') || words.includes('static'),
        active: true,
        moves: -1,
        last_move: -1,
      },
    ];
  });
}

/**
 * get_vlans on Linux from "bridge vlan show": each VLAN and the ports that carry it (Linux gives
 * VLANs no names: ""). A port's first line names it, the lines under it add VLANs; ranges
 * ("10-12") count each VLAN.
 */
export function parseLinuxVlans(output: string): import('../models.ts').Vlans {
  const out: import('../models.ts').Vlans = {};
  let port = '';
  for (const line of output.split('\n')) {
    const m = /^(\S+)?\s+(\d+)(?:-(\d+))?(?:\s|$)/.exec(line);
    if (!m || m[1] === 'port') continue;
    if (m[1]) port = m[1];
    for (let v = Number(m[2]); v <= Number(m[3] ?? m[2]); v++) {
      out[String(v)] ??= { name: '', interfaces: [] };
      if (!out[String(v)]!.interfaces.includes(port)) out[String(v)]!.interfaces.push(port);
    }
  }
  return out;
}

type FrrPeer = {
  remoteAs?: number;
  localAs?: number;
  state?: string;
  peerState?: string;
  peerUptimeMsec?: number;
  pfxRcd?: number;
  pfxSnt?: number;
  desc?: string;
};
type FrrFamily = { routerId?: string; as?: number; peers?: Record<string, FrrPeer> };
const FRR_FAMILIES: [string, string][] = [
  ['ipv4Unicast', 'ipv4'],
  ['ipv6Unicast', 'ipv6'],
];

/**
 * get_bgp_neighbors on Linux routers and whitebox switches that run FRR (NAPALM has no Linux
 * driver; its model): "vtysh -c 'show bgp vrf all summary json'", each VRF ("default" is
 * "global"), each peer with its families. The summary names no remote router id: "".
 */
export function parseFrrBgp(output: string): import('../models.ts').BgpNeighbors {
  if (output.trim() === '') return {};
  const vrfs = JSON.parse(output) as Record<string, Record<string, FrrFamily>>;
  const out: import('../models.ts').BgpNeighbors = {};
  for (const [name, families] of Object.entries(vrfs)) {
    for (const [key, afi] of FRR_FAMILIES) {
      const family = families[key];
      if (!family?.peers) continue;
      const vrfName = name === 'default' ? 'global' : name;
      out[vrfName] ??= { router_id: family.routerId ?? '', peers: {} };
      const vrf = out[vrfName]!;
      for (const [address, p] of Object.entries(family.peers)) {
        const up = p.state === 'Established';
        vrf.peers[address] ??= {
          local_as: p.localAs ?? family.as ?? 0,
          remote_as: p.remoteAs ?? 0,
          remote_id: '',
          is_up: up,
          is_enabled: p.peerState !== 'Admin' && !/Admin/.test(p.state ?? ''),
          description: p.desc ?? '',
          uptime: up ? Math.floor((p.peerUptimeMsec ?? 0) / 1000) : -1,
          address_family: {},
        };
        const peer = vrf.peers[address]!;
        peer.address_family[afi] = {
          received_prefixes: up ? (p.pfxRcd ?? -1) : -1,
          accepted_prefixes: up ? (p.pfxRcd ?? -1) : -1,
          sent_prefixes: up ? (p.pfxSnt ?? -1) : -1,
        };
      }
    }
  }
  return out;
}

/**
 * The commands that print a Linux host's NTP and SNMP settings: the lines that matter from the
 * files chrony, ntpd, ntpsec, systemd-timesyncd and net-snmp read (-s: a file not there is no
 * error, only no lines).
 */
export const LINUX_NTP_SOURCE =
  "grep -hsE '^[[:space:]]*(server|pool|NTP=)' /etc/chrony/chrony.conf /etc/chrony.conf /etc/ntp.conf /etc/ntpsec/ntp.conf /etc/systemd/timesyncd.conf";
export const LINUX_SNMP_SOURCE =
  "grep -hsE '^[[:space:]]*(rocommunity6?|rwcommunity6?|com2sec6?|sysLocation|sysContact|syslocation|syscontact)[[:space:]]' /etc/snmp/snmpd.conf";
/** Accounts and the groups that make an account an administrator. */
export const LINUX_USERS_SOURCE = 'getent passwd; getent group sudo wheel';

/** get_ntp_servers on Linux: chrony's and ntpd's "server" and "pool" lines, timesyncd's "NTP=" list. */
export function linuxNtpServers(config: string): import('../models.ts').NtpServers {
  const out: import('../models.ts').NtpServers = {};
  for (const line of config.split('\n')) {
    const server = /^\s*(?:server|pool)\s+(\S+)/.exec(line)?.[1];
    const listed = /^\s*NTP=(.*)$/.exec(line)?.[1]?.trim().split(/\s+/).filter(Boolean) ?? [];
    for (const name of server ? [server] : listed) out[name] = {};
  }
  return out;
}

/**
 * get_snmp_information on Linux from net-snmp's snmpd.conf: each community with its source as
 * the ACL and its mode ("ro", "rw"; "" for com2sec, whose rights come from group lines), the
 * location and contact. Communities are redaction markers, as in every getter of webnet's.
 */
export function linuxSnmp(config: string): import('../models.ts').SnmpInformation {
  const out: import('../models.ts').SnmpInformation = {
    chassis_id: '',
    contact: '',
    location: '',
    community: {},
  };
  for (const line of config.split('\n')) {
    const simple = /^\s*(ro|rw)community6?\s+(\S+)(?:\s+(\S+))?/.exec(line);
    if (simple) out.community[simple[2]!] = { acl: simple[3] ?? '', mode: simple[1]! };
    const mapped = /^\s*com2sec6?\s+\S+\s+(\S+)\s+(\S+)/.exec(line);
    if (mapped) out.community[mapped[2]!] = { acl: mapped[1] === 'default' ? '' : mapped[1]!, mode: '' };
    const location = /^\s*sys[Ll]ocation\s+(.*?)\s*$/.exec(line)?.[1];
    if (location !== undefined) out.location = location;
    const contact = /^\s*sys[Cc]ontact\s+(.*?)\s*$/.exec(line)?.[1];
    if (contact !== undefined) out.contact = contact;
  }
  return out;
}

/**
 * get_users on Linux: the accounts people log in with (root, and uids from 1000 with a login
 * shell), level 15 for root and members of sudo or wheel, else 1. The password hash stays in
 * /etc/shadow, which webnet does not read (""), and keys in each home's authorized_keys ([]).
 */
export function linuxUsers(config: string): import('../models.ts').Users {
  const admins = new Set<string>();
  const accounts: { name: string; uid: number; shell: string }[] = [];
  for (const line of config.split('\n')) {
    const f = line.trim().split(':');
    if (f.length === 7) accounts.push({ name: f[0]!, uid: Number(f[2]), shell: f[6]! });
    else if (f.length === 4 && /^(?:sudo|wheel)$/.test(f[0]!))
      for (const member of f[3]!.split(',').filter(Boolean)) admins.add(member);
  }
  const out: import('../models.ts').Users = {};
  for (const a of accounts) {
    const person = a.uid === 0 || (a.uid >= 1000 && a.uid !== 65534);
    if (!person || /(?:nologin|false)$/.test(a.shell)) continue;
    out[a.name] = { level: a.uid === 0 || admins.has(a.name) ? 15 : 1, password: '', sshkeys: [] };
  }
  return out;
}
