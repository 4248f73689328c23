import type { Interface, LldpNeighbor, LldpNeighborDetail } from '../models.ts';
import { canonicalInterface, napalmMac } from './names.ts';

/** A neighbour as a parser reads it: with the local interface it was seen on. */
export type SeenNeighbor = LldpNeighborDetail & { local_interface: string };

/** Splits output into records, each starting at a line that matches `start`. Text before the first is dropped. */
export function blocks(output: string, start: RegExp): string[] {
  const out: string[] = [];
  let current: string[] | null = null;
  for (const line of output.split('\n')) {
    if (start.test(line)) {
      if (current) out.push(current.join('\n'));
      current = [line];
    } else current?.push(line);
  }
  if (current) out.push(current.join('\n'));
  return out;
}

/** The first capture of `re` in `text`, trimmed; '' when absent. */
export function field(text: string, re: RegExp): string {
  return re.exec(text)?.[1]?.trim() ?? '';
}

/** NAPALM's get_lldp_neighbors, derived from the detail so both always agree. */
export function lldpBrief(detail: Record<string, LldpNeighborDetail[]>): Record<string, LldpNeighbor[]> {
  return Object.fromEntries(
    Object.entries(detail).map(([local, list]) => [
      local,
      list.map((n) => ({ hostname: n.remote_system_name || n.remote_chassis_id, port: n.remote_port })),
    ]),
  );
}

/**
 * Neighbours keyed by the local interface's canonical name, as NAPALM keys them, with chassis ids
 * and ports that are MAC addresses in NAPALM's form (a port named by its MAC is common on servers).
 */
export function groupByInterface(list: SeenNeighbor[]): Record<string, LldpNeighborDetail[]> {
  const out: Record<string, LldpNeighborDetail[]> = {};
  for (const { local_interface, ...n } of list) {
    n.remote_chassis_id = napalmMac(n.remote_chassis_id);
    n.remote_port = napalmMac(n.remote_port);
    const key = canonicalInterface(local_interface);
    const existing = out[key];
    if (existing) existing.push(n);
    else out[key] = [n];
  }
  return out;
}

const CAPABILITIES: Record<string, string> = {
  B: 'bridge',
  R: 'router',
  T: 'telephone',
  C: 'docsis-cable-device',
  W: 'wlan-access-point',
  P: 'repeater',
  S: 'station',
  O: 'other',
};

/** LLDP capability codes ("B,R" or "Bridge, Router") as NAPALM's lower-case names. */
export function capabilities(text: string): string[] {
  return text
    .split(/[,\s]+/)
    .filter(Boolean)
    .map((c) => CAPABILITIES[c] ?? c.toLowerCase())
    .filter((c) => c !== 'not' && c !== 'advertised' && c !== '-');
}

/**
 * "1000000 Kbit/sec", "10 Gb/s", "1000Mb/s", "auto" → Mbit/s (-1 when unknown), as NAPALM
 * computes it: fractions kept (a 2,500 kbit/s serial link is 2.5, not 3).
 */
export function speedMbit(text: string): number {
  const m = /([\d.]+)\s*([KMGT])?(?:bit|b)/i.exec(text);
  if (!m) return -1;
  const factor = { K: 1 / 1000, M: 1, G: 1000, T: 1_000_000 }[(m[2] ?? 'M').toUpperCase() as 'K'] ?? 1;
  // Kbit/s to Mbit/s by division, so 2500 Kbit is 2.5 exactly, not 2.5000000000000004.
  return m[2]?.toUpperCase() === 'K' ? Number(m[1]) / 1000 : Number(m[1]) * factor;
}

/** MAC addresses in NAPALM's form: colon-separated upper case ("00:1C:73:0A:0B:0C"). */
export const mac = napalmMac;

export function emptyInterface(): Interface {
  return {
    is_up: false,
    is_enabled: false,
    description: '',
    last_flapped: -1,
    speed: -1,
    mtu: -1,
    mac_address: '',
  };
}

/**
 * A neighbour seen on `local`. Its parent_interface has NAPALM's meaning, the aggregate the
 * local port belongs to ("" when none or unknown), not the local port itself.
 */
export function emptyNeighbor(local: string): SeenNeighbor {
  return {
    local_interface: local,
    parent_interface: '',
    remote_port: '',
    remote_port_description: '',
    remote_chassis_id: '',
    remote_system_name: '',
    remote_system_description: '',
    remote_system_capab: [],
    remote_system_enable_capab: [],
  };
}

export type BriefRow = { interface: string; ip: string };

/**
 * "show ip interface brief" as IOS, NX-OS, IOS-XR and EOS print it: a table whose first two
 * columns are the interface and its address ("unassigned" when none). Header lines are skipped.
 */
export function parseIpInterfaceBrief(output: string): BriefRow[] {
  const rows: BriefRow[] = [];
  for (const line of output.split('\n')) {
    // A name may hold a space before its number ("TenGigabitEthernet 0/1" on Dell/Force10).
    const m =
      /^(\S+(?: \d[\d/.:]*)?)\s+(unassigned|forward-enabled|[\d.]+(?:\/\d+)?|[0-9a-fA-F:]+(?:\/\d+)?)\s+\S/.exec(
        line,
      );
    if (!m || m[1] === 'Interface' || !/\d|^(?:mgmt|lo)/i.test(m[1]!)) continue;
    rows.push({ interface: m[1]!, ip: m[2]! });
  }
  return rows;
}

/** The interface list of get_facts, from the brief table. */
export function factsFromBrief(output: string): import('../models.ts').Facts {
  return {
    hostname: '',
    fqdn: '',
    vendor: '',
    model: '',
    serial_number: '',
    os_version: '',
    uptime: -1,
    interface_list: parseIpInterfaceBrief(output).map((r) => r.interface),
  };
}

/** Names in natural order, as NAPALM sorts them ("Ethernet2" before "Ethernet10"). */
export function sortedNicely(names: string[]): string[] {
  const key = (s: string) => s.split(/(\d+)/).map((p) => (/^\d+$/.test(p) ? Number(p) : p));
  return [...names].sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    for (let i = 0; i < Math.max(ka.length, kb.length); i++) {
      const x = ka[i];
      const y = kb[i];
      if (x === y) continue;
      if (x === undefined) return -1;
      if (y === undefined) return 1;
      if (typeof x === 'number' && typeof y === 'number') return x - y;
      return String(x) < String(y) ? -1 : 1;
    }
    return 0;
  });
}

/** NAPALM's get_environment with nothing read yet: each table empty, no memory. */
export function emptyEnvironment(): import('../models.ts').Environment {
  return { fans: {}, temperature: {}, power: {}, cpu: {}, memory: { available_ram: 0, used_ram: 0 } };
}
