import type { Facts, Interfaces, LldpNeighborDetail } from '../models.ts';
import { uptimeSeconds, versionNumber } from '../models.ts';
import { parseEosLldpNeighborsDetail, parseEosVersion } from '../parsers/arista_eos.ts';
import {
  lldpBriefLocalPorts,
  parseCdpNeighborsDetail,
  parseIosArp,
  parseIosInterfaces,
  parseIosIpInterface,
  parseIosLldpNeighborsDetail,
  parseIosVersion,
  parseIosVlans,
} from '../parsers/cisco_ios.ts';
import { parseXrVersion } from '../parsers/cisco_iosxr.ts';
import { parseNxosLldpNeighborsDetail, parseNxosVersion } from '../parsers/cisco_nxos.ts';
import { parseIpInterfaceBrief } from '../parsers/common.ts';
import {
  parseJunosInterfaces,
  parseJunosLldpNeighbors,
  parseJunosVersion,
} from '../parsers/juniper_junos.ts';
import { canonicalInterface, napalmMac } from '../parsers/names.ts';

/**
 * How ntc-templates' records map onto webnet's NAPALM-shaped results, per platform and command:
 * `ours` projects our parse into their field names, `expected` picks and normalises theirs.
 */
export type NtcCase = {
  platform: string;
  command: string;
  ours: (raw: string) => Record<string, string>[];
  expected: (record: Record<string, unknown>) => Record<string, string>;
  /** A field that names one entry of a table: the last record per name counts, as on the device. */
  uniqueBy?: string;
  /** Their records that have a counterpart in our result (NAPALM leaves some out). */
  keep?: (record: Record<string, unknown>) => boolean;
};

const str = (v: unknown) => (Array.isArray(v) ? String(v[0] ?? '') : String(v ?? ''));

const versionCase = (
  platform: string,
  command: string,
  parse: (raw: string) => Facts,
  map: {
    hostname?: string;
    version: string;
    serial?: string;
    model?: string;
    upperModel?: boolean;
    uptime?: string;
  },
): NtcCase => ({
  platform,
  command,
  ours: (raw) => {
    const f = parse(raw);
    // IOS's os_version is NAPALM's whole software line; ntc-templates keep the release number.
    const out: Record<string, string> = { version: versionNumber(f.os_version) };
    if (map.hostname) out.hostname = f.hostname;
    if (map.serial) out.serial = f.serial_number;
    if (map.model) out.model = f.model;
    if (map.uptime) out.uptime = String(f.uptime);
    return [out];
  },
  expected: (r) => {
    // Their version may carry a label ("10.4(5) [Maintenance Release]", "7.9.2 LNT"): the number is what we report.
    // An engineering build's image is its internal build ("4.31.6M-39953990.4316M"): the release is compared.
    const out: Record<string, string> = { version: versionNumber(str(r[map.version]).split(/\s/)[0]!) };
    if (map.hostname) out.hostname = str(r[map.hostname]);
    if (map.serial) out.serial = str(r[map.serial]);
    if (map.model) out.model = map.upperModel ? str(r[map.model]).toUpperCase() : str(r[map.model]);
    if (map.uptime) out.uptime = String(uptimeSeconds(str(r[map.uptime])));
    return out;
  },
});

const interfacesCase = (
  platform: string,
  command: string,
  parse: (raw: string) => Interfaces,
  map: { name: string; mtu?: string; description?: string; mac?: string },
): NtcCase => ({
  platform,
  command,
  uniqueBy: 'name',
  ours: (raw) =>
    Object.entries(parse(raw)).map(([name, i]) => {
      const out: Record<string, string> = { name };
      if (map.mtu) out.mtu = String(i.mtu);
      if (map.description) out.description = i.description;
      if (map.mac) out.mac = i.mac_address.replace(/[^0-9a-fA-F]/g, '').toLowerCase();
      return out;
    }),
  expected: (r) => {
    const out: Record<string, string> = { name: str(r[map.name]) };
    // NAPALM reports Junos' "Unlimited" MTU (tunnel interfaces) as 65535.
    if (map.mtu) out.mtu = str(r[map.mtu]).replace(/^Unlimited$/, '65535') || '-1';
    if (map.description) out.description = str(r[map.description]);
    if (map.mac)
      out.mac = str(r[map.mac])
        .replace(/[^0-9a-fA-F]/g, '')
        .toLowerCase();
    return out;
  },
});

type NeighborMap = Partial<Record<keyof LldpNeighborDetail, string>> & { local_interface: string };

/**
 * Their records as NAPALM reports them: the local interface by its canonical name (the key of
 * our result), chassis ids and ports that are MAC addresses in NAPALM's form, "-" for no parent.
 */
const napalmValue = (key: string, value: string) =>
  key === 'local_interface'
    ? canonicalInterface(value)
    : key === 'remote_chassis_id' || key === 'remote_port'
      ? napalmMac(value)
      : key === 'parent_interface' && value === '-'
        ? ''
        : value;

const neighborsCase = (
  platform: string,
  command: string,
  parse: (raw: string) => Record<string, LldpNeighborDetail[]>,
  map: NeighborMap,
): NtcCase => {
  const keys = Object.keys(map) as (keyof NeighborMap)[];
  return {
    platform,
    command,
    ours: (raw) =>
      Object.entries(parse(raw)).flatMap(([local, list]) =>
        list.map((n) =>
          Object.fromEntries(keys.map((k) => [k, k === 'local_interface' ? local : String(n[k] ?? '')])),
        ),
      ),
    expected: (r) => Object.fromEntries(keys.map((k) => [k, napalmValue(k, str(r[map[k]!]).trim())])),
  };
};

const briefCase = (platform: string): NtcCase => ({
  platform,
  command: 'show_ip_interface_brief',
  ours: (raw) => parseIpInterfaceBrief(raw).map((r) => ({ interface: r.interface, ip: r.ip })),
  expected: (r) => ({ interface: str(r.interface), ip: str(r.ip_address) }),
});

const CISCO_INTERFACE_FIELDS = {
  name: 'interface',
  mtu: 'mtu',
  description: 'description',
  mac: 'mac_address',
};

export const NTC_CASES: NtcCase[] = [
  // Dell/Force10 names hold a space ("TenGigabitEthernet 0/1"): read whole, as the device prints them.
  ...['cisco_ios', 'cisco_nxos', 'cisco_xr', 'arista_eos', 'dell_force10'].map(briefCase),
  versionCase('cisco_ios', 'show_version', parseIosVersion, {
    hostname: 'hostname',
    version: 'version',
    serial: 'serial',
    model: 'hardware',
    uptime: 'uptime',
  }),
  interfacesCase('cisco_ios', 'show_interfaces', parseIosInterfaces, CISCO_INTERFACE_FIELDS),
  neighborsCase('cisco_ios', 'show_lldp_neighbors_detail', parseIosLldpNeighborsDetail, {
    local_interface: 'local_interface',
    remote_chassis_id: 'chassis_id',
    remote_port: 'neighbor_port_id',
    remote_port_description: 'neighbor_interface',
    remote_system_name: 'neighbor_name',
    remote_management_address: 'mgmt_address',
  }),
  ...(
    [
      ['show_ip_arp', { ip: 'ip_address', mac: 'mac_address', age: 'age' }],
      ['show_arp', { ip: 'address', mac: 'hardware_address', age: 'age_min' }],
    ] as const
  ).map(
    ([command, f]): NtcCase => ({
      // get_arp_table: NAPALM's MAC form, "-" (the device's own address) as age 0, no incomplete entries.
      platform: 'cisco_ios',
      command,
      keep: (r) => str(r[f.mac]) !== 'Incomplete',
      ours: (raw) =>
        parseIosArp(raw).map((e) => ({ ip: e.ip, mac: e.mac, interface: e.interface, age: String(e.age) })),
      expected: (r) => ({
        ip: str(r[f.ip]),
        mac: napalmMac(str(r[f.mac])),
        interface: str(r.interface),
        age: str(r[f.age]) === '-' ? '0' : String(Number(str(r[f.age]))),
      }),
    }),
  ),
  // get_vlans: each VLAN's name and its ports by their canonical names (the list wraps lines);
  // NX-OS and EOS print the same table.
  ...(['cisco_ios', 'cisco_nxos', 'arista_eos'] as const).map(
    (platform): NtcCase => ({
      platform,
      command: 'show_vlan',
      ours: (raw) =>
        Object.entries(parseIosVlans(raw)).map(([id, v]) => ({
          id,
          name: v.name,
          ports: v.interfaces.join(' '),
        })),
      expected: (r) => ({
        id: str(r.vlan_id),
        name: str(r.vlan_name),
        ports: (r.interfaces as string[]).map(canonicalInterface).join(' '),
      }),
    }),
  ),
  {
    // get_interfaces_ip: primary and secondary addresses; interfaces without one are left out.
    platform: 'cisco_ios',
    command: 'show_ip_interface',
    uniqueBy: 'interface',
    keep: (r) => Array.isArray(r.ip_address) && r.ip_address.length > 0,
    ours: (raw) =>
      Object.entries(parseIosIpInterface(raw)).map(([name, a]) => ({
        interface: name,
        ipv4: Object.entries(a.ipv4 ?? {})
          .map(([ip, p]) => `${ip}/${p.prefix_length}`)
          .sort()
          .join(' '),
      })),
    expected: (r) => ({
      interface: str(r.interface),
      ipv4: (r.ip_address as string[])
        .map((ip, i) => `${ip}/${(r.prefix_length as string[])[i]}`)
        .sort()
        .join(' '),
    }),
  },
  {
    // The brief table, read only for the local ports older releases leave out of the detail.
    platform: 'cisco_ios',
    command: 'show_lldp_neighbors',
    ours: (raw) => lldpBriefLocalPorts(raw).map((p) => ({ local_interface: p })),
    expected: (r) => ({ local_interface: str(r.local_interface) }),
  },
  neighborsCase('cisco_ios', 'show_cdp_neighbors_detail', parseCdpNeighborsDetail, {
    local_interface: 'local_interface',
    remote_system_name: 'neighbor_name',
    remote_port: 'neighbor_interface',
    remote_management_address: 'mgmt_address',
  }),

  // NX-OS's model is NAPALM's ("Nexus9000 C9396PX Chassis"), not the template's platform field:
  // napalm-values.unit.test.ts checks it.
  versionCase('cisco_nxos', 'show_version', parseNxosVersion, {
    hostname: 'hostname',
    version: 'os',
    serial: 'serial',
    uptime: 'uptime',
  }),
  interfacesCase('cisco_nxos', 'show_interface', parseIosInterfaces, CISCO_INTERFACE_FIELDS),
  neighborsCase('cisco_nxos', 'show_lldp_neighbors_detail', parseNxosLldpNeighborsDetail, {
    local_interface: 'local_interface',
    remote_chassis_id: 'chassis_id',
    remote_port: 'neighbor_interface',
    remote_system_name: 'neighbor_name',
    remote_system_description: 'neighbor_description',
    remote_management_address: 'mgmt_address',
  }),
  neighborsCase('cisco_nxos', 'show_cdp_neighbors_detail', parseCdpNeighborsDetail, {
    local_interface: 'local_interface',
    remote_chassis_id: 'chassis_id',
    remote_port: 'neighbor_interface',
    remote_management_address: 'mgmt_address',
  }),
  versionCase('cisco_xr', 'show_version', parseXrVersion, {
    version: 'version',
    model: 'hardware',
    uptime: 'uptime',
  }),
  interfacesCase('cisco_xr', 'show_interfaces', parseIosInterfaces, CISCO_INTERFACE_FIELDS),
  neighborsCase('cisco_xr', 'show_lldp_neighbors_detail', parseIosLldpNeighborsDetail, {
    local_interface: 'local_interface',
    remote_chassis_id: 'chassis_id',
    remote_port: 'neighbor_port_id',
    remote_port_description: 'neighbor_port_description',
    remote_system_name: 'neighbor',
    remote_management_address: 'management_ip',
  }),
  neighborsCase('cisco_xr', 'show_cdp_neighbors_detail', parseCdpNeighborsDetail, {
    local_interface: 'local_interface',
    remote_chassis_id: 'chassis_id',
    remote_port: 'neighbor_interface',
    remote_management_address: 'mgmt_address',
  }),
  versionCase('arista_eos', 'show_version', parseEosVersion, {
    version: 'image',
    serial: 'serial_number',
    model: 'model',
    uptime: 'uptime',
  }),
  interfacesCase('arista_eos', 'show_interfaces', parseIosInterfaces, CISCO_INTERFACE_FIELDS),
  neighborsCase('arista_eos', 'show_lldp_neighbors_detail', parseEosLldpNeighborsDetail, {
    local_interface: 'local_interface',
    remote_chassis_id: 'chassis_id',
    remote_port: 'neighbor_interface',
    remote_system_name: 'neighbor_name',
    remote_system_description: 'neighbor_description',
    remote_management_address: 'mgmt_address',
  }),
  versionCase('juniper_junos', 'show_version', parseJunosVersion, {
    hostname: 'hostname',
    version: 'junos_version',
    model: 'model',
    // PyEZ (and so NAPALM's junos) upper-cases the product model.
    upperModel: true,
  }),
  interfacesCase('juniper_junos', 'show_interfaces', parseJunosInterfaces, {
    name: 'interface',
    mtu: 'mtu',
    description: 'description',
  }),
  neighborsCase('juniper_junos', 'show_lldp_neighbors', parseJunosLldpNeighbors, {
    local_interface: 'local_interface',
    parent_interface: 'parent_interface',
    remote_chassis_id: 'chassis_id',
    remote_port: 'neighbor_interface',
    remote_system_name: 'neighbor_name',
  }),
];
