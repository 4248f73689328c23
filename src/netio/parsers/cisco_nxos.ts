import {
  type ArpEntry,
  type Environment,
  type Facts,
  type InterfaceIps,
  type LldpNeighborDetail,
  uptimeSeconds,
} from '../models.ts';
import { lldpRecord } from './cisco_ios.ts';
import { blocks, field, groupByInterface } from './common.ts';
import { canonicalInterface, napalmMac } from './names.ts';
import { shippedRecords } from './templates.ts';

/**
 * NAPALM's NX-OS model: the chassis line's words after "cisco", up to and with "Chassis"
 * ("Nexus9000 C9396PX Chassis", "Nexus 5596 Chassis"), the last such line winning.
 */
function nxosModel(output: string): string {
  let model = '';
  for (const line of output.split('\n')) {
    if (!line.includes('cisco') || !line.includes('hassis')) continue;
    const beforeParen = /.cisco (.*) \(/.exec(line);
    if (beforeParen) model = beforeParen[1]!.trim();
    const chassis = /.cisco (.* [cC]hassis)/.exec(line);
    if (chassis) model = chassis[1]!.trim();
  }
  return model;
}

export function parseNxosVersion(output: string): Facts {
  return {
    hostname: field(output, /^\s*Device name: (\S+)/m),
    fqdn: '',
    vendor: 'Cisco',
    model: nxosModel(output),
    serial_number: field(output, /Processor [Bb]oard ID (\S+)/),
    os_version: field(output, /^\s*(?:NXOS|system):\s+version (\S+)/m),
    uptime: uptimeSeconds(field(output, /^Kernel uptime is (.+)$/m)),
    interface_list: [],
  };
}

/** "show lldp neighbors detail" on NX-OS: records start at "Chassis id:", the local port comes later. */
export function parseNxosLldpNeighborsDetail(output: string): Record<string, LldpNeighborDetail[]> {
  return groupByInterface(blocks(output, /^Chassis id:/).map(lldpRecord));
}

/** "show ip interface vrf all": "IP address: 10.0.0.1, IP subnet: 10.0.0.0/24" under each interface. */
export function parseNxosIpInterface(output: string): InterfaceIps {
  const out: InterfaceIps = {};
  for (const block of blocks(output, /^\S+, Interface status:/)) {
    const name = block.split(',')[0]!;
    const ipv4: Record<string, { prefix_length: number }> = {};
    for (const m of block.matchAll(/IP address: ([\d.]+), IP subnet: [\d.]+\/(\d+)/g))
      ipv4[m[1]!] = { prefix_length: Number(m[2]) };
    if (Object.keys(ipv4).length > 0) out[name] = { ipv4 };
  }
  return out;
}

/** "00:01:47" → 107; "-" → -1; "0.411797" (NX-OS's sub-second ages) → 0.4. */
function nxosArpAge(age: string): number {
  if (age === '-') return -1;
  if (!age.includes(':')) {
    const n = Number.parseFloat(age);
    return Number.isNaN(n) ? -1 : Math.round(n * 10) / 10;
  }
  return age.split(':').reduce((s, part) => s * 60 + Number(part), 0);
}

/**
 * NAPALM's nxos_ssh get_arp_table from `show ip arp vrf all | exclude INCOMPLETE`, read with the
 * shipped ntc-template: the interface as the device prints it (NAPALM does not expand it),
 * the MAC in NAPALM's form, the age in seconds (-1 for a static entry's "-").
 */
export function parseNxosArp(output: string): ArpEntry[] {
  return shippedRecords('cisco_nxos', 'show ip arp', output).map((r) => ({
    interface: String(r.interface ?? ''),
    mac: napalmMac(String(r.mac_address)),
    ip: String(r.ip_address),
    age: nxosArpAge(String(r.age)),
  }));
}

const EMPTY_FACTS: Facts = {
  hostname: '',
  fqdn: '',
  vendor: '',
  model: '',
  serial_number: '',
  os_version: '',
  uptime: -1,
  interface_list: [],
};

/** NAPALM's serial on NX-OS: the "Chassis" entry of "show inventory". */
export function parseNxosInventorySerial(output: string): Facts {
  const m = /^NAME:\s+"Chassis".*\n^PID:.*SN:\s+(\w*)/m.exec(output);
  return { ...EMPTY_FACTS, serial_number: m?.[1] ?? '' };
}

/**
 * NAPALM's hostname and fqdn on NX-OS: "show hostname", and "show hosts"' default domain. A
 * hostname with two dots or more is the fqdn, the domain taken off for the hostname.
 */
export function parseNxosHostname(hostnameOutput: string, hostsOutput: string): Facts {
  let hostname = hostnameOutput.trim();
  const domain = /Default domain.*is (\S+)/.exec(hostsOutput)?.[1]?.trim() ?? '';
  let fqdn = '';
  if ((hostname.match(/\./g) ?? []).length >= 2) {
    fqdn = hostname;
    if (domain && hostname.endsWith(domain)) hostname = hostname.slice(0, -domain.length).replace(/\.+$/, '');
  } else if (domain) fqdn = `${hostname}.${domain}`;
  return { ...EMPTY_FACTS, hostname, fqdn };
}

/** NAPALM's interface_list on NX-OS: every port of "show interface status", by canonical name. */
export function parseNxosInterfaceStatus(output: string): Facts {
  const names = output
    .split('\n')
    .filter((l) => l.trim() && !/^-{5,}|^Port |^\s/.test(l))
    .map((l) => canonicalInterface(l.split(/\s+/)[0]!));
  return { ...EMPTY_FACTS, interface_list: names };
}

/**
 * NAPALM's nxos_ssh get_environment from "show system resources" and "show environment
 * temperature": each CPU's usage (100 less its idle share; CPU 0 is -1 until a line says), the
 * memory (available_ram is the total, as NAPALM reports it), each sensor as "<sensor>-<module>"
 * alerting at its minor and critical at its major threshold. Power and fans are NAPALM's
 * placeholders: NX-OS's driver reads neither.
 */
export function parseNxosEnvironment(resources: string, temperature: string): Environment {
  const cpu: Environment['cpu'] = { '0': { '%usage': -1 } };
  for (const m of resources.matchAll(/^\s+CPU(\d+) states {2}:.*kernel,\s+([0-9]+\.[0-9]+)% idle/gm))
    cpu[m[1]!] = { '%usage': Math.round((100 - Number(m[2])) * 100) / 100 };
  const mem = /Memory usage:\s+(\d+)K total,\s+(\d+)K used/.exec(resources);
  if (!mem) throw new Error('no "Memory usage:" line in show system resources');
  const temps: Environment['temperature'] = {};
  for (const line of temperature.split('\n')) {
    // A sensor's name may hold spaces ("Front-Left  (D2)").
    const m = /^(\d+)\s+(.+?)\s+(\d+(?:\.\d+)?)\s+(\d+(?:\.\d+)?)\s+(\d+(?:\.\d+)?)\s+\S+\s*$/.exec(line);
    if (!m) continue;
    const [critical, alert, now] = [Number(m[3]), Number(m[4]), Number(m[5])];
    temps[`${m[2]}-${m[1]}`] = { is_alert: now >= alert, is_critical: now >= critical, temperature: now };
  }
  return {
    cpu,
    memory: { used_ram: Number(mem[2]), available_ram: Number(mem[1]) },
    temperature: temps,
    power: { invalid: { status: true, output: -1, capacity: -1 } },
    fans: { invalid: { status: true } },
  };
}
