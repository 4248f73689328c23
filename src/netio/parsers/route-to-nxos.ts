import type { RoutesTo } from '../models.ts';
import type { Ask } from '../platforms/types.ts';
import { asNumber } from './bgp.ts';
import { parseNxosRouteTo } from './route-to.ts';

/**
 * get_route_to on NX-OS as nxos_ssh asks it: "show ip route vrf all DESTINATION", and for each BGP
 * path its attributes from BGP's table (see nxosBgpAttributes).
 */
export async function nxosRouteTo(ask: Ask, destination: string, protocol: string): Promise<RoutesTo> {
  const routes = parseNxosRouteTo(await ask(`show ip route vrf all ${destination}`), protocol);
  for (const [prefix, paths] of Object.entries(routes))
    for (const path of paths)
      if (path.protocol === 'bgp')
        path.protocol_attributes = await nxosBgpAttributes(ask, prefix, path.routing_table, path.next_hop);
  return routes;
}

const IP = String.raw`\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}`;
// nxos_ssh's patterns, kept as they are: they decide which line of a path a value is read from.
const NEXT_HOP = new RegExp(String.raw`[^|\\n][ ]{4}(${IP})`);
const FROM = new RegExp(`from (${IP})`);

/**
 * A BGP path's attributes as nxos_ssh reads them: the local AS from "show bgp process", the prefix
 * in the VRF's BGP table, and of its best paths the one whose next hop is this path's (or that is
 * redistributed or local): AS path, the peer it came from, local preference, communities and
 * extended communities, and the remote AS of that neighbour (else the first AS of an external
 * path, the local AS of an internal one, 0 for a local one). {} when BGP gives no such path.
 */
export async function nxosBgpAttributes(
  ask: Ask,
  prefix: string,
  vrf: string,
  nextHop: string,
): Promise<Record<string, unknown>> {
  const localAs = /^BGP Protocol Tag\s+: (\d+)/.exec(
    await ask('show bgp process | include "BGP Protocol Tag"'),
  )?.[1];
  if (!localAs) return {};
  const sections = (await ask(`show ip bgp vrf ${vrf} ${prefix}`)).split('Path type');
  let attributes: Record<string, unknown> = {};
  for (const path of sections.slice(1)) {
    if (!path.includes('is best path')) continue;
    const find = (re: RegExp) => re.exec(path)?.[1] ?? '';
    const kind = find(/^: (\w+),/);
    const hop = find(NEXT_HOP);
    if (!['redist', 'local'].includes(kind) && hop !== nextHop) continue;
    const asPath = find(/AS-Path: ([\d()]([\d() ])*)/).trim();
    const neighbors = await ask(`show ip bgp neighbors vrf ${vrf} | include "is ${hop}"`);
    // nxos_ssh means the first AS of an external path here (it splits the wrong string and fails).
    const remoteAs =
      /remote AS ([\d.]+)/.exec(neighbors)?.[1] ??
      (kind === 'external'
        ? (asPath.split(' ')[0] ?? '').replace('(', '')
        : kind === 'internal'
          ? localAs
          : '');
    const extended: string[] = [];
    for (const line of (path.split('Extcommunity:')[1] ?? '').split('\n').slice(1)) {
      const m = /^ {10}([\S ]+)/.exec(line);
      if (!m) break;
      extended.push(m[1]!);
    }
    attributes = {
      as_path: asPath,
      remote_address: find(FROM),
      local_preference: Number(find(/localpref (\d+)/) || 0),
      communities: [
        ...find(/ {2}Community: ([\w\-: ]+)/)
          .split(/\s+/)
          .filter(Boolean),
        ...extended,
      ],
      local_as: asNumber(localAs),
      remote_as: remoteAs ? asNumber(remoteAs) : 0,
    };
  }
  return attributes;
}
