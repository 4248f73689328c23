import {
  type ArpEntry,
  type Environment,
  type Facts,
  type LldpNeighborDetail,
  uptimeSeconds,
} from '../models.ts';
import {
  blocks,
  capabilities,
  emptyEnvironment,
  emptyNeighbor,
  field,
  groupByInterface,
  type SeenNeighbor,
} from './common.ts';
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

type EosSensor = {
  name: string;
  currentTemperature?: number;
  overheatThreshold: number;
  criticalThreshold: number;
};

/**
 * get_environment on EOS as NAPALM's eos driver reads it: fans, temperatures (on the cards, the
 * power supplies and the board) and power from the JSON of "show environment cooling /
 * temperature / power", CPU use as 100 minus the idle share and memory from "show processes top
 * once". A sensor alerts above its overheat and is critical above its critical threshold.
 */
export function parseEosEnvironment([
  cooling = '',
  temperature = '',
  power = '',
  top = '',
]: string[]): Environment {
  const json = <T>(text: string, what: string): T => {
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new Error(`"${what}" did not answer JSON`);
    }
  };
  const fans = json<{ fanTraySlots?: { label: string; status: string }[] }>(
    cooling,
    'show environment cooling',
  );
  const temps = json<{
    tempSensors?: EosSensor[];
    cardSlots?: { tempSensors: EosSensor[] }[];
    powerSupplySlots?: { tempSensors: EosSensor[] }[];
  }>(temperature, 'show environment temperature');
  const out: Environment = emptyEnvironment();
  for (const slot of fans.fanTraySlots ?? []) out.fans[slot.label] = { status: slot.status === 'ok' };
  const sensors = [
    ...(temps.cardSlots ?? []).flatMap((s) => s.tempSensors),
    ...(temps.powerSupplySlots ?? []).flatMap((s) => s.tempSensors),
    ...(temps.tempSensors ?? []),
  ];
  for (const s of sensors) {
    const t = s.currentTemperature ?? 0;
    out.temperature[s.name] = {
      temperature: t,
      is_alert: t > s.overheatThreshold,
      is_critical: t > s.criticalThreshold,
    };
  }
  // vEOS has no power supplies: its answer is a refusal, not JSON.
  if (power.trim().startsWith('{')) {
    const psus = json<{
      powerSupplies?: Record<string, { state?: string; capacity?: number; outputPower?: number }>;
    }>(power, 'show environment power');
    for (const [name, p] of Object.entries(psus.powerSupplies ?? {}))
      out.power[name] = {
        status: (p.state ?? 'ok') === 'ok',
        capacity: p.capacity ?? -1,
        output: p.outputPower ?? -1,
      };
  }
  const lines = top.split('\n').filter((l) => l.trim() !== '');
  const idle = /ni, (.*?).id/.exec(lines.find((l) => /Cpu\(s\)/.test(l)) ?? '')?.[1];
  if (idle === undefined) throw new Error('no CPU line in "show processes top once"');
  out.cpu['0'] = { '%usage': Math.round((100 - Number.parseFloat(idle)) * 10) / 10 };
  const mem = /[^\d]*(\d+)[k\s]+total,\s+(\d+)[k\s]+used,\s+(\d+)[k\s]+free,/.exec(
    lines.find((l) => /Mem:/.test(l)) ?? '',
  );
  if (!mem) throw new Error('no memory line in "show processes top once"');
  out.memory = { available_ram: Number(mem[1]), used_ram: Number(mem[2]) };
  return out;
}
