import type { BgpNeighborDetail, BgpNeighborsDetail } from '../models.ts';
import type { Ask } from '../platforms/types.ts';
import { asNumber, iosSummaryRows, ipText } from './bgp.ts';
import { fileNeighbor } from './bgp-detail.ts';

/**
 * get_bgp_neighbors_detail on NX-OS. NAPALM's nxos_ssh has no such getter; webnet gives it in
 * NAPALM's model, read the way the IOS driver reads IOS: the summary of every VRF ("show bgp all
 * summary vrf all") for each neighbour's VRF, local AS and OutQ, and "show ip bgp neighbors vrf
 * all" for the rest. The default VRF is "global", as in get_bgp_neighbors on NX-OS.
 * - received and accepted are the accepted paths (NX-OS counts no denied prefixes per neighbour);
 *   advertised is the sent paths; active is 0 (the text has no bestpath count);
 * - flaps are the connections dropped, as on IOS; the last event is the latest reset's reason;
 * - a neighbour NX-OS shows "Shut (Admin)" is Idle, the BGP state it is in;
 * - configured timers, the previous state and local-as no-prepend are not in the text.
 */
export async function nxosBgpNeighborsDetail(ask: Ask, neighbor: string): Promise<BgpNeighborsDetail> {
  const summary = await ask('show bgp all summary vrf all');
  const rows = new Map<string, { vrf: string; localAs: string; outQ: string }>();
  for (const section of summary.split(/^(?=BGP summary information for VRF)/m)) {
    const vrf = /^BGP summary information for VRF\s+([^,\s]+)/m.exec(section)?.[1];
    if (!vrf) continue;
    for (const row of iosSummaryRows(section)) {
      const key = `${vrf}|${ipText(row.addr)}`;
      if (!rows.has(key)) rows.set(key, { vrf, localAs: row.localAs, outQ: row.outQ });
    }
  }
  if (rows.size === 0) return {};
  const out: BgpNeighborsDetail = {};
  for (const block of (await ask('show ip bgp neighbors vrf all')).split(/^(?=BGP neighbor is )/m)) {
    if (!block.startsWith('BGP neighbor is')) continue;
    const address = ipText(/^BGP neighbor is ([^,\s]+)/.exec(block)![1]!);
    if (neighbor && address !== ipText(neighbor)) continue;
    const named = /^BGP neighbor is [^,]+,\s+vrf ([^,\s]+),/.exec(block)?.[1];
    const row = named
      ? rows.get(`${named}|${address}`)
      : [...rows.entries()].find(([key]) => key.endsWith(`|${address}`))?.[1];
    fileNeighbor(out, nxosNeighborDetail(block, row ?? { vrf: named ?? 'default', localAs: '0', outQ: '0' }));
  }
  return out;
}

const first = (text: string, re: RegExp): string => re.exec(text)?.[1]?.trim() ?? '';
const num = (text: string): number => (text ? asNumber(text) : 0);
const ipOrEmpty = (text: string) => (text ? ipText(text) : '');

/** One "BGP neighbor is …" block of "show ip bgp neighbors", with what the summary said of it. */
export function nxosNeighborDetail(
  block: string,
  row: { vrf: string; localAs: string; outQ: string },
): BgpNeighborDetail {
  const familyAt = block.search(/^[ \t]*For address family:/m);
  const head = familyAt === -1 ? block : block.slice(0, familyAt);
  // The first family's section, as on IOS: up to the next family (or the connection lines).
  const firstFamily =
    familyAt === -1 ? '' : block.slice(familyAt).split(/^(?=[ \t]*For address family:)/m)[0]!;
  // An administratively shut neighbour ("Shut (Admin)") is in the FSM's Idle state.
  const shown = first(head, /^\s+BGP state = (\w+)/m);
  const state = shown === 'Shut' ? 'Idle' : shown;
  const updates = /^\s+Updates:\s+(\d+)\s+(\d+)/m.exec(head);
  const totals = /^\s+Total:\s+(\d+)\s+(\d+)/m.exec(head);
  const fourByte = first(head, /^\s+4-Byte AS capability:\s*(.*?)\s*$/m);
  const accepted = num(first(firstFamily, /^\s+(\d+) accepted paths/m));
  const resets = [...block.matchAll(/^\s+Last reset by (?:us|peer) (\S+), due to (.+?)\s*$/gm)].filter(
    (m) => m[1] !== 'never',
  );
  return {
    up: state === 'Established',
    local_as: num(row.localAs),
    remote_as: num(first(head, /^BGP neighbor is [^\n]*?remote AS (\d+(?:\.\d+)?)/m)),
    router_id: ipOrEmpty(first(head, /remote router ID (\S+)/)),
    local_address: ipOrEmpty(first(block, /^\s+Local host: ([^,\s]+), Local port: \d+/m)),
    routing_table: row.vrf.toLowerCase() === 'default' ? 'global' : row.vrf,
    local_address_configured: false,
    local_port: num(first(block, /^\s+Local host: .*, Local port: (\d+)/m)),
    remote_address: ipText(first(block, /^BGP neighbor is ([^,\s]+)/m)),
    remote_port: num(first(block, /^\s+Foreign host: .*, Foreign port: (\d+)/m)),
    multihop: /^\s+External BGP peer might be up ?to \d+ hops away/m.test(head),
    multipath: false,
    remove_private_as: /^\s+Private AS numbers? removed/m.test(firstFamily),
    import_policy: first(firstFamily, /^\s+Inbound route-map configured is ([^,\s]+)/m),
    export_policy: first(firstFamily, /^\s+Outbound route-map configured is ([^,\s]+)/m),
    // The message statistics' totals, as on IOS; the "Received N messages" line where absent.
    input_messages: totals ? Number(totals[2]) : num(first(head, /^\s+Received (\d+) messages/m)),
    output_messages: totals ? Number(totals[1]) : num(first(head, /^\s+Sent (\d+) messages/m)),
    input_updates: updates ? Number(updates[2]) : 0,
    output_updates: updates ? Number(updates[1]) : 0,
    messages_queued_out: num(row.outQ),
    connection_state: state,
    previous_connection_state: '',
    last_event: resets[0]?.[2] ?? '',
    suppress_4byte_as: fourByte ? fourByte !== 'advertised received' : false,
    local_as_prepend: false,
    holdtime: num(first(head, /hold time = (\d+)/)),
    configured_holdtime: 0,
    keepalive: num(first(head, /keepalive interval is (\d+) seconds/)),
    configured_keepalive: 0,
    active_prefix_count: 0,
    received_prefix_count: accepted,
    accepted_prefix_count: accepted,
    suppressed_prefix_count: 0,
    advertised_prefix_count: num(first(firstFamily, /^\s+(\d+) sent paths/m)),
    flap_count: num(first(head, /^\s+Connections established \d+, dropped (\d+)/m)),
  };
}
