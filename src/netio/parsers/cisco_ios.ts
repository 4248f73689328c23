import {
  type ArpEntry,
  type Environment,
  type Facts,
  type InterfaceIps,
  type Interfaces,
  type LldpNeighborDetail,
  uptimeSeconds,
  type Vlans,
} from '../models.ts';
import {
  blocks,
  capabilities,
  emptyInterface,
  emptyNeighbor,
  field,
  groupByInterface,
  mac,
  type SeenNeighbor,
  speedMbit,
} from './common.ts';
import { canonicalInterface } from './names.ts';

/**
 * "show version" as NAPALM's IOS driver reads it: os_version is the text after "Cisco IOS
 * Software, " (image, version and release: "C2900 Software (C2900-UNIVERSALK9-M), Version
 * 15.1(4)M8, RELEASE SOFTWARE (fc2)"), the model the word after "Cisco" on the line that gives
 * the memory, the serial the processor board ID (without the ", with hardware revision" some
 * releases append). `versionNumber` gives the bare number.
 */
export function parseIosVersion(output: string): Facts {
  const uptime = /^(\S+) uptime is (.+)$/m.exec(output);
  const software =
    /^Cisco IOS Software(?: \[[^\]]*\])?, (.+)$/m.exec(output)?.[1] ??
    /IOS \(tm\) (.+Software.*)$/m.exec(output)?.[1] ??
    // IOS-XE prints its own line when the classic one is missing.
    /^Cisco IOS[ -]XE Software, (.+)$/m.exec(output)?.[1] ??
    '';
  return {
    hostname: uptime?.[1] ?? '',
    fqdn: '',
    vendor: 'Cisco',
    model:
      field(output, /^Cisco (\S+?) .+bytes of/im) ||
      field(output, /^[Cc]isco (\S+) \(.*?\)(?: processor)?.* with \d+/m) ||
      field(output, /^Model [Nn]umber\s*:\s*(\S+)/m),
    serial_number:
      field(output, /Processor board ID ([^\s,]+)/) ||
      field(output, /^System [Ss]erial [Nn]umber\s*:\s*(\S+)/m),
    os_version: software.trim() || field(output, /Version ([^\s,]+)/),
    uptime: uptime ? uptimeSeconds(uptime[2]!) : -1,
    interface_list: [],
  };
}

/**
 * get_facts' first part on IOS: "show version", and NAPALM's fqdn from "show hosts" (the host
 * name and the default domain), where the device answers it.
 */
export const iosVersionGetter = {
  command: 'show version',
  parse: parseIosVersion,
  also: {
    command: 'show hosts',
    when: () => true,
    optional: true,
    parse: (version: string, hosts: string) => {
      const facts = parseIosVersion(version);
      const domain = /^Default domain is (\S+)/m.exec(hosts)?.[1];
      return domain && domain !== 'not' && facts.hostname
        ? { ...facts, fqdn: `${facts.hostname}.${domain}` }
        : facts;
    },
  },
};

// A name may hold a space before its number ("TenGigabitEthernet 0/1 is up" on Dell/Force10).
const INTERFACE_HEAD = /^(\S+(?: \d[\d/.:]*)?) is (?:up|down|administratively down|reset|deleted|disabled)\b/;

/** The interface's key: as printed, a space before its number taken out as NAPALM's canonical name does. */
const interfaceKey = (name: string) => name.replace(/^(\S+) (\d)/, '$1$2');

/**
 * "show interface(s)" as IOS, IOS-XE, NX-OS, IOS-XR and EOS print it: a block per interface,
 * "<name> is <state>, line protocol is <state>", then MTU, bandwidth and address lines.
 */
export function parseIosInterfaces(output: string): Interfaces {
  const out: Interfaces = {};
  for (const block of blocks(output, INTERFACE_HEAD)) {
    // NX-OS SVIs: "Vlan1 is down (Administratively down), line protocol is down, autostate enabled".
    const head = /^(\S+(?: \d[\d/.:]*)?) is ([^,\n]+)(?:, line protocol is (\w+))?/.exec(block)!;
    const name = interfaceKey(head[1]!);
    const iface = emptyInterface();
    const admin = field(block, /^admin state is (\S+?),?$/m);
    iface.is_enabled = admin ? admin === 'up' : !/administratively down|disabled/i.test(head[2]!);
    iface.is_up = (head[3] ?? head[2]!.split(' ')[0]) === 'up';
    iface.description = (
      field(block, /^\s*Description: (.*)$/m) || field(block, /^\s*Port description is (.*)$/m)
    ).replace(/^"(.*)"$/, '$1');
    iface.mtu = Number(field(block, /MTU (\d+) bytes/)) || -1;
    iface.speed = speedMbit(field(block, /BW (\d+ \w+)/));
    iface.mac_address = mac(field(block, /Hardware(?: is|:) [^\n]*?, address(?: is|:)\s+([0-9a-fA-F.:]+)/));
    out[name] = iface;
  }
  return out;
}

/** "show ip interface": addresses with prefix lengths, primary and secondary. */
export function parseIosIpInterface(output: string): InterfaceIps {
  const out: InterfaceIps = {};
  for (const block of blocks(output, INTERFACE_HEAD)) {
    const name = interfaceKey(INTERFACE_HEAD.exec(block)![1]!);
    const ipv4: Record<string, { prefix_length: number }> = {};
    // "Internet address is 192.0.2.1/24", then "Secondary address 192.0.2.3/24" (no "is").
    for (const m of block.matchAll(/(?:Internet address is|Secondary address) ([\d.]+)\/(\d+)/g))
      ipv4[m[1]!] = { prefix_length: Number(m[2]) };
    if (Object.keys(ipv4).length > 0) out[name] = { ipv4 };
  }
  return out;
}

/**
 * "show ipv6 interface": each interface's link-local address (prefix length 10, as NAPALM gives
 * it) and its global ones ("2001:DB8::1, subnet is 2001:DB8::/64"). Interfaces without IPv6 are
 * not listed by the device.
 */
export function parseIosIpv6Interface(output: string): InterfaceIps {
  const out: InterfaceIps = {};
  for (const block of blocks(output, INTERFACE_HEAD)) {
    const name = block.split(' ')[0]!;
    const ipv6: Record<string, { prefix_length: number }> = {};
    const local = /IPv6 is enabled, link-local address is ([0-9A-Fa-f:]+)/.exec(block);
    if (local) ipv6[local[1]!] = { prefix_length: 10 };
    for (const m of block.matchAll(/^\s+([0-9A-Fa-f:]+), subnet is [0-9A-Fa-f:]+\/(\d+)/gm))
      ipv6[m[1]!] = { prefix_length: Number(m[2]) };
    if (Object.keys(ipv6).length > 0) out[name] = { ipv6 };
  }
  return out;
}

/** IPv4 and IPv6 addresses of the same interfaces, as one get_interfaces_ip. */
export function mergeInterfaceIps(a: InterfaceIps, b: InterfaceIps): InterfaceIps {
  const out: InterfaceIps = { ...a };
  for (const [name, ips] of Object.entries(b)) out[name] = { ...out[name], ...ips };
  return out;
}

/** get_interfaces_ip on IOS: "show ip interface", and "show ipv6 interface" where the image has it. */
export const iosInterfacesIpGetter = {
  command: 'show ip interface',
  parse: parseIosIpInterface,
  also: {
    command: 'show ipv6 interface',
    when: () => true,
    optional: true,
    parse: (v4: string, v6: string) => mergeInterfaceIps(parseIosIpInterface(v4), parseIosIpv6Interface(v6)),
  },
};

/**
 * "show arp" as NAPALM's IOS driver reads it: one entry per line after the header, the age "-"
 * (the device's own address) as 0, a static entry without an interface as "", incomplete
 * entries left out, the MAC in NAPALM's form.
 */
export function parseIosArp(output: string): ArpEntry[] {
  const out: ArpEntry[] = [];
  for (const line of output.split('\n')) {
    const f = line.trim().split(/\s+/);
    if (f[0] !== 'Internet' || /Incomplete/i.test(line)) continue;
    if (f.length !== 5 && f.length !== 6) throw new Error(`unexpected ARP line: ${line.trim()}`);
    const [, ip, age, hw, , iface] = f;
    out.push({ interface: iface ?? '', mac: mac(hw!), ip: ip!, age: age === '-' ? 0 : Number(age) });
  }
  return out;
}

/**
 * "show vlan" / "show vlan brief": the first table, read by its header's columns (the port list
 * wraps onto lines of its own), ports by their canonical names as NAPALM gives them.
 */
export function parseIosVlans(output: string): Vlans {
  const out: Vlans = {};
  let cols: { status: number; ports: number } | undefined;
  let current: string[] | undefined;
  for (const line of output.split('\n')) {
    if (!cols) {
      if (/^VLAN\s+Name\s+Status\s+Ports/.test(line))
        cols = { status: line.indexOf('Status'), ports: line.indexOf('Ports') };
      continue;
    }
    if (/^-{4}/.test(line)) continue;
    // The first table ends at the blank line before the next one.
    if (line.trim() === '') {
      if (Object.keys(out).length) break;
      continue;
    }
    const ports = (text: string) =>
      text
        .split(',')
        .map((p) => p.trim())
        .filter(Boolean)
        .map(canonicalInterface);
    const row = /^(\d+)\s/.exec(line);
    if (row) {
      current = ports(line.slice(cols.ports));
      out[row[1]!] = { name: line.slice(row[1]!.length, cols.status).trim(), interfaces: current };
    } else if (current && /^\s/.test(line)) current.push(...ports(line));
  }
  return out;
}

export function lldpRecord(block: string): SeenNeighbor {
  const n = emptyNeighbor(field(block, /^(?:Local Intf|Local Interface|Local Port id): (\S+)/m));
  n.remote_chassis_id = field(block, /^Chassis id: (.+)$/m);
  n.remote_port = field(block, /^Port id: (.+)$/m);
  n.remote_port_description = field(block, /^Port Description(?::| -) (.+)$/m).replace(
    /^not advertised$/,
    '',
  );
  n.remote_system_name = field(block, /^System Name: (.+)$/m);
  // IOS prints the description on the next line, NX-OS on the same one.
  const description =
    field(block, /^System Description:[ \t]*(\S.*)$/m) || field(block, /^System Description:\s*\n(.+)$/m);
  n.remote_system_description = description.replace(/^- not advertised$/, '');
  n.remote_system_capab = capabilities(field(block, /^System Capabilities: (.+)$/m));
  n.remote_system_enable_capab = capabilities(field(block, /^Enabled Capabilities: (.+)$/m));
  const ip =
    field(block, /^Management Addresses:\s*\n\s+IP(?:v4|v6)?(?: address)?: (\S+)/im) ||
    field(block, /^Management Address: (\S+)/m);
  if (ip && ip !== 'not') n.remote_management_address = ip;
  return n;
}

/**
 * "show lldp neighbors detail": one record per "Local Intf:" block, keyed by local interface.
 * Older releases print no "Local Intf:" line: records are split at the dashed rules, and the
 * local ports come from the brief table (`locals`, in the same order), as NAPALM does.
 */
export function parseIosLldpNeighborsDetail(
  output: string,
  locals?: string[],
): Record<string, LldpNeighborDetail[]> {
  const records = blocks(output, /^-{10,}\s*$|^Local Intf:|^Local Interface:/)
    .filter((b) => /^Chassis id:/m.test(b))
    .map(lldpRecord);
  if (locals) {
    if (locals.length !== records.length)
      throw new Error(
        `the brief table lists ${locals.length} LLDP neighbours and the detail ${records.length}: they changed between the two commands`,
      );
    records.forEach((r, i) => {
      r.local_interface ||= locals[i]!;
    });
  }
  return groupByInterface(records);
}

/** Detail output whose records do not name their local port (older IOS). */
export const lldpDetailLacksLocal = (output: string) =>
  /^Chassis id:/m.test(output) && !/^(?:Local Intf|Local Interface|Local Port id):/m.test(output);

/**
 * "show lldp neighbors" (the brief table): the local port of each neighbour, in order. The table
 * has fixed columns: a device ID longer than its column runs into the port ("long_name_swt.josh-
 * vGi0/2") or takes a line of its own with the row below it, and names hold spaces ("Polycom VVX
 * 500"), so the port is read at its column, where the header puts it.
 */
export function lldpBriefLocalPorts(output: string): string[] {
  const ports: string[] = [];
  let columns: { from: number; to: number } | undefined;
  for (const line of output.split('\n')) {
    const header = /^Device ID\s+(Local Intf\s+)Hold-time/.exec(line);
    if (header) {
      const from = line.indexOf('Local Intf');
      columns = { from, to: from + header[1]!.length };
      continue;
    }
    if (!columns || line.trim() === '') continue;
    if (/^Total entries/.test(line)) break;
    // A row has its hold time under "Hold-time"; a long device ID alone on its line has not
    // (the rest of its row is on the next line).
    if (!/^\s*\d+\s/.test(line.slice(columns.to))) continue;
    const port = line.slice(columns.from, columns.to).trim().split(/\s+/)[0];
    if (port) ports.push(port);
  }
  return ports;
}

/** LLDP detail on IOS, completed from the brief table when the detail lacks the local ports. */
export const iosLldpDetailGetter = {
  command: 'show lldp neighbors detail',
  parse: (o: string) => parseIosLldpNeighborsDetail(o),
  also: {
    command: 'show lldp neighbors',
    when: lldpDetailLacksLocal,
    parse: (detail: string, brief: string) => parseIosLldpNeighborsDetail(detail, lldpBriefLocalPorts(brief)),
  },
};

/** "show cdp neighbors detail" (IOS, NX-OS and IOS-XR print the same fields) in the LLDP detail shape. */
export function parseCdpNeighborsDetail(output: string): Record<string, LldpNeighborDetail[]> {
  const list = blocks(output, /^-{5,}\s*$|^Device ID:/).map((block) => {
    const n = emptyNeighbor(field(block, /^Interface: ([^,\n]+)/m));
    n.remote_chassis_id = field(block, /^Device ID:\s*(\S+)/m);
    // NX-OS and IOS-XR name the system apart from the device ID ("dc-lf03" vs "dc-lf03(SAL1906…)").
    n.remote_system_name = field(block, /^(?:System Name|SysName)\s*:[ \t]*(\S+)/m) || n.remote_chassis_id;
    n.remote_port = field(block, /Port ID \(outgoing port\):\s*(.+)$/m);
    n.remote_system_description = field(block, /^Version ?:\s*\n(.+)$/m);
    n.remote_system_capab = field(block, /Capabilities: (.+)$/m)
      .split(/\s+/)
      .filter(Boolean)
      .map((c) => c.toLowerCase());
    n.remote_system_enable_capab = n.remote_system_capab;
    // The management address when the neighbour names one, else the first interface address.
    const ip =
      field(block, /(?:Mgmt|Management) address\(es\):\s*\n\s+(?:IP|IPv4) [Aa]ddress: (\S+)/) ||
      field(block, /(?:IP|IPv4) [Aa]ddress: (\S+)/);
    if (ip) n.remote_management_address = ip;
    return n;
  });
  return groupByInterface(list.filter((n) => n.local_interface !== ''));
}

/**
 * get_environment as NAPALM's ios driver reads it: CPU 0 at the one-minute utilisation of "show
 * proc cpu", memory as processor plus I/O pools of "show memory statistics" (total and used),
 * each "… Temperature Value" of "show env temperature status" alerting above its yellow and
 * critical above its red threshold ("invalid" at -1 where the command is not supported), and
 * NAPALM's placeholders for power and fans.
 */
export function parseIosEnvironment([cpuText = '', memText = '', tempText = '']: string[]): Environment {
  const oneMinute = /one minute: (\d+)%; five/.exec(cpuText);
  // The last processor pool and the last I/O pool ("lsmpi_io" counts, as NAPALM matches "io").
  const pools = { processor: [0, 0], io: [0, 0] };
  for (const line of memText.split('\n')) {
    const f = line.trim().split(/\s+/);
    if (f.length < 5 || !/^\d+$/.test(f[2]!)) continue;
    if (/Processor/.test(line)) pools.processor = [Number(f[2]), Number(f[3])];
    else if (/I\/O|io/.test(line)) pools.io = [Number(f[2]), Number(f[3])];
  }
  const total = pools.processor[0]! + pools.io[0]!;
  const used = pools.processor[1]! + pools.io[1]!;
  const temperature: Environment['temperature'] = {};
  if (/% Invalid|Not Supported/.test(tempText) || tempText.trim() === '')
    temperature.invalid = { is_alert: false, is_critical: false, temperature: -1 };
  else {
    let current: Environment['temperature'][string] | undefined;
    for (const line of tempText.split('\n')) {
      const value = /^(.*) Temperature Value\s*:\s*(-?[\d.]+)/.exec(line);
      const yellow = /Yellow Threshold\s*:\s*(-?[\d.]+)/.exec(line);
      const red = /Red Threshold\s*:\s*(-?[\d.]+)/.exec(line);
      if (value) {
        current = { is_alert: false, is_critical: false, temperature: Number(value[2]) };
        temperature[value[1]!.trim().toLowerCase()] = current;
      } else if (yellow && current && current.temperature > Number(yellow[1])) current.is_alert = true;
      else if (red && current && current.temperature > Number(red[1])) current.is_critical = true;
    }
  }
  return {
    cpu: { '0': { '%usage': oneMinute ? Number(oneMinute[1]) : 0 } },
    memory: { used_ram: used, available_ram: total },
    temperature,
    power: { invalid: { status: true, output: -1, capacity: -1 } },
    fans: { invalid: { status: true } },
  };
}
