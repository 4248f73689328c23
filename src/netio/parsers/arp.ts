import type { ArpEntry } from '../models.ts';
import { mac } from './common.ts';

/**
 * get_arp_table where NAPALM reads it through an API (IOS-XR's XML agent, Junos' RPC) and webnet
 * reads the same table's text: the same fields, the same values. Ages are seconds (IOS-XR's
 * "01:25:23", Junos' time to expire); an address of the device's own interfaces has age 0.
 */

const hms = (text: string) => {
  const m = /^(\d+):(\d{2}):(\d{2})$/.exec(text);
  return m ? Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3]) : -1;
};

/** IOS-XR "show arp": per line card, Address, Age, Hardware Addr, State, Type, Interface. */
export function parseXrArp(output: string): ArpEntry[] {
  const out: ArpEntry[] = [];
  for (const line of output.split('\n')) {
    const m =
      /^(\d+\.\d+\.\d+\.\d+)\s+(\S+)\s+([0-9a-fA-F]{4}\.[0-9a-fA-F]{4}\.[0-9a-fA-F]{4})\s+(\S+)\s+\S+\s+(\S+)\s*$/.exec(
        line,
      );
    if (!m) continue;
    out.push({ interface: m[5]!, mac: mac(m[3]!), ip: m[1]!, age: m[2] === '-' ? 0 : hms(m[2]!) });
  }
  return out;
}

/** Junos "show arp no-resolve expiration-time": MAC, address, logical interface, flags, TTE. */
export function parseJunosArp(output: string): ArpEntry[] {
  const out: ArpEntry[] = [];
  for (const line of output.split('\n')) {
    const m = /^([0-9a-fA-F]{2}(?::[0-9a-fA-F]{2}){5})\s+(\S+)\s+(\S+)\s+(\S+)(?:\s+(\d+))?\s*$/.exec(line);
    if (!m) continue;
    out.push({ interface: m[3]!, mac: mac(m[1]!), ip: m[2]!, age: m[5] === undefined ? -1 : Number(m[5]) });
  }
  return out;
}

/** Linux "ip neigh show": resolved neighbours (not FAILED or INCOMPLETE); the kernel prints no age. */
export function parseLinuxNeighbors(output: string): ArpEntry[] {
  const out: ArpEntry[] = [];
  for (const line of output.split('\n')) {
    const m = /^(\S+) dev (\S+) lladdr ([0-9a-fA-F:]{17})(?: router)? (\S+)/.exec(line.trim());
    if (!m || m[4] === 'FAILED' || m[4] === 'INCOMPLETE') continue;
    out.push({ interface: m[2]!, mac: mac(m[3]!), ip: m[1]!, age: -1 });
  }
  return out;
}
