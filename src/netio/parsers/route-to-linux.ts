import type { RoutesTo } from '../models.ts';
import { parseLinuxRoutes } from './linux.ts';

/**
 * get_route_to on Linux (NAPALM has no Linux driver; its model, Linux's words): "ip route show
 * match DESTINATION" lists every route that covers it; the longest prefix is the one the kernel
 * uses. The protocol is the route's "proto" (kernel, static, bgp, dhcp …; "boot" when it names
 * none, as Linux says), the preference its metric, each next hop a path; Linux keeps no age (0).
 */
export function parseLinuxRouteTo(output: string, protocol: string): RoutesTo {
  const routes = parseLinuxRoutes(output).map((r) => ({ ...r, proto: r.proto || 'boot' }));
  const longest = Math.max(-1, ...routes.map((r) => Number(r.prefix.split('/')[1])));
  const out: RoutesTo = {};
  for (const r of routes) {
    if (Number(r.prefix.split('/')[1]) !== longest) continue;
    if (protocol && protocol !== r.proto && !(protocol === 'connected' && r.proto === 'kernel')) continue;
    out[r.prefix] ??= [];
    out[r.prefix]!.push({
      protocol: r.proto,
      current_active: true,
      last_active: true,
      age: 0,
      next_hop: r.via,
      outgoing_interface: r.dev,
      selected_next_hop: true,
      preference: r.metric,
      inactive_reason: '',
      routing_table: 'main',
      protocol_attributes: {},
    });
  }
  return out;
}
