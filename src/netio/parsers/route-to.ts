import type { RouteEntry, RoutesTo } from '../models.ts';
import { bgpUptime } from './bgp.ts';
import { canonicalInterface } from './names.ts';

/**
 * get_route_to on NX-OS as nxos_ssh reads "show ip route vrf all DESTINATION": each VRF's table,
 * each prefix and its "via" lines. Kept from that driver: `preference` is the second number of
 * "[distance/metric]", and an age reads as a BGP up time. IPv4 only, as there.
 */
const VIA =
  /^ {4}(?<used>[*| ])via (?:(?<ip>\d{1,3}(?:\.\d{1,3}){3})(?:%(?<vrf>\S+))?, )?(?:(?<int>[\w./:]+), )?\[\d+\/(?<metric>\d+)\], (?<age>[\w:]+), (?<source>\w+)(?:-\d+)?/;
const PREFIX = /^(\d{1,3}(?:\.\d{1,3}){3}\/\d{1,2}), ubest/;

export function parseNxosRouteTo(output: string, protocol = ''): RoutesTo {
  const routes: RoutesTo = {};
  for (const section of output.split('IP Route Table for ').slice(1)) {
    if (section.includes('Route not found')) continue;
    const vrf = /VRF "(\S+)"/.exec(section)?.[1];
    if (!vrf) continue;
    let prefix = '';
    for (const line of section.split('\n')) {
      const p = PREFIX.exec(line);
      if (p) {
        prefix = p[1]!;
        routes[prefix] ??= [];
        continue;
      }
      const via = VIA.exec(line)?.groups;
      if (!via || !prefix) continue;
      if (protocol && protocol !== via.source) continue;
      const used = via.used === '*';
      const entry: RouteEntry = {
        protocol: via.source!,
        outgoing_interface: via.int ? canonicalInterface(via.int) : '',
        age: bgpUptime(via.age!),
        current_active: used,
        routing_table: vrf,
        last_active: used,
        next_hop: via.ip ?? '',
        selected_next_hop: used,
        inactive_reason: '',
        preference: Number(via.metric),
        protocol_attributes: {},
      };
      routes[prefix]!.push(entry);
    }
  }
  return routes;
}

/**
 * get_route_to on IOS-XR as NAPALM's iosxr reads the default VRF's RIB (over XML there; here
 * "show route DEST detail", which prints the same entry): the protocol as the first word of
 * "Known via", the RIB priority as the preference, the age from "Installed … for", and a path per
 * descriptor block with only the first one active. Kept from that driver: no interface, no
 * selected next hop, no attributes (BGP's extra lookup is switched off there for a Cisco bug).
 */
export function parseXrRouteTo(output: string, protocol: string): RoutesTo {
  const wanted = protocol === 'direct' ? 'connected' : protocol;
  const routes: RoutesTo = {};
  for (const entry of output.split(/^Routing entry for /m).slice(1)) {
    const prefix = /^(\S+)/.exec(entry)![1]!;
    const proto = /Known via "(\S+?)[ "]/.exec(entry)?.[1]?.toLowerCase() ?? '';
    if (wanted && proto !== wanted) continue;
    const installed = /Installed .* for (\S+)/.exec(entry)?.[1];
    const base: RouteEntry = {
      current_active: false,
      last_active: false,
      age: installed ? bgpUptime(installed) : 0,
      next_hop: '',
      protocol: proto,
      outgoing_interface: '',
      preference: Number(/Route Priority: \S+ \((\d+)\)/.exec(entry)?.[1] ?? 0),
      selected_next_hop: false,
      inactive_reason: '',
      routing_table: 'default',
      protocol_attributes: {},
    };
    routes[prefix] ??= [];
    const blocks = entry.split(/^ {2}Routing Descriptor Blocks\s*$/m)[1]?.split(/^ {2}\S/m)[0] ?? '';
    const hops = blocks.split('\n').flatMap((l) => {
      const hop = /^ {4}(?:(\d{1,3}(?:\.\d{1,3}){3})|directly connected),/.exec(l);
      return hop ? [hop[1] ?? ''] : [];
    });
    hops.forEach((hop, i) => {
      routes[prefix]!.push({ ...base, current_active: i === 0, next_hop: hop });
    });
  }
  return routes;
}
