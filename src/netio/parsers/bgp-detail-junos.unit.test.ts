import { describe, expect, it } from 'vitest';
import { junosBgpNeighborsDetail, junosNeighborDetails } from './bgp-detail-junos.ts';

// "show bgp neighbor" on an MX (Junos 21): an established eBGP peer in the master instance with
// two tables, and an idle one in a VRF.
const NEIGHBORS = `Peer: 10.0.0.1+179 AS 65001    Local: 10.0.0.2+56789 AS 65000
  Description: spine-1
  Group: EBGP                  Routing-Instance: master
  Forwarding routing-instance: master
  Type: External    State: Established    Flags: <Sync>
  Last State: OpenConfirm   Last Event: RecvKeepAlive
  Last Error: None
  Export: [ EXPORT-LOOPBACKS ] Import: [ IMPORT-ALL DENY-REST ]
  Options: <Preference LocalAddress HoldTime AddressFamily Multipath PeerAS Refresh>
  Address families configured: inet-unicast inet6-unicast
  Local Address: 10.0.0.2 Holdtime: 90 Preference: 170
  Number of flaps: 2
  Last flap event: HoldTime
  Peer ID: 10.255.0.1      Local ID: 10.255.0.2        Active Holdtime: 60
  Keepalive Interval: 20         Group index: 0    Peer index: 0    SNMP index: 0
  I/O Session Thread: bgpio-0 State: Enabled
  BFD: disabled, down
  Local Interface: ge-0/0/0.0
  NLRI for restart configured on peer: inet-unicast inet6-unicast
  NLRI advertised by peer: inet-unicast inet6-unicast
  NLRI for this session: inet-unicast inet6-unicast
  Peer supports Refresh capability (2)
  Peer supports 4 byte AS extension (peer-as 65001)
  Peer does not support Addpath
  Table inet.0 Bit: 20000
    RIB State: BGP restart is complete
    Send state: in sync
    Active prefixes:              5
    Received prefixes:            6
    Accepted prefixes:            6
    Suppressed due to damping:    0
    Advertised prefixes:          3
  Table inet6.0 Bit: 30000
    RIB State: BGP restart is complete
    Send state: in sync
    Active prefixes:              2
    Received prefixes:            2
    Accepted prefixes:            2
    Suppressed due to damping:    1
    Advertised prefixes:          1
  Last traffic (seconds): Received 10   Sent 2    Checked 45
  Input messages:  Total 1234   Updates 6       Refreshes 0     Octets 23456
  Output messages: Total 1230   Updates 3       Refreshes 0     Octets 23400
  Output Queue[1]: 0            (inet.0, inet-unicast)
  Output Queue[2]: 4            (inet6.0, inet6-unicast)

Peer: 192.168.50.2 AS 65050    Local: 192.168.50.1 AS 65000
  Group: CUSTOMER              Routing-Instance: BLUE
  Forwarding routing-instance: BLUE
  Type: External    State: Active         Flags: <>
  Last State: Idle          Last Event: Start
  Last Error: None
  Options: <Preference PeerAS RemovePrivateAS Multihop Refresh>
  Holdtime: 90 Preference: 170
  Number of flaps: 0
`;

describe("get_bgp_neighbors_detail on Junos, as NAPALM's junos reads its neighbour table", () => {
  it('an established peer: ports from the addresses, options as flags, tables summed, queues summed', () => {
    const [up, idle] = junosNeighborDetails(NEIGHBORS);
    expect(up).toEqual({
      up: true,
      local_as: 65000,
      remote_as: 65001,
      router_id: '10.255.0.1',
      local_address: '10.0.0.2',
      routing_table: 'global',
      // NAPALM's option map: AddressFamily marks the local address configured.
      local_address_configured: true,
      local_port: 56789,
      remote_address: '10.0.0.1',
      remote_port: 179,
      multihop: false,
      multipath: true,
      remove_private_as: false,
      import_policy: 'IMPORT-ALL DENY-REST',
      export_policy: 'EXPORT-LOOPBACKS',
      input_messages: 1234,
      output_messages: 1230,
      input_updates: 6,
      output_updates: 3,
      messages_queued_out: 4,
      connection_state: 'Established',
      previous_connection_state: 'OpenConfirm',
      last_event: 'RecvKeepAlive',
      suppress_4byte_as: false,
      local_as_prepend: false,
      holdtime: 60,
      configured_holdtime: 90,
      keepalive: 20,
      configured_keepalive: 20,
      active_prefix_count: 7,
      received_prefix_count: 8,
      accepted_prefix_count: 8,
      suppressed_prefix_count: 1,
      advertised_prefix_count: 4,
      flap_count: 2,
    });
    expect(idle).toMatchObject({
      up: false,
      routing_table: 'BLUE',
      local_port: 179,
      remote_port: 179,
      remove_private_as: true,
      multihop: true,
      suppress_4byte_as: true,
      input_messages: -1,
      received_prefix_count: -1,
      messages_queued_out: 0,
      connection_state: 'Active',
      previous_connection_state: 'Idle',
      last_event: 'Start',
    });
  });

  it('keyed by instance and remote AS; one neighbour asked by address', async () => {
    const asked: string[] = [];
    const ask = async (c: string) => {
      asked.push(c);
      return c === 'show bgp neighbor' ? NEIGHBORS : NEIGHBORS.split('\n\n')[1]!;
    };
    const all = await junosBgpNeighborsDetail(ask, '');
    expect(Object.keys(all)).toEqual(['global', 'BLUE']);
    expect(Object.keys(all.global!)).toEqual(['65001']);
    expect(all.BLUE!['65050']).toHaveLength(1);
    const one = await junosBgpNeighborsDetail(ask, '192.168.50.2');
    expect(asked.at(-1)).toBe('show bgp neighbor 192.168.50.2');
    expect(Object.keys(one)).toEqual(['BLUE']);
    expect(await junosBgpNeighborsDetail(async () => 'BGP is not running\n', '')).toEqual({});
  });
});
