import type { BgpNeighborDetail, BgpNeighborsDetail } from '../models.ts';
import type { Ask } from '../platforms/types.ts';
import { asNumber, iosSummaryRows, ipText } from './bgp.ts';
import { fileNeighbor } from './bgp-detail.ts';

/**
 * get_bgp_neighbors_detail on IOS as NAPALM's ios reads it: "show ip bgp all summary" for each
 * family's neighbours (one entry per family a neighbour is in), then "show ip bgp FAMILY neighbors
 * ADDRESS" for each. Kept from that driver:
 * - "up" is the summary's Up/Down column saying anything but "never";
 * - the message counters are the ones before the family section; the prefix counts, policies,
 *   flaps and last reset come from the family section, and only when the message statistics'
 *   "Total:" line stands before it (NAPALM's family template takes its second record; without that
 *   line there is one record and it keeps only the policies);
 * - received is current plus denied, accepted the current, suppressed the denied inbound;
 * - multipath is "Used as multipath" not saying 0 (a section without the line counts as multipath);
 * - configured hold time and keepalive, previous state, multihop and the like are 0 or false.
 */
const FAMILY_COMMAND: Record<string, string> = {
  'ipv4 unicast': 'ipv4 unicast',
  'ipv6 unicast': 'ipv6 unicast',
  'vpnv4 unicast': 'vpnv4 all',
  'vpnv6 unicast': 'vpnv6 unicast all',
  'ipv4 multicast': 'ipv4 multicast',
  'ipv6 multicast': 'ipv6 multicast',
  'l2vpn e-vpn': 'l2vpn evpn',
  'mvpnv4 unicast': 'ipv4 mvpn all',
  'mvpnv6 unicast': 'ipv6 mvpn all',
  'vpnv4 flowspec': 'ipv4 flowspec',
  'vpnv6 flowspec': 'ipv6 flowspec',
};

export async function iosBgpNeighborsDetail(ask: Ask, neighbor: string): Promise<BgpNeighborsDetail> {
  const summary = await ask('show ip bgp all summary');
  const out: BgpNeighborsDetail = {};
  for (const row of iosSummaryRows(summary)) {
    if (neighbor && neighbor !== row.addr) continue;
    const family = FAMILY_COMMAND[row.afi];
    if (!family) continue;
    const text = await ask(`show ip bgp ${family} neighbors ${row.addr}`);
    const detail = iosNeighborDetail(text, {
      up: row.uptime !== 'never',
      localAs: asNumber(row.localAs),
      remoteAs: asNumber(row.remoteAs),
      outQ: Number(row.outQ),
    });
    fileNeighbor(out, detail);
  }
  return out;
}

type FromSummary = { up: boolean; localAs: number; remoteAs: number; outQ: number };

const first = (text: string, re: RegExp): string => re.exec(text)?.[1]?.trim() ?? '';
const num = (text: string): number => (text ? asNumber(text) : 0);

/** One neighbour's "show ip bgp FAMILY neighbors ADDRESS" with what the summary said of it. */
export function iosNeighborDetail(text: string, row: FromSummary): BgpNeighborDetail {
  const familyAt = text.search(/^\s*For address family:/m);
  const head = familyAt === -1 ? text : text.slice(0, familyAt);
  const family = familyAt === -1 ? '' : text.slice(familyAt).split(/^Connection state is/m)[0]!;
  const vrf = first(text, /^BGP neighbor is \S+,\s+vrf (\w+),/m);
  const updates = /^\s+Updates:\s+(\d+)\s+(\d+)/m.exec(head);
  const totals = /^\s+Total:\s+(\d+)\s+(\d+)/m.exec(head);
  const fourByte = first(head, /^\s+Four-octets ASN Capability:\s+(.*)$/m);
  const detail: BgpNeighborDetail = {
    up: row.up,
    local_as: row.localAs,
    remote_as: row.remoteAs,
    router_id: ipOrEmpty(first(head, /BGP version 4, remote router ID (\S+)/)),
    local_address: ipOrEmpty(first(text, /^Local host: (.*), Local port: \d+/m)),
    local_address_configured: false,
    local_port: num(first(text, /^Local host: .*, Local port: (\d+)/m)),
    routing_table: vrf || 'global',
    remote_address: ipText(first(text, /^BGP neighbor is ([^,\s]+),/m)),
    remote_port: num(first(text, /^Foreign host: .*, Foreign port: (\d+)/m)),
    multihop: false,
    multipath: false,
    remove_private_as: false,
    import_policy: '',
    export_policy: '',
    input_messages: totals ? Number(totals[2]) : 0,
    output_messages: totals ? Number(totals[1]) : 0,
    input_updates: updates ? Number(updates[2]) : 0,
    output_updates: updates ? Number(updates[1]) : 0,
    messages_queued_out: row.outQ,
    connection_state: first(head, /BGP state = (\w+)/),
    previous_connection_state: '',
    last_event: '',
    suppress_4byte_as: fourByte ? fourByte !== 'advertised and received' : false,
    local_as_prepend: false,
    holdtime: num(first(head, /hold time is (\d+), keepalive interval is \d+ seconds/)),
    configured_holdtime: 0,
    keepalive: num(first(head, /hold time is \d+, keepalive interval is (\d+) seconds/)),
    configured_keepalive: 0,
    active_prefix_count: 0,
    received_prefix_count: 0,
    accepted_prefix_count: 0,
    suppressed_prefix_count: 0,
    advertised_prefix_count: 0,
    flap_count: 0,
  };
  detail.import_policy = first(family, /^\s+Route map for incoming advertisements is (\S+)/m);
  detail.export_policy = first(family, /^\s+Route map for outgoing advertisements is (\S+)/m);
  if (!totals || !family) return detail;
  const current = /^\s+Prefixes Current:\s+(\d+)\s+(\d+)/m.exec(family);
  const denied = first(family, /^\s+Total:\s+\d+\s+(\d+)/m);
  const lastReset = first(family, /^\s+Last reset (.*)$/m);
  const curIn = num(current?.[2] ?? '');
  return {
    ...detail,
    local_address_configured: /^\s+Interface associated: \S+ \(peering address in same link\)/m.test(family),
    multipath: first(family, /^\s+Used as multipath:\s+\S+\s+(\d+)/m) !== '0',
    last_event: lastReset !== 'never' ? lastReset : '',
    active_prefix_count: num(first(family, /^\s+Used as bestpath:\s+\S+\s+(\d+)/m)),
    received_prefix_count: curIn + num(denied),
    accepted_prefix_count: curIn,
    suppressed_prefix_count: num(denied),
    advertised_prefix_count: num(current?.[1] ?? ''),
    flap_count: num(first(family, /^\s+Connections established\s+\d+;\s+dropped\s+(\d+)/m)),
  };
}

const ipOrEmpty = (text: string) => (text ? ipText(text) : '');
