import type { BgpNeighborDetail, BgpNeighborsDetail } from '../models.ts';
import type { Ask } from '../platforms/types.ts';
import { asNumber, ipText } from './bgp.ts';
import { fileNeighbor } from './bgp-detail.ts';

/**
 * get_bgp_neighbors_detail on IOS-XR. NAPALM's iosxr driver reads it over XML (the BGP
 * operational tree); webnet reads the same values from "show bgp neighbors", which prints them:
 * - the routing table of the default VRF is "default", as that driver names it (not "global");
 * - the address-family values (prefix counts, policies, remove-private-as) come from the first
 *   family the neighbour carries, as the driver's first AFData entry;
 * - received is accepted plus denied; active is the bestpaths;
 * - flaps are the connections dropped, as on IOS (the driver halves the XML's connection-down
 *   counter and takes one off a session that is up: arithmetic for that counter, not this one);
 * - local_as_prepend is true unless "no-prepend" is configured; updates, the last event and the
 *   previous state are not in the text (the driver's updates are always 0 as well).
 */
export async function xrBgpNeighborsDetail(ask: Ask, neighbor: string): Promise<BgpNeighborsDetail> {
  const out: BgpNeighborsDetail = {};
  for (const block of (await ask('show bgp neighbors')).split(/^(?=BGP neighbor is )/m)) {
    if (!block.startsWith('BGP neighbor is')) continue;
    const detail = xrNeighborDetail(block);
    if (!neighbor || detail.remote_address === ipText(neighbor)) fileNeighbor(out, detail);
  }
  return out;
}

const first = (text: string, re: RegExp): string => re.exec(text)?.[1]?.trim() ?? '';
const num = (text: string): number => (text ? asNumber(text) : 0);
const ipOrEmpty = (text: string) => (text ? ipText(text) : '');

/** One "BGP neighbor is …" block of "show bgp neighbors". */
export function xrNeighborDetail(block: string): BgpNeighborDetail {
  const familyAt = block.search(/^[ \t]*For Address Family:/m);
  const head = familyAt === -1 ? block : block.slice(0, familyAt);
  // The first family only: its section ends where the next begins or the connection lines start.
  const family =
    familyAt === -1
      ? ''
      : block.slice(familyAt).split(/^(?=[ \t]*For Address Family:|[ \t]*Connections established)/m)[0]!;
  const state = first(head, /^\s+BGP state = (\w+)/m);
  const up = state === 'Established';
  const received = /^\s+Received (\d+) messages/m.exec(head);
  const sent = /^\s+Sent (\d+) messages, \d+ notifications, (\d+) in queue/m.exec(head);
  const accepted = /^\s+(\d+) accepted prefixes, (\d+) are bestpaths/m.exec(family);
  const denied = num(first(family, /^\s+Cumulative no\. of prefixes denied: (\d+)/m));
  const dropped = num(first(block, /^\s+Connections established \d+; dropped (\d+)/m));
  return {
    up,
    local_as: num(first(head, /^\s+Remote AS \S+, local AS (\d+(?:\.\d+)?)/m)),
    remote_as: num(first(head, /^\s+Remote AS (\d+(?:\.\d+)?)/m)),
    router_id: ipOrEmpty(first(head, /^\s+Remote router ID (\S+)/m)),
    local_address: ipOrEmpty(first(block, /^\s+Local host: ([^,\s]+), Local port: \d+/m)),
    routing_table: first(block, /^BGP neighbor is [^,\s]+, vrf (\S+)/m) || 'default',
    local_address_configured: false,
    local_port: num(first(block, /^\s+Local host: .*, Local port: (\d+)/m)),
    remote_address: ipText(first(block, /^BGP neighbor is ([^,\s]+)/m)),
    remote_port: num(first(block, /^\s+Foreign host: .*, Foreign port: (\d+)/m)),
    // XR prints it after the connection, at the end of the neighbour.
    multihop: /^\s+External BGP neighbor (?:may be up to \d+ hops away|not directly connected)/m.test(block),
    multipath: false,
    remove_private_as: /^\s+Remove private AS number/m.test(family),
    import_policy: first(family, /^\s+Policy for incoming advertisements is (\S+)/m),
    export_policy: first(family, /^\s+Policy for outgoing advertisements is (\S+)/m),
    input_messages: received ? Number(received[1]) : 0,
    output_messages: sent ? Number(sent[1]) : 0,
    input_updates: 0,
    output_updates: 0,
    messages_queued_out: sent ? Number(sent[2]) : 0,
    connection_state: state,
    previous_connection_state: '',
    last_event: '',
    suppress_4byte_as: /^\s+Capability 4-byte-as suppress is enabled/m.test(head),
    local_as_prepend: !/^\s+Remote AS .*\bno-prepend\b/m.test(head),
    holdtime: num(first(head, /^\s+Hold time is (\d+)/m)),
    configured_holdtime: num(first(head, /^\s+Configured hold time: (\d+)/m)),
    keepalive: num(first(head, /keepalive interval is (\d+) seconds/m)),
    configured_keepalive: num(first(head, /^\s+Configured hold time: \d+, keepalive: (\d+)/m)),
    active_prefix_count: accepted ? Number(accepted[2]) : 0,
    received_prefix_count: (accepted ? Number(accepted[1]) : 0) + denied,
    accepted_prefix_count: accepted ? Number(accepted[1]) : 0,
    suppressed_prefix_count: denied,
    advertised_prefix_count: num(first(family, /^\s+Prefix advertised (\d+)/m)),
    flap_count: dropped,
  };
}
