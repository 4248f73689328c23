import type { BgpNeighborDetail, BgpNeighborsDetail } from '../models.ts';
import type { Ask } from '../platforms/types.ts';
import { asNumber, ipText } from './bgp.ts';
import { fileNeighbor } from './bgp-detail.ts';

/**
 * get_bgp_neighbors_detail on Junos as NAPALM's junos reads its neighbour RPC (asked here as the
 * text of "show bgp neighbor [ADDRESS]", every routing instance at once). Kept from that driver:
 * - addresses and ports split at "+" (179 when no port is printed); "master" is "global";
 * - options: RemovePrivateAS, Multipath and Multihop set their flags, and AddressFamily sets
 *   local_address_configured (its option map says so);
 * - the 4-byte AS is suppressed unless the peer announced its AS as a 4-byte capability;
 * - the hold time and keepalive are the active ones; the configured keepalive is the keepalive;
 * - prefix counts are summed over the neighbour's tables (-1 without a table), the queue over
 *   its output queues; messages are -1 where the device prints none.
 */
export async function junosBgpNeighborsDetail(ask: Ask, neighbor: string): Promise<BgpNeighborsDetail> {
  const text = await ask(neighbor ? `show bgp neighbor ${neighbor}` : 'show bgp neighbor').catch(
    (err: unknown) => {
      // No BGP at all is no neighbours, as NAPALM's table comes back empty.
      if (/BGP is not running/.test((err as Error).message)) return '';
      throw err;
    },
  );
  const out: BgpNeighborsDetail = {};
  for (const d of junosNeighborDetails(text)) {
    fileNeighbor(out, d);
  }
  return out;
}

const first = (text: string, re: RegExp): string => re.exec(text)?.[1] ?? '';
const OPTIONS: Record<string, 'remove_private_as' | 'multipath' | 'multihop' | 'local_address_configured'> = {
  RemovePrivateAS: 'remove_private_as',
  Multipath: 'multipath',
  Multihop: 'multihop',
  AddressFamily: 'local_address_configured',
};

/** Each "Peer:" block of "show bgp neighbor". */
export function junosNeighborDetails(text: string): BgpNeighborDetail[] {
  return text
    .split(/^(?=Peer: )/m)
    .filter((b) => b.startsWith('Peer: '))
    .map(junosNeighbor);
}

function junosNeighbor(b: string): BgpNeighborDetail {
  const head = /^Peer: (\S+) AS (\S+)\s+Local: (\S+) AS (\S+)/.exec(b)!;
  const [peerAddr = '', peerPort] = head[1]!.split('+');
  const [localAddr = '', localPort] = head[3]!.split('+');
  const remoteAs = asNumber(head[2]!);
  const instance = first(b, /Routing-Instance: (\S+)/) || 'master';
  const state = first(b, /^\s+Type: \S+\s+State: (\S+)/m);
  const input = /^\s+Input messages:\s+Total (\d+)\s+Updates (\d+)/m.exec(b);
  const output = /^\s+Output messages:\s+Total (\d+)\s+Updates (\d+)/m.exec(b);
  const fourByte = first(b, /Peer supports 4 byte AS extension \(peer-as (\d+)\)/);
  const policies = /Export: \[ (.*?) \]/.exec(b)?.[1] ?? '';
  const imports = /Import: \[ (.*?) \]/.exec(b)?.[1] ?? '';
  const tables = [...b.matchAll(/^\s+Table \S+[^\n]*\n((?:\s{4,}.*\n?)*)/gm)].map((m) => m[1]!);
  const sum = (re: RegExp) =>
    tables.length ? tables.reduce((n, t) => n + Number(re.exec(t)?.[1] ?? 0), 0) : -1;
  const keepalive = Number(first(b, /Keepalive Interval: (\d+)/) || 0);
  const detail: BgpNeighborDetail = {
    up: state === 'Established',
    local_as: asNumber(head[4]!),
    remote_as: remoteAs,
    router_id: first(b, /^\s+Peer ID: (\S+)/m),
    local_address: ipText(localAddr),
    routing_table: instance === 'master' ? 'global' : instance,
    local_address_configured: false,
    local_port: localPort ? Number(localPort) : 179,
    remote_address: ipText(peerAddr),
    remote_port: peerPort ? Number(peerPort) : 179,
    multihop: false,
    multipath: false,
    remove_private_as: false,
    import_policy: imports,
    export_policy: policies,
    input_messages: input ? Number(input[1]) : -1,
    output_messages: output ? Number(output[1]) : -1,
    input_updates: input ? Number(input[2]) : -1,
    output_updates: output ? Number(output[2]) : -1,
    messages_queued_out: [...b.matchAll(/^\s+Output Queue\[\d+\]: (\d+)/gm)].reduce(
      (n, m) => n + Number(m[1]),
      0,
    ),
    connection_state: state,
    previous_connection_state: first(b, /^\s+Last State: (\S+)/m),
    last_event: first(b, /Last Event: (\S+)/),
    suppress_4byte_as: remoteAs !== Number(fourByte || 0),
    local_as_prepend: false,
    holdtime: Number(first(b, /Active Holdtime: (\d+)/) || 0),
    configured_holdtime: Number(first(b, /^\s+(?:Local Address: \S+ )?Holdtime: (\d+)/m) || 0),
    keepalive,
    configured_keepalive: keepalive,
    active_prefix_count: sum(/Active prefixes:\s+(\d+)/),
    received_prefix_count: sum(/Received prefixes:\s+(\d+)/),
    accepted_prefix_count: sum(/Accepted prefixes:\s+(\d+)/),
    suppressed_prefix_count: sum(/Suppressed due to damping:\s+(\d+)/),
    advertised_prefix_count: sum(/Advertised prefixes:\s+(\d+)/),
    flap_count: Number(first(b, /Number of flaps: (\d+)/) || 0),
  };
  for (const option of first(b, /^\s+Options: <([^>]*)>/m).split(/\s+/)) {
    const key = OPTIONS[option];
    if (key) detail[key] = true;
  }
  return detail;
}
