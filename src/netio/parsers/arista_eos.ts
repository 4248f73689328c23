import { type ArpEntry, type Facts, type LldpNeighborDetail, uptimeSeconds } from '../models.ts';
import { blocks, capabilities, emptyNeighbor, field, groupByInterface, type SeenNeighbor } from './common.ts';
import { napalmMac } from './names.ts';
import { shippedRecords } from './templates.ts';

export function parseEosVersion(output: string): Facts {
  return {
    hostname: '',
    fqdn: '',
    vendor: 'Arista',
    model: field(output, /^Arista (\S+)/m),
    serial_number: field(output, /^Serial number:[ \t]*(\S*)$/m),
    // NAPALM reports the internal build ("4.27.6M-28481162.4276M"); versionNumber gives the release.
    os_version:
      field(output, /^Internal build version:\s*(\S+)/m) ||
      field(output, /^Software image version:\s*(\S+)/m),
    uptime: uptimeSeconds(field(output, /^Uptime:\s*(.+)$/m)),
    interface_list: [],
  };
}

const unquote = (s: string) => s.replace(/^"(.*)"$/, '$1');

/** "show lldp neighbors detail" on EOS: "Interface X detected N LLDP neighbors:", then one block per neighbour. */
export function parseEosLldpNeighborsDetail(output: string): Record<string, LldpNeighborDetail[]> {
  const list: SeenNeighbor[] = [];
  for (const iface of blocks(output, /^Interface \S+ detected \d+ LLDP neighbors?:/)) {
    const local = field(iface, /^Interface (\S+) detected/);
    for (const block of blocks(iface, /^\s+Neighbor \S+/)) {
      const n = emptyNeighbor(local);
      n.remote_chassis_id = field(block, /Chassis ID\s*: (\S+)/);
      n.remote_port = unquote(field(block, /^\s+Port ID\s*: (.+)$/m));
      n.remote_port_description = unquote(field(block, /Port Description: (.+)$/m));
      n.remote_system_name = unquote(field(block, /System Name: (.+)$/m));
      n.remote_system_description = unquote(field(block, /System Description: (.+)$/m));
      n.remote_system_capab = capabilities(field(block, /System Capabilities\s*: (.+)$/m));
      n.remote_system_enable_capab = capabilities(field(block, /Enabled Capabilities: (.+)$/m));
      // Several addresses (IPv4, IPv6, MAC) may follow; the last one is reported, as ntc-templates does.
      const mgmt = [...block.matchAll(/^\s+Management Address\s*: (\S+)/gm)].pop()?.[1] ?? '';
      if (mgmt) n.remote_management_address = mgmt;
      list.push(n);
    }
  }
  return groupByInterface(list);
}

/** "0:01:47" → 107; "N/A" → -1; a plain number in the header's unit (older EOS prints minutes). */
function eosArpAge(age: string, minutes: boolean): number {
  if (age.includes(':')) return age.split(':').reduce((s, part) => s * 60 + Number(part), 0);
  const n = Number(age);
  if (Number.isNaN(n)) return -1;
  return minutes ? n * 60 : n;
}

/**
 * NAPALM's get_arp_table on EOS from "show ip arp", read with the shipped ntc-template: the
 * interface as EOS names it ("Vlan101, Port-Channel2" for an entry learnt on a VLAN's port, as
 * eAPI gives it), the MAC in NAPALM's form, the age in seconds (-1 where EOS prints N/A).
 */
export function parseEosArp(output: string): ArpEntry[] {
  const minutes = /Age \(min\)/.test(output);
  return shippedRecords('arista_eos', 'show ip arp', output).map((r) => ({
    interface: String(r.interface ?? '').trim(),
    mac: napalmMac(String(r.mac_address)),
    ip: String(r.ip_address),
    age: eosArpAge(String(r.age), minutes),
  }));
}
