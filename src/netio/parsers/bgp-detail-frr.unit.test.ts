import { describe, expect, it } from 'vitest';
import { frrBgpNeighborsDetail } from './bgp-detail-frr.ts';

// "vtysh -c 'show bgp vrf all neighbors json'" from FRR 9.1 (trimmed to the fields read).
const NEIGHBORS = {
  default: {
    vrfId: 0,
    vrfName: 'default',
    '10.0.12.0': {
      remoteAs: 65001,
      localAs: 65100,
      remoteRouterId: '10.255.0.1',
      localRouterId: '10.255.0.9',
      bgpState: 'Established',
      updateSource: 'lo',
      bgpTimerHoldTimeMsecs: 9000,
      bgpTimerKeepAliveIntervalMsecs: 3000,
      bgpTimerConfiguredHoldTimeMsecs: 9000,
      bgpTimerConfiguredKeepAliveIntervalMsecs: 3000,
      neighborCapabilities: { '4byteAs': 'advertisedAndReceived' },
      messageStats: {
        depthInq: 0,
        depthOutq: 1,
        updatesSent: 4,
        updatesRecv: 9,
        totalSent: 310,
        totalRecv: 320,
      },
      addressFamilyInfo: {
        ipv4Unicast: {
          acceptedPrefixCounter: 7,
          sentPrefixCounter: 3,
          routeMapForIncomingAdvertisements: 'FROM-SPINE',
          routeMapForOutgoingAdvertisements: 'TO-SPINE',
        },
        ipv6Unicast: { acceptedPrefixCounter: 2, sentPrefixCounter: 1 },
      },
      connectionsEstablished: 3,
      connectionsDropped: 2,
      lastResetDueTo: 'Peer closed the session',
      hostLocal: '10.0.12.1',
      portLocal: 179,
      hostForeign: '10.0.12.0',
      portForeign: 40562,
    },
  },
  RED: {
    vrfId: 7,
    vrfName: 'RED',
    '192.168.9.2': { remoteAs: 65009, localAs: 65100, bgpState: 'Active', externalBgpNbrMaxHopsAway: 2 },
  },
};

describe('get_bgp_neighbors_detail on a Linux router running FRR', () => {
  it('each neighbour of each VRF, timers in seconds, families added up, the first family’s route maps', async () => {
    const asked: string[] = [];
    const detail = await frrBgpNeighborsDetail(async (c) => {
      asked.push(c);
      return JSON.stringify(NEIGHBORS);
    }, '');
    expect(asked).toEqual(["vtysh -c 'show bgp vrf all neighbors json'"]);
    expect(detail.global!['65001']).toEqual([
      {
        up: true,
        local_as: 65100,
        remote_as: 65001,
        router_id: '10.255.0.1',
        local_address: '10.0.12.1',
        routing_table: 'global',
        local_address_configured: true,
        local_port: 179,
        remote_address: '10.0.12.0',
        remote_port: 40562,
        multihop: false,
        multipath: false,
        remove_private_as: false,
        import_policy: 'FROM-SPINE',
        export_policy: 'TO-SPINE',
        input_messages: 320,
        output_messages: 310,
        input_updates: 9,
        output_updates: 4,
        messages_queued_out: 1,
        connection_state: 'Established',
        previous_connection_state: '',
        last_event: 'Peer closed the session',
        suppress_4byte_as: false,
        local_as_prepend: false,
        holdtime: 9,
        configured_holdtime: 9,
        keepalive: 3,
        configured_keepalive: 3,
        active_prefix_count: 0,
        received_prefix_count: 9,
        accepted_prefix_count: 9,
        suppressed_prefix_count: 0,
        advertised_prefix_count: 4,
        flap_count: 2,
      },
    ]);
    expect(detail.RED!['65009']![0]).toMatchObject({
      up: false,
      multihop: true,
      connection_state: 'Active',
      local_port: 0,
    });
  });

  it('one neighbour asked by address; no vtysh is no BGP', async () => {
    const asked: string[] = [];
    await frrBgpNeighborsDetail(async (c) => {
      asked.push(c);
      return '{}';
    }, '10.0.12.0');
    expect(asked).toEqual(["vtysh -c 'show bgp vrf all neighbors 10.0.12.0 json'"]);
    const missing = async () => {
      throw new Error('"vtysh -c …": bash: vtysh: command not found');
    };
    expect(await frrBgpNeighborsDetail(missing, '')).toEqual({});
  });
});
