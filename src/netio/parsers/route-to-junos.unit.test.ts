import { describe, expect, it } from 'vitest';
import { junosRouteCommand, parseJunosRouteTo } from './route-to-junos.ts';

// "show route 203.0.113.0/24 extensive" on an MX (Junos 21): two BGP entries, the active one
// over two next hops, the other inactive with its reason, and the same prefix in a VRF.
const BGP = `
inet.0: 912 destinations, 1811 routes (912 active, 0 holddown, 0 hidden)
203.0.113.0/24 (2 entries, 1 announced)
TSI:
KRT in-kernel 203.0.113.0/24 -> {list:10.1.1.1, 10.1.1.5}
        *BGP    Preference: 170/-201
                Next hop type: Router, Next hop index: 1048574
                Address: 0xc5b4f24
                Next-hop reference count: 3
                Source: 10.1.1.1
                Next hop: 10.1.1.1 via ge-0/0/0.0 weight 0x1, selected
                Session Id: 0x141
                Next hop: 10.1.1.5 via ge-0/0/1.0 weight 0x1
                Session Id: 0x142
                State: <Active Ext>
                Local AS: 65000 Peer AS: 65001
                Age: 3w2d 4:05:06 	Metric: 20 
                Validation State: unverified 
                Task: BGP_65001.10.1.1.1+179
                Announcement bits (2): 0-KRT 4-Resolve tree 1 
                AS path: 65001 65100 I 
                Communities: 65001:100 65001:200
                Accepted Multipath
                Localpref: 200
                Router ID: 10.255.0.1
         BGP    Preference: 170/-101
                Next hop type: Indirect, Next hop index: 0
                Address: 0xc5b5e44
                Next-hop reference count: 2
                Source: 10.255.0.7
                Next hop type: Router, Next hop index: 1048580
                Next hop: 10.1.1.9 via ge-0/0/2.0, selected
                Session Id: 0x143
                Protocol next hop: 10.255.0.7
                Indirect next hop: 0xb4c2f80 1048581 INH Session ID: 0x144
                State: <Int Ext>
                Inactive reason: Local Preference
                Local AS: 65000 Peer AS: 65000
                Age: 1d 2:03:04 	Metric2: 10 
                Validation State: unverified 
                Task: BGP_65000.10.255.0.7
                AS path: I 
                Communities: 65000:1
                Accepted
                Localpref: 100
                Router ID: 10.255.0.7
                Indirect next hops: 1
                        Protocol next hop: 10.255.0.7 Metric: 10
                        Indirect next hop: 0xb4c2f80 1048581 INH Session ID: 0x144
                        Indirect path forwarding next hops: 1
                                Next hop type: Router
                                Next hop: 10.1.1.9 via ge-0/0/2.0
                                Session Id: 0x143

BLUE.inet.0: 14 destinations, 14 routes (14 active, 0 holddown, 0 hidden)
203.0.113.0/24 (1 entry, 1 announced)
        *Static Preference: 5
                Next hop type: Router, Next hop index: 612
                Address: 0xc5b6a04
                Next-hop reference count: 1
                Next hop: 192.168.7.1 via ge-0/0/5.100, selected
                Session Id: 0x150
                State: <Active Int Ext>
                Age: 41:07 
                Validation State: unverified 
                Task: RT
                Announcement bits (1): 0-KRT 
                AS path: I 
`;

const CONNECTED = `
inet.0: 31 destinations, 31 routes (31 active, 0 holddown, 0 hidden)
10.0.12.0/31 (1 entry, 1 announced)
        *Direct Preference: 0
                Next hop type: Interface, Next hop index: 0
                Address: 0xc5b49c4
                Next-hop reference count: 1
                Next hop: via ge-0/0/3.0, selected
                State: <Active Int>
                Age: 9w2d 5:23:37 
                Validation State: unverified 
                Task: IF
                Announcement bits (1): 0-KRT 
                AS path: I 
10.0.12.0/32 (1 entry, 0 announced)
        *Local  Preference: 0
                Next hop type: Local, Next hop index: 0
                Address: 0xc5b4a24
                Next-hop reference count: 4
                Interface: ge-0/0/3.0
                State: <Active NoReadvrt Int>
                Age: 9w2d 5:23:37 
                Validation State: unverified 
                Task: IF
                AS path: I 
`;

describe("get_route_to on Junos, as NAPALM's junos reads its route table", () => {
  it('asks Junos its way: "connected" is "direct", a protocol narrows the lookup', () => {
    expect(junosRouteCommand('10.0.0.1', '')).toBe('show route 10.0.0.1 extensive');
    expect(junosRouteCommand('10.0.0.0/8', 'connected')).toBe(
      'show route 10.0.0.0/8 protocol direct extensive',
    );
    expect(junosRouteCommand('10.0.0.0/8', 'bgp')).toBe('show route 10.0.0.0/8 protocol bgp extensive');
  });

  it('a path per next hop of each entry, BGP attributes, the reason a path lost, each table', () => {
    const routes = parseJunosRouteTo(BGP, '');
    const paths = routes['203.0.113.0/24']!;
    expect(paths).toHaveLength(4);
    const attributes = {
      local_as: 65000,
      remote_as: 65001,
      as_path: '65001 65100',
      communities: ['65001:100', '65001:200'],
      local_preference: 200,
      preference2: -201,
      remote_address: '10.255.0.1',
      metric: 20,
      metric2: null,
    };
    const active = {
      protocol: 'BGP',
      current_active: true,
      last_active: true,
      age: 3 * 604800 + 2 * 86400 + 4 * 3600 + 5 * 60 + 6,
      preference: 170,
      inactive_reason: '',
      routing_table: 'inet.0',
      protocol_attributes: attributes,
    };
    expect(paths[0]).toEqual({
      ...active,
      next_hop: '10.1.1.1',
      outgoing_interface: 'ge-0/0/0.0',
      selected_next_hop: true,
    });
    expect(paths[1]).toEqual({
      ...active,
      next_hop: '10.1.1.5',
      outgoing_interface: 'ge-0/0/1.0',
      selected_next_hop: false,
    });
    // The indirect next hop's forwarding lines (deeper) are not paths of their own.
    expect(paths[2]).toEqual({
      protocol: 'BGP',
      current_active: false,
      last_active: false,
      age: 86400 + 2 * 3600 + 3 * 60 + 4,
      preference: 170,
      inactive_reason: 'Local Preference',
      routing_table: 'inet.0',
      next_hop: '10.1.1.9',
      outgoing_interface: 'ge-0/0/2.0',
      selected_next_hop: true,
      protocol_attributes: {
        local_as: 65000,
        remote_as: 65000,
        as_path: '',
        communities: ['65000:1'],
        local_preference: 100,
        preference2: -101,
        remote_address: '10.255.0.7',
        metric: null,
        metric2: 10,
      },
    });
    expect(paths[3]).toEqual({
      protocol: 'Static',
      current_active: true,
      last_active: true,
      age: 41 * 60 + 7,
      preference: 5,
      inactive_reason: '',
      routing_table: 'BLUE.inet.0',
      next_hop: '192.168.7.1',
      outgoing_interface: 'ge-0/0/5.100',
      selected_next_hop: true,
      protocol_attributes: {},
    });
  });

  it('only the protocol asked for; a direct route has an interface and no next hop; a local route neither', () => {
    expect(parseJunosRouteTo(BGP, 'static')['203.0.113.0/24']).toHaveLength(1);
    const routes = parseJunosRouteTo(CONNECTED, 'connected');
    expect(routes).toEqual({
      '10.0.12.0/31': [
        expect.objectContaining({
          protocol: 'Direct',
          next_hop: '',
          outgoing_interface: 'ge-0/0/3.0',
          selected_next_hop: true,
          preference: 0,
          protocol_attributes: {},
        }),
      ],
    });
    expect(parseJunosRouteTo(CONNECTED, '')['10.0.12.0/32']).toEqual([
      expect.objectContaining({
        protocol: 'Local',
        next_hop: '',
        outgoing_interface: '',
        selected_next_hop: false,
      }),
    ]);
    expect(parseJunosRouteTo('\n', '')).toEqual({});
  });
});
