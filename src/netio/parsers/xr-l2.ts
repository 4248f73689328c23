import { NetioError } from '../errors.ts';
import type { MacEntry } from '../models.ts';
import type { Ask } from '../platforms/types.ts';
import { canonicalInterface, napalmMac } from './names.ts';
import { shippedRecords } from './templates.ts';

/**
 * get_mac_address_table on IOS-XR. NAPALM's iosxr driver reads the L2VPN forwarding tables over
 * XML; on the command line each node keeps its own table ("show l2vpn mac-learning mac all
 * location NODE"), so webnet asks every node "show platform" lists running IOS XR and lists each
 * MAC once per port. As the driver gives it: the port the MAC was learned on (a pseudowire or
 * other non-port next hop is ""), VLAN 0 (a bridge domain is not a VLAN; the driver takes a
 * number only from a domain named "vlanN", which this table does not print), active, dynamic,
 * no moves.
 */
export async function xrMacAddressTable(ask: Ask): Promise<MacEntry[]> {
  const seen = new Set<string>();
  const out: MacEntry[] = [];
  for (const node of xrRunningNodes(await ask('show platform'))) {
    let table: string;
    try {
      table = await ask(`show l2vpn mac-learning mac all location ${node}`);
    } catch (err) {
      // A node without L2 forwarding (a route processor on some chassis) refuses the command.
      if (err instanceof NetioError && err.category === 'command_error') continue;
      throw err;
    }
    for (const e of parseXrMacLearning(table)) {
      const key = `${e.mac}|${e.interface}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(e);
    }
  }
  return out;
}

/** The CPU nodes "show platform" lists in state "IOS XR RUN". */
export function xrRunningNodes(showPlatform: string): string[] {
  return [...showPlatform.matchAll(/^(\d+\/\S+\/CPU\d+)\s+\S+.*?\bIOS XR RUN\b/gm)].map((m) => m[1]!);
}

/** XR's own short names, where they differ from IOS's ("Te" is TenGigE on XR). */
const XR_SHORT: Record<string, string> = {
  Te: 'TenGigE',
  Fo: 'FortyGigE',
  Hu: 'HundredGigE',
  TF: 'TwentyFiveGigE',
  FH: 'FourHundredGigE',
  BE: 'Bundle-Ether',
  Gi: 'GigabitEthernet',
};

/** An XR interface name in full ("Te0/0/0/24.2448" → "TenGigE0/0/0/24.2448"); "" for a non-port. */
export function xrInterface(name: string): string {
  const m = /^([A-Za-z-]+)(\d+(?:\/\d+)*(?:\.\d+)?)$/.exec(name.trim());
  if (!m) return '';
  return XR_SHORT[m[1]!] ? `${XR_SHORT[m[1]!]}${m[2]}` : canonicalInterface(name.trim());
}

/** One node's "show l2vpn mac-learning mac all location", read with ntc-templates' template. */
export function parseXrMacLearning(output: string): MacEntry[] {
  return shippedRecords('cisco_xr', 'show l2vpn mac-learning mac all location 0/0/CPU0', output).map((r) => ({
    mac: napalmMac(String(r.mac_address)),
    interface: xrInterface(String(r.next_hop)),
    vlan: 0,
    static: false,
    active: true,
    moves: 0,
    last_move: 0.0,
  }));
}
