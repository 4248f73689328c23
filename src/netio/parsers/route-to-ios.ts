import type { RoutesTo } from '../models.ts';
import type { Ask } from '../platforms/types.ts';
import { asNumber, bgpUptime } from './bgp.ts';
import { canonicalInterface } from './names.ts';

/**
 * get_route_to on IOS in NAPALM's ios steps: the VRFs that carry IPv4 ("show vrf", or "show ip
 * vrf" where that is refused) in sorted order and then the default table, each asked with "show
 * ip route [vrf V] NETWORK NETMASK"; every path keyed by the destination as asked; a BGP route's
 * protocol attributes from BGP's own view of the destination (see bgpAttributes).
 */
export async function iosRouteTo(ask: Ask, destination: string, protocol: string): Promise<RoutesTo> {
  // What IOS answers for a table without the route, or a command it does not know, is no route.
  const soft = (command: string) =>
    ask(command).catch((err: unknown) => {
      if (/not in table|Invalid input|% VRF \S+ does not have/.test((err as Error).message)) return '';
      throw err;
    });
  const vrfs = [...(await iosVrfs(soft)).sort(), 'default'];
  const routes: RoutesTo = { [destination]: [] };
  for (const vrf of vrfs) {
    const paths = parseIosRouteTo(await soft(iosRouteCommand(destination, vrf)), protocol, destination, vrf)[
      destination
    ]!;
    // The driver reads them for each BGP path; they do not depend on the path, so once per table.
    let bgp: Record<string, unknown> | undefined;
    for (const path of paths) {
      if (path.protocol === 'bgp') {
        bgp ??= await bgpAttributes(soft, destination, vrf);
        path.protocol_attributes = { ...bgp };
      }
      routes[destination]!.push(path);
    }
  }
  return routes;
}

const IP = String.raw`\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}`;
// NAPALM's ios patterns, kept as they are: they decide which line of a path a value is read from.
const AS_PATH = /[^|\\n][ ]{2}([\d()]([\d() ])*)/;
const NEXT_HOP = new RegExp(String.raw`[^|\\n][ ]{4}(${IP})`);
const FROM = new RegExp(`from (${IP})`);
const AS_PATH_LINE = /^[ ]{2}([\d(]([\d) ]+)|Local)/;

/**
 * A BGP route's attributes as NAPALM's ios reads them: the local AS from "show ip protocols", the
 * destination in BGP's table ("show ip bgp [vpnv4 vrf V] DEST"), and for each best path its AS
 * path, the peer it came from, communities, local preference, and the remote AS of the neighbour
 * that is its next hop (else, for an external path, the first AS of the path; else the local AS).
 * The last best path's attributes are every path's, as that driver leaves them.
 */
export async function bgpAttributes(
  ask: Ask,
  destination: string,
  vrf: string,
): Promise<Record<string, unknown>> {
  const localAs =
    /Routing Protocol is "bgp (\d+)/.exec(await ask('show ip protocols | include bgp'))?.[1] ?? '';
  const table = await ask(
    vrf === 'default' ? `show ip bgp ${destination}` : `show ip bgp vpnv4 vrf ${vrf} ${destination}`,
  );
  let attributes: Record<string, unknown> = {};
  for (const path of bgpPaths(table).slice(1)) {
    if (!path.includes('best')) continue;
    const find = (re: RegExp, otherwise = '') => re.exec(path)?.[1] ?? otherwise;
    const asPath = find(AS_PATH);
    const nextHop = find(NEXT_HOP);
    const neighbors = await ask(
      vrf === 'default'
        ? `show ip bgp neighbors | include is ${nextHop}`
        : `show ip bgp vpnv4 vrf ${vrf} neighbors | include is ${nextHop}`,
    );
    const external = find(/(external)/, 'internal') === 'external';
    const remoteAs =
      /remote AS ([\d.]+)/.exec(neighbors)?.[1] ??
      (external ? asPath.split(' ')[0]!.replace('(', '') : localAs);
    const communities = `${find(/ {2}Community: ([\w\-: ]+)/)} ${find(/Extended Community: ([\w\-: ]+)/)}`;
    attributes = {
      as_path: asPath,
      remote_address: find(FROM),
      communities: communities.split(/\s+/).filter(Boolean),
      local_preference: Number(find(/localpref (\d+)/) || 0),
      local_as: asNumber(localAs),
      ...(remoteAs ? { remote_as: asNumber(remoteAs) } : {}),
    };
  }
  return attributes;
}

/**
 * The paths of "show ip bgp DEST": split at "Refresh Epoch", or, on releases that do not print
 * it, at each AS path line (a section ending a line before the next path, as NAPALM cuts them).
 * The first section is the header.
 */
function bgpPaths(text: string): string[] {
  if (text.includes('Refresh Epoch')) return text.split('Refresh Epoch');
  const lines = text.split('\n');
  const borders = [0, ...lines.flatMap((l, i) => (AS_PATH_LINE.test(l) ? [i] : []))];
  return borders.map(
    (start, i) =>
      `\n${lines.slice(start, i === borders.length - 1 ? undefined : borders[i + 1]! - 1).join('\n')}`,
  );
}

/** "show vrf": the VRFs with IPv4 in their protocols; "show ip vrf" (every VRF) where the first is refused. */
async function iosVrfs(ask: Ask): Promise<string[]> {
  const text = await ask('show vrf');
  if (text.trim() !== '')
    return text
      .split('\n')
      .slice(1)
      .flatMap((l) => {
        const m = /^ {2}(\S+)\s+[<> a-z:\d]+\s+([a-z\d,]+)/.exec(l);
        return m && m[2]!.includes('4') ? [m[1]!] : [];
      });
  return (await ask('show ip vrf'))
    .split('\n')
    .slice(1)
    .flatMap((l) => /^ {2}(\S+)/.exec(l)?.[1] ?? []);
}

/** A destination as NAPALM's ios asks for it: the network and netmask of the address or prefix. */
export function iosRouteCommand(destination: string, vrf = 'default'): string {
  const [ip = '', len = '32'] = destination.split('/');
  const bits = Number(len);
  const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
  const n = (ip.split('.').reduce((a, o) => (a << 8) + Number(o), 0) >>> 0) & mask;
  const dotted = (x: number) => [24, 16, 8, 0].map((s) => (x >>> s) & 255).join('.');
  return `show ip route ${vrf === 'default' ? '' : `vrf ${vrf} `}${dotted(n >>> 0)} ${dotted(mask)}`;
}

const IOS_VIA =
  /^ {2}([*| ]) (?<ip>\d{1,3}(?:\.\d{1,3}){3})(?: [()a-z\d.]+)?(?:, from \d{1,3}(?:\.\d{1,3}){3}, (?<age>[\ddhwy:]+) ago)?(?:, via (?<via>\S+))?/;

/**
 * One table's answer to "show ip route [vrf V] NETWORK NETMASK" as NAPALM's ios reads it: the
 * protocol from "Known via", each descriptor block's next hop, age and interface, and its
 * "Route metric" as the preference; every path active; a connected route's age "" (it has none).
 */
export function parseIosRouteTo(
  output: string,
  protocol: string,
  destination: string,
  vrf = 'default',
): RoutesTo {
  const routes: RoutesTo = { [destination]: [] };
  const proto = /Known via "([a-z]+)[ "]/.exec(output)?.[1];
  const blocks = output.split('Routing Descriptor Blocks:')[1];
  if (!proto || blocks === undefined) return routes;
  let hop: { ip: string; age: string; via: string } | null = null;
  for (const line of blocks.split('\n')) {
    const via = IOS_VIA.exec(line)?.groups;
    if (via) {
      hop = { ip: via.ip!, age: via.age ?? '', via: via.via ?? '' };
      continue;
    }
    if (proto === 'connected') {
      const direct = /via (\S+)/.exec(line);
      if (direct) hop = { ip: '', age: '', via: direct[1]! };
    }
    const metric = /^ +Route metric is (\d+)/.exec(line);
    if (!metric || !hop) continue;
    if (protocol === '' || protocol === proto)
      routes[destination]!.push({
        protocol: proto,
        outgoing_interface: hop.via ? canonicalInterface(hop.via) : '',
        age: hop.age ? bgpUptime(hop.age) : '',
        current_active: true,
        routing_table: vrf,
        last_active: true,
        protocol_attributes: {},
        next_hop: hop.ip,
        selected_next_hop: true,
        inactive_reason: '',
        preference: Number(metric[1]),
      });
    hop = null;
  }
  return routes;
}
