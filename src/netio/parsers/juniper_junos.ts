import {
  type Facts,
  type InterfaceIps,
  type Interfaces,
  type LldpNeighborDetail,
  uptimeSeconds,
} from '../models.ts';
import {
  blocks,
  emptyInterface,
  emptyNeighbor,
  field,
  groupByInterface,
  mac,
  type SeenNeighbor,
  speedMbit,
} from './common.ts';

export function parseJunosVersion(output: string): Facts {
  return {
    hostname: field(output, /^Hostname: (\S+)/m),
    fqdn: '',
    vendor: 'Juniper',
    // PyEZ, which NAPALM's junos reads its facts from, upper-cases the product model.
    model: field(output, /^Model: (\S+)/m).toUpperCase(),
    serial_number: '',
    os_version:
      field(output, /^Junos: (\S+)/m) ||
      field(output, /^JUNOS (?:Base OS|EX|Software Release)\s*(?:Software Suite\s*)?\[([^\]]+)\]/m),
    uptime: -1,
    interface_list: [],
  };
}

/** "show chassis hardware": the chassis serial number (the model is the version's, as PyEZ gives it). */
export function parseJunosChassis(output: string): Facts {
  return { ...parseJunosVersion(''), serial_number: field(output, /^Chassis\s+(\S+)/m) };
}

/** PyEZ's fqdn: the host name, and the configured domain name after it when there is one. */
export function junosFqdn(version: string, domainConfig: string): Facts {
  const facts = parseJunosVersion(version);
  const domain = field(domainConfig, /^\s*domain-name (\S+?);/m);
  return { ...facts, fqdn: domain && facts.hostname ? `${facts.hostname}.${domain}` : facts.hostname };
}

/**
 * NAPALM's interface_list on Junos: every physical interface in the device's order (".local.",
 * "lo0" and the internal ones too), without logical units ("ge-0/0/0.0").
 */
export function junosInterfaceList(terse: string): Facts {
  const names = terse
    .split('\n')
    .map((l) => /^(\S+)\s+(?:up|down)\s/.exec(l)?.[1])
    .filter((n): n is string => n !== undefined && !/\.\d+$/.test(n));
  return { ...parseJunosVersion(''), interface_list: [...new Set(names)] };
}

/** "show system uptime": "System booted: … (3w2d 04:05 ago)". */
export function parseJunosUptime(output: string): Facts {
  const m = /System booted: .*\((?:(\d+)w)?(?:(\d+)d)?\s*(\d+):(\d+)(?::(\d+))? ago\)/.exec(output);
  const uptime = m
    ? Number(m[1] ?? 0) * 604800 +
      Number(m[2] ?? 0) * 86400 +
      Number(m[3]) * 3600 +
      Number(m[4]) * 60 +
      Number(m[5] ?? 0)
    : uptimeSeconds(output);
  return { ...parseJunosVersion(''), uptime };
}

/** "show interfaces": physical interfaces and, as their own entries, logical units. */
export function parseJunosInterfaces(output: string): Interfaces {
  const out: Interfaces = {};
  for (const block of blocks(output, /^\s*(?:Physical interface:|Logical interface )/)) {
    const physical =
      /^\s*Physical interface: ([^,\s]+), (Enabled|Administratively down|Disabled)[^,]*, Physical link is (\w+)/.exec(
        block,
      );
    const logical = /^\s*Logical interface (\S+)/.exec(block);
    const iface = emptyInterface();
    const name = physical?.[1] ?? logical![1]!;
    iface.is_enabled = physical ? physical[2] === 'Enabled' : !/Flags: Down/.test(block);
    iface.is_up = physical ? physical[3] === 'Up' : iface.is_enabled;
    iface.description = field(block, /^\s*Description: (.*)$/m);
    const mtu = field(block, physical ? /Link-level type: [^,]+, MTU: (\w+)/ : /Protocol \S+, MTU: (\w+)/);
    iface.mtu = mtu === 'Unlimited' ? 65535 : Number(mtu) || -1;
    iface.speed = speedMbit(field(block, /Speed: ([^,\n]+)/));
    iface.mac_address = mac(field(block, /Current address: ([0-9a-fA-F:]+)/));
    out[name] = iface;
  }
  return out;
}

/** "show interfaces terse": "ge-0/0/0.0  up up inet 10.0.0.1/30". */
export function parseJunosInterfacesIp(output: string): InterfaceIps {
  const out: InterfaceIps = {};
  let current = '';
  for (const line of output.split('\n')) {
    const m = /^(\S+)?\s+(?:(?:up|down)\s+(?:up|down)\s+)?(inet6?)\s+([0-9a-fA-F.:]+)\/(\d+)/.exec(line);
    const head = /^(\S+)\s/.exec(line);
    if (head) current = head[1]!;
    if (!m) continue;
    const name = m[1] ?? current;
    const family = m[2] === 'inet' ? 'ipv4' : 'ipv6';
    const entry = out[name] ?? {};
    entry[family] = { ...entry[family], [m[3]!]: { prefix_length: Number(m[4]) } };
    out[name] = entry;
  }
  return out;
}

/** "show lldp neighbors": one line per neighbour (Junos has a detail per interface only). */
export function parseJunosLldpNeighbors(output: string): Record<string, LldpNeighborDetail[]> {
  const list: SeenNeighbor[] = [];
  for (const line of output.split('\n')) {
    const m = /^(\S+)\s+(\S+)\s+((?:[0-9a-fA-F]{2}[:-]){5}[0-9a-fA-F]{2}|\S+)\s+(\S+)\s+(.*)$/.exec(line);
    if (!m || m[1] === 'Local') continue;
    const n = emptyNeighbor(m[1]!);
    // The "Parent Interface" column: the aggregate (ae7) the port belongs to, "-" for none.
    n.parent_interface = m[2] === '-' ? '' : m[2]!;
    n.remote_chassis_id = m[3]!;
    n.remote_port = m[4]!;
    n.remote_system_name = m[5]!.trim();
    list.push(n);
  }
  return groupByInterface(list);
}
