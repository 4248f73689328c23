import type { BgpNeighborDetail, BgpNeighborsDetail } from '../models.ts';
import type { Ask } from '../platforms/types.ts';
import { fileNeighbor } from './bgp-detail.ts';

type FrrFamilyInfo = {
  acceptedPrefixCounter?: number;
  sentPrefixCounter?: number;
  routeMapForIncomingAdvertisements?: string;
  routeMapForOutgoingAdvertisements?: string;
};
type FrrNeighbor = {
  remoteAs?: number;
  localAs?: number;
  remoteRouterId?: string;
  bgpState?: string;
  hostLocal?: string;
  portLocal?: number;
  portForeign?: number;
  updateSource?: string;
  externalBgpNbrMaxHopsAway?: number;
  bgpTimerHoldTimeMsecs?: number;
  bgpTimerKeepAliveIntervalMsecs?: number;
  bgpTimerConfiguredHoldTimeMsecs?: number;
  bgpTimerConfiguredKeepAliveIntervalMsecs?: number;
  messageStats?: {
    depthOutq?: number;
    updatesSent?: number;
    updatesRecv?: number;
    totalSent?: number;
    totalRecv?: number;
  };
  neighborCapabilities?: { '4byteAs'?: string };
  addressFamilyInfo?: Record<string, FrrFamilyInfo>;
  connectionsDropped?: number;
  lastResetDueTo?: string;
};

/**
 * get_bgp_neighbors_detail on Linux routers and whitebox switches that run FRR (NAPALM has no
 * Linux driver; its model): "vtysh -c 'show bgp vrf all neighbors [ADDRESS] json'". The default
 * VRF is "global" as in get_bgp_neighbors; timers are FRR's milliseconds in seconds; prefix
 * counts add up the neighbour's families (FRR counts what it accepted, so received is that too);
 * the policies are the first family's route maps; flaps are the connections dropped.
 */
export async function frrBgpNeighborsDetail(ask: Ask, neighbor: string): Promise<BgpNeighborsDetail> {
  const text = await ask(`vtysh -c 'show bgp vrf all neighbors ${neighbor ? `${neighbor} ` : ''}json'`).catch(
    (err: unknown) => {
      // Without FRR there is no BGP: {}, as get_bgp_neighbors answers.
      if (/vtysh: command not found/.test((err as Error).message)) return '';
      throw err;
    },
  );
  const vrfs = JSON.parse(text.trim() || '{}') as Record<string, Record<string, unknown>>;
  const out: BgpNeighborsDetail = {};
  for (const [vrf, peers] of Object.entries(vrfs))
    for (const [address, value] of Object.entries(peers)) {
      // Besides its neighbours, a VRF's object names itself ("vrfId", "vrfName").
      if (typeof value !== 'object' || value === null) continue;
      fileNeighbor(out, frrNeighbor(vrf === 'default' ? 'global' : vrf, address, value as FrrNeighbor));
    }
  return out;
}

const seconds = (ms: number | undefined) => Math.floor((ms ?? 0) / 1000);

function frrNeighbor(table: string, address: string, n: FrrNeighbor): BgpNeighborDetail {
  const families = Object.values(n.addressFamilyInfo ?? {});
  const sum = (key: 'acceptedPrefixCounter' | 'sentPrefixCounter') =>
    families.reduce((total, f) => total + (f[key] ?? 0), 0);
  const fourByte = n.neighborCapabilities?.['4byteAs'];
  const stats = n.messageStats ?? {};
  return {
    up: n.bgpState === 'Established',
    local_as: n.localAs ?? 0,
    remote_as: n.remoteAs ?? 0,
    router_id: n.remoteRouterId ?? '',
    local_address: n.hostLocal ?? '',
    routing_table: table,
    local_address_configured: Boolean(n.updateSource),
    local_port: n.portLocal ?? 0,
    remote_address: address,
    remote_port: n.portForeign ?? 0,
    multihop: (n.externalBgpNbrMaxHopsAway ?? 1) > 1,
    multipath: false,
    remove_private_as: false,
    import_policy: families[0]?.routeMapForIncomingAdvertisements ?? '',
    export_policy: families[0]?.routeMapForOutgoingAdvertisements ?? '',
    input_messages: stats.totalRecv ?? 0,
    output_messages: stats.totalSent ?? 0,
    input_updates: stats.updatesRecv ?? 0,
    output_updates: stats.updatesSent ?? 0,
    messages_queued_out: stats.depthOutq ?? 0,
    connection_state: n.bgpState ?? '',
    previous_connection_state: '',
    last_event: n.lastResetDueTo ?? '',
    suppress_4byte_as: fourByte ? fourByte !== 'advertisedAndReceived' : false,
    local_as_prepend: false,
    holdtime: seconds(n.bgpTimerHoldTimeMsecs),
    configured_holdtime: seconds(n.bgpTimerConfiguredHoldTimeMsecs),
    keepalive: seconds(n.bgpTimerKeepAliveIntervalMsecs),
    configured_keepalive: seconds(n.bgpTimerConfiguredKeepAliveIntervalMsecs),
    active_prefix_count: 0,
    received_prefix_count: sum('acceptedPrefixCounter'),
    accepted_prefix_count: sum('acceptedPrefixCounter'),
    suppressed_prefix_count: 0,
    advertised_prefix_count: sum('sentPrefixCounter'),
    flap_count: n.connectionsDropped ?? 0,
  };
}
