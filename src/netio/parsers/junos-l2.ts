import type { MacEntry, Vlans } from '../models.ts';
import { mac } from './common.ts';

/**
 * Junos (ELS switches) layer 2: "show vlans" and "show ethernet-switching table", with the values
 * NAPALM's junos driver reads over RPC: VLANs by tag, member ports by their physical names (the
 * unit and the "*" that marks an active member dropped); MAC entries on their logical interface,
 * in the VLAN whose name "show vlans" ties to a tag.
 */
export function parseJunosVlans(output: string): Vlans {
  const out: Vlans = {};
  let current: string[] | null = null;
  for (const line of output.split('\n')) {
    const row = /^(\S+)\s+(\S+)\s+(\d+|NA)(?:\s+(\S+))?\s*$/.exec(line);
    if (row && !/^Routing$/.test(row[1]!)) {
      if (row[3] === 'NA') {
        current = null;
        continue;
      }
      out[row[3]!] = { name: row[2]!, interfaces: [] };
      current = out[row[3]!]!.interfaces;
      if (row[4]) current.push(port(row[4]));
      continue;
    }
    const member = /^\s+(\S+)\s*$/.exec(line);
    if (member && current) current.push(port(member[1]!));
  }
  return out;
}

const port = (member: string) => member.replace(/\*$/, '').replace(/\.\d+$/, '');

export function parseJunosMacTable(output: string, vlans: string): MacEntry[] {
  const tags = new Map(Object.entries(parseJunosVlans(vlans)).map(([tag, v]) => [v.name, Number(tag)]));
  const out: MacEntry[] = [];
  for (const line of output.split('\n')) {
    const m = /^\s*(\S+)\s+([0-9a-fA-F]{2}(?::[0-9a-fA-F]{2}){5})\s+(\S+)\s+(\S+)\s+(\S+)/.exec(line);
    if (!m) continue;
    const byName = tags.get(m[1]!);
    const byNumber = /^(?:vlan[-_]?)?(\d+)$/i.exec(m[1]!)?.[1];
    out.push({
      mac: mac(m[2]!),
      interface: m[5]!,
      vlan: byName ?? (byNumber ? Number(byNumber) : 0),
      static: m[3]!.includes('S'),
      active: true,
      moves: -1,
      last_move: -1,
    });
  }
  return out;
}
