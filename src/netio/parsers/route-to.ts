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
