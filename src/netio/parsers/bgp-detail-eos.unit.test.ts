import { describe, expect, it } from 'vitest';
import { eosBgpNeighborsDetail, eosNeighborDetails } from './bgp-detail-eos.ts';

// "show ip bgp neighbors vrf all" on EOS 4.28 (ribd): an established eBGP neighbour with policies
// and one in a VRF that is administratively shut down.
const NEIGHBORS = `BGP neighbor is 10.0.0.1, remote AS 65001, external link
  BGP version 4, remote router ID 10.255.0.1, VRF default
  Negotiated BGP version 4
  Last read 00:00:13, last write 00:00:13
  Hold time is 90, keepalive interval is 30 seconds
  Configured hold time is 180, keepalive interval is 60 seconds
  Connect timer is inactive
  Idle-restart timer is inactive
  BGP state is Established, up for 5d00h
  Number of transitions to established: 2
  Last state was OpenConfirm
  Last event was RecvKeepAlive
  Last sent notification:Cease/administrative reset 5d00h ago
  Neighbor Capabilities:
    Multiprotocol IPv4 Unicast: advertised and received and negotiated
    Four Octet ASN: advertised and received and negotiated
  Message Statistics:
    InQ depth is 0
    OutQ depth is 2
                         Sent      Rcvd
    Opens:                  2         2
    Notifications:          1         0
    Updates:               14        27
    Keepalives:         14401     14400
    Enhanced RR:            0         0
    Route-Refresh:          0         0
    Total messages:     14418     14429
  Prefix Statistics:
                         Sent      Rcvd     Best Paths     Best ECMP Paths
    IPv4 Unicast:           7        12             11                   0
    IPv6 Unicast:           1         2              2                   0
  Inbound route map is RM-PEER-IN
  Outbound route map is RM-PEER-OUT
Local AS is 65000, local router ID 10.255.0.2
TTL is 1
Local TCP address is 10.0.0.2, local port is 179
Remote TCP address is 10.0.0.1, remote port is 51234
Auto-Local-Addr is disabled
TCP Socket Information:
  TCP state is ESTABLISHED
  Recv-Q: 0/32768
  Send-Q: 0/32768

BGP neighbor is 192.168.50.2, remote AS 65050, external link
  BGP version 4, remote router ID 0.0.0.0, VRF BLUE
  Negotiated BGP version 0
  Hold time is 180, keepalive interval is 60 seconds
  Configured hold time is 180, keepalive interval is 60 seconds
  BGP state is Idle, Administratively shut down
  Number of transitions to established: 0
  Last state was Idle
  Last event was Stop
  Message Statistics:
    InQ depth is 0
    OutQ depth is 0
                         Sent      Rcvd
    Updates:                0         0
    Total messages:         0         0
  Prefix Statistics:
                         Sent      Rcvd     Best Paths     Best ECMP Paths
    IPv4 Unicast:           0         0              0                   0
Local AS is 65000, local router ID 10.255.0.2
TTL is 1
Auto-Local-Addr is disabled
`;

describe("get_bgp_neighbors_detail on EOS, as NAPALM's eos reads the neighbour text", () => {
  it('each neighbour with its VRF, state, timers, counters and policies', () => {
    const [up, shut] = eosNeighborDetails(NEIGHBORS);
    expect(up).toEqual({
      up: true,
      local_as: 65000,
      remote_as: 65001,
      router_id: '10.255.0.1',
      local_address: '10.0.0.2',
      routing_table: 'default',
      local_address_configured: true,
      local_port: 179,
      remote_address: '10.0.0.1',
      remote_port: 51234,
      multihop: false,
      multipath: false,
      remove_private_as: false,
      import_policy: 'RM-PEER-IN',
      export_policy: 'RM-PEER-OUT',
      input_messages: 14429,
      output_messages: 14418,
      input_updates: 27,
      output_updates: 14,
      messages_queued_out: 2,
      connection_state: 'Established',
      previous_connection_state: 'OpenConfirm',
      last_event: 'RecvKeepAlive',
      suppress_4byte_as: false,
      local_as_prepend: false,
      holdtime: 90,
      configured_holdtime: 180,
      keepalive: 30,
      configured_keepalive: 60,
      active_prefix_count: 0,
      // IPv4's plus IPv6's.
      received_prefix_count: 14,
      accepted_prefix_count: 0,
      suppressed_prefix_count: 0,
      advertised_prefix_count: 8,
      flap_count: 0,
    });
    expect(shut).toMatchObject({
      up: false,
      routing_table: 'BLUE',
      connection_state: 'Idle',
      local_address: '',
      local_address_configured: false,
      remote_port: 0,
    });
  });

  it("multi-agent: the queue from the socket's Send-Q, a state line without a comma still read", () => {
    const text = NEIGHBORS.replace('  Send-Q: 0/32768', '  Send-Q: 5/32768').replace(
      'BGP state is Idle, Administratively shut down',
      'BGP state is Active',
    );
    const [up, active] = eosNeighborDetails(text, true);
    expect(up!.messages_queued_out).toBe(5);
    expect(active!.connection_state).toBe('Active');
    expect(eosNeighborDetails(text, false)[1]!.connection_state).toBe('');
  });

  it('asks both families and their summaries; the accepted count from the summary; one neighbour alone', async () => {
    const summary = JSON.stringify({
      vrfs: {
        default: { peers: { '10.0.0.1': { prefixAccepted: 10 } } },
        BLUE: { peers: { '192.168.50.2': { prefixAccepted: 0 } } },
      },
    });
    const answers: Record<string, string> = {
      'show running-config | include service routing protocols model multi-agent': '',
      'show ip bgp neighbors vrf all': NEIGHBORS,
      'show ipv6 bgp peers vrf all': '',
      'show ip bgp summary vrf all | json': summary,
      'show ipv6 bgp summary vrf all | json': JSON.stringify({ vrfs: {} }),
      'show ip bgp neighbors 10.0.0.1 vrf all': NEIGHBORS.split('\n\n')[0]!,
    };
    const asked: string[] = [];
    const ask = async (c: string) => {
      asked.push(c);
      if (!(c in answers)) throw new Error(`unexpected ${c}`);
      return answers[c]!;
    };
    const all = await eosBgpNeighborsDetail(ask, '');
    expect(Object.keys(all)).toEqual(['default', 'BLUE']);
    expect(all.default!['65001']![0]!.accepted_prefix_count).toBe(10);
    expect(all.BLUE!['65050']).toHaveLength(1);
    asked.length = 0;
    const one = await eosBgpNeighborsDetail(ask, '10.0.0.1');
    expect(asked).toEqual([
      'show running-config | include service routing protocols model multi-agent',
      'show ip bgp neighbors 10.0.0.1 vrf all',
      'show ip bgp summary vrf all | json',
    ]);
    expect(Object.keys(one)).toEqual(['default']);
  });
});
