import type { RouteEntry, RoutesTo } from '../models.ts';
import { asNumber, ipText } from './bgp.ts';

/**
 * get_route_to on EOS as NAPALM's eos asks it, over the CLI with "| json" (the JSON its eAPI
 * answers): the VRFs from "show vrf", in sorted order; in each, "show ip route vrf V DEST
 * [PROTOCOL] detail"; and for a BGP route, BGP's own paths from "show ip bgp DEST vrf V", read
 * once per VRF. Kept from that driver: a path per via (or the route alone when it has none), a
 * dropped route's next hop "NULL", age 0 (EOS gives none), a BGP path's activity from its own
 * route type, and "vxlan1" as the interface of a path learned over VXLAN (a VTEP via).
 */

type Via = { nexthopAddr?: string; interface?: string; vtepAddr?: string };
type EosRoute = {
  routeType?: string;
  preference?: number;
  metric?: number;
  routeAction?: string;
  routingDisabled?: boolean;
  vias?: Via[];
};
type PeerEntry = { peerAddr?: string };
type BgpPath = {
  asPathEntry?: { asPath?: string; asPathType?: string };
  peerEntry?: PeerEntry;
  routeDetail?: { peerEntry?: PeerEntry; communityList?: string[] };
  localPreference?: number;
  nextHop?: string;
  routeType?: { active?: boolean };
  weight?: number;
  reasonNotBestpath?: string;
};
type BgpVrf = { asn?: string | number; bgpRouteEntries?: Record<string, { bgpRoutePaths?: BgpPath[] }> };

const json = <T>(text: string, command: string): T => {
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new Error(`"${command}" did not answer JSON`);
  }
};

export async function eosRouteTo(
  ask: (command: string) => Promise<string>,
  destination: string,
  protocol: string,
): Promise<RoutesTo> {
  const proto = protocol === 'direct' ? 'connected' : protocol;
  const vrfs = Object.keys(
    json<{ vrfs?: Record<string, unknown> }>(await ask('show vrf | json'), 'show vrf').vrfs ?? {},
  ).sort();
  const routes: RoutesTo = {};
  const bgpByVrf = new Map<string, BgpVrf>();
  for (const vrf of vrfs) {
    const command = ['show ip route vrf', vrf, destination, proto, 'detail'].filter(Boolean).join(' ');
    const answer = json<{ vrfs?: Record<string, { routes?: Record<string, EosRoute> }> }>(
      await ask(`${command} | json`),
      command,
    );
    for (const [prefix, route] of Object.entries(answer.vrfs?.[vrf]?.routes ?? {})) {
      routes[prefix] ??= [];
      const base: RouteEntry = {
        current_active: true,
        last_active: true,
        age: 0,
        next_hop: '',
        protocol: route.routeType ?? '',
        outgoing_interface: '',
        preference: route.preference ?? 0,
        inactive_reason: '',
        routing_table: vrf,
        selected_next_hop: true,
        protocol_attributes: {},
      };
      const type = (route.routeType ?? '').toLowerCase();
      if (proto === 'bgp' || type === 'ebgp' || type === 'ibgp') {
        if (!bgpByVrf.has(vrf)) {
          const bgpCommand = `show ip bgp ${destination} vrf ${vrf}`;
          const bgp = json<{ vrfs?: Record<string, BgpVrf> }>(await ask(`${bgpCommand} | json`), bgpCommand);
          bgpByVrf.set(vrf, bgp.vrfs?.[vrf] ?? {});
        }
        routes[prefix]!.push(...bgpPaths(base, route, bgpByVrf.get(vrf)!, prefix));
      } else routes[prefix]!.push(...viaPaths(base, route));
    }
  }
  return routes;
}

function viaPaths(base: RouteEntry, route: EosRoute): RouteEntry[] {
  const route0 = { ...base };
  if (route.routeAction === 'drop') route0.next_hop = 'NULL';
  if (route.routingDisabled === true) {
    route0.last_active = false;
    route0.current_active = false;
  }
  const vias = route.vias ?? [];
  if (vias.length === 0) return [route0];
  return vias.map((via) => ({
    ...route0,
    next_hop: via.nexthopAddr ? ipText(via.nexthopAddr) : '',
    // NAPALM passes a missing interface through as None; the model's type is a string.
    outgoing_interface: via.interface ?? '',
  }));
}

function bgpPaths(base: RouteEntry, route: EosRoute, vrf: BgpVrf, prefix: string): RouteEntry[] {
  const interfaceOf = new Map<string, string>();
  for (const via of route.vias ?? []) {
    const hop = via.vtepAddr ?? via.nexthopAddr;
    const iface = via.vtepAddr ? 'vxlan1' : via.interface;
    if (hop) interfaceOf.set(ipText(hop), iface ?? '');
  }
  const localAs = vrf.asn === undefined ? 0 : asNumber(String(vrf.asn));
  return (vrf.bgpRouteEntries?.[prefix]?.bgpRoutePaths ?? []).map((path) => {
    const asPath = path.asPathEntry?.asPath ?? '';
    const pathType = path.asPathEntry?.asPathType ?? '';
    const last = asPath
      .replace(/^\(+|\)+$/g, '')
      .split(/\s+/)
      .filter(Boolean)
      .at(-1);
    const remoteAs = pathType === 'Internal' || pathType === 'Local' || !last ? localAs : asNumber(last);
    const nextHop = ipText(path.nextHop ?? '');
    const active = path.routeType?.active ?? false;
    return {
      ...base,
      current_active: active,
      inactive_reason: path.reasonNotBestpath ?? '',
      last_active: active,
      next_hop: nextHop,
      outgoing_interface: interfaceOf.get(nextHop) ?? '',
      selected_next_hop: active,
      protocol_attributes: {
        metric: route.metric,
        as_path: asPath,
        local_preference: path.localPreference,
        local_as: localAs,
        remote_as: remoteAs,
        remote_address: ipText(path.routeDetail?.peerEntry?.peerAddr || path.peerEntry?.peerAddr || ''),
        preference2: path.weight,
        communities: path.routeDetail?.communityList ?? [],
      },
    };
  });
}
