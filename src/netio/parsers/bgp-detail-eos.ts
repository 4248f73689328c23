import type { BgpNeighborDetail, BgpNeighborsDetail } from '../models.ts';
import type { Ask } from '../platforms/types.ts';
import { ipText } from './bgp.ts';
import { fileNeighbor } from './bgp-detail.ts';

/**
 * get_bgp_neighbors_detail on EOS as NAPALM's eos reads it: the neighbour text of "show ip bgp
 * neighbors vrf all" and "show ipv6 bgp peers vrf all" (or "show ip bgp neighbors ADDRESS vrf
 * all" for one), and each family's summary as JSON for the accepted count. Kept from that driver:
 * - "up" is the state line saying "up for"; a local TCP address means it was configured;
 * - sent and received prefixes are IPv4's plus IPv6's; multipath, flaps, suppressed and active
 *   counts and the 4-byte AS flag are not read (false or 0);
 * - the last event and previous state are their first word; the queue is "OutQ depth" (with
 *   the multi-agent routing model, which prints none, the socket's "Send-Q"); which of the
 *   driver's two templates applies follows "service routing protocols model multi-agent".
 */
export async function eosBgpNeighborsDetail(ask: Ask, neighbor: string): Promise<BgpNeighborsDetail> {
  const multiAgent =
    (await ask('show running-config | include service routing protocols model multi-agent')).trim() !== '';
  const families: { text: string; summary: string }[] = neighbor
    ? neighbor.includes(':')
      ? [{ text: `show ipv6 bgp peers ${neighbor} vrf all`, summary: 'show ipv6 bgp summary vrf all' }]
      : [{ text: `show ip bgp neighbors ${neighbor} vrf all`, summary: 'show ip bgp summary vrf all' }]
    : [
        { text: 'show ip bgp neighbors vrf all', summary: 'show ip bgp summary vrf all' },
        { text: 'show ipv6 bgp peers vrf all', summary: 'show ipv6 bgp summary vrf all' },
      ];
  const out: BgpNeighborsDetail = {};
  for (const family of families) {
    const text = await ask(family.text);
    const summary = JSON.parse(await ask(`${family.summary} | json`)) as {
      vrfs?: Record<string, { peers?: Record<string, { prefixAccepted?: number }> }>;
    };
    const details = eosNeighborDetails(text, multiAgent);
    // One neighbour asked for: the first block, as the driver takes it.
    for (const d of neighbor ? details.slice(0, 1) : details) {
      d.accepted_prefix_count =
        summary.vrfs?.[d.routing_table]?.peers?.[d.remote_address]?.prefixAccepted ?? 0;
      fileNeighbor(out, d);
    }
  }
  return out;
}

const first = (text: string, re: RegExp): string => re.exec(text)?.[1] ?? '';
const int = (text: string): number => (/^\d+$/.test(text) ? Number(text) : 0);

/** Each neighbour block of EOS's neighbour text, read as NAPALM's template reads it. */
export function eosNeighborDetails(text: string, multiAgent = false): BgpNeighborDetail[] {
  return text
    .split(/^(?=BGP neighbor is )/m)
    .filter((b) => b.startsWith('BGP neighbor is '))
    .map((b) => {
      const v4 = /^\s+IPv4 Unicast:\s+(\d+)\s+(\d+)/m.exec(b);
      const v6 = /^\s+IPv6 Unicast:\s+(\d+)\s+(\d+)/m.exec(b);
      const updates = /^\s+Updates:\s+(\d+)\s+(\d+)/m.exec(b);
      const totals = /^\s+Total messages:\s+(\d+)\s+(\d+)/m.exec(b);
      // The template without multi-agent reads the address only with its port.
      const localAddress = first(
        b,
        multiAgent
          ? /^Local TCP address is ([^,\s]+)/m
          : /^Local TCP address is ([^,\s]+), local port is \d+/m,
      );
      const routerId = first(b, /remote router ID (\S+), VRF \S+/);
      return {
        up: first(b, /^\s+BGP state is \S+?, (\S+) /m) === 'up',
        local_as: int(first(b, /^Local AS is (\d+)/m)),
        remote_as: int(first(b, /^BGP neighbor is \S+, remote AS (\d+),/)),
        router_id: routerId ? ipText(routerId) : '',
        local_address: localAddress ? ipText(localAddress) : '',
        routing_table: first(b, /remote router ID \S+, VRF (\S+)/),
        local_address_configured: localAddress !== '',
        local_port: int(first(b, /^Local TCP address is \S+, local port is (\d+)/m)),
        remote_address: ipText(first(b, /^BGP neighbor is (\S+), remote AS/)),
        remote_port: int(first(b, /, remote port is (\d+)/)),
        multihop: !['', '0'].includes(first(b, /^\s+Nexthop matches local IP address: (\d+)/m)),
        multipath: false,
        remove_private_as: false,
        import_policy: first(b, /^\s+Inbound route map is (\S+)/m),
        export_policy: first(b, /^\s+Outbound route map is (\S+)/m),
        input_messages: totals ? Number(totals[2]) : 0,
        output_messages: totals ? Number(totals[1]) : 0,
        input_updates: updates ? Number(updates[2]) : 0,
        output_updates: updates ? Number(updates[1]) : 0,
        messages_queued_out: int(
          multiAgent ? first(b, /^\s+Send-Q:\s+(\d+)\//m) : first(b, /^\s+OutQ depth is (\d+)/m),
        ),
        // Without multi-agent the state is read only from a line that goes on after a comma.
        connection_state: first(
          b,
          multiAgent ? /^\s+BGP state is ([^,\s]+)/m : /^\s+BGP state is (\S+?), \S+ /m,
        ),
        previous_connection_state: first(b, /^\s+Last state was (\S+)/m),
        last_event: first(b, /^\s+Last event was (\S+)/m),
        suppress_4byte_as: false,
        local_as_prepend: false,
        holdtime: int(first(b, /^\s+Hold time is (\d+), keepalive interval is \d+ seconds/m)),
        configured_holdtime: int(first(b, /^\s+Configured hold time is (\d+),/m)),
        keepalive: int(first(b, /^\s+Hold time is \d+, keepalive interval is (\d+) seconds/m)),
        configured_keepalive: int(first(b, /^\s+Configured hold time is \d+, keepalive interval is (\d+)/m)),
        active_prefix_count: 0,
        received_prefix_count: int(v4?.[2] ?? '') + int(v6?.[2] ?? ''),
        accepted_prefix_count: 0,
        suppressed_prefix_count: 0,
        advertised_prefix_count: int(v4?.[1] ?? '') + int(v6?.[1] ?? ''),
        flap_count: 0,
      };
    });
}
