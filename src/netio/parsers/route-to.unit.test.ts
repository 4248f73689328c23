import { describe, expect, it } from 'vitest';
import { ntcSamples } from '../../../tests/helpers/fixtures.ts';
import { bgpUptime } from './bgp.ts';
import { canonicalInterface } from './names.ts';
import { parseNxosRouteTo, parseXrRouteTo } from './route-to.ts';
import { iosRouteCommand, parseIosRouteTo } from './route-to-ios.ts';

const cases = ntcSamples('cisco_nxos', 'show_ip_route');

describe('get_route_to on NX-OS, as nxos_ssh reads show ip route', () => {
  it.each(cases)('$name: every path of every prefix, in its VRF', ({ raw, records }) => {
    const routes = parseNxosRouteTo(raw);
    const paths = Object.values(routes).flat();
    // Only the IPv4 next hops nxos_ssh's pattern reads (it skips paths through another VRF's table it cannot name).
    const readable = records.filter((r) => /^\d+\.\d+\.\d+\.\d+$/.test(r.network!));
    expect(paths.length).toBeGreaterThan(0);
    expect(paths.length).toBeLessThanOrEqual(readable.length);
    for (const r of readable) {
      const prefix = `${r.network}/${r.prefix_length}`;
      const match = routes[prefix]?.find(
        (p) =>
          p.next_hop === r.nexthop_ip &&
          p.routing_table === r.vrf &&
          p.protocol === r.protocol!.split('-')[0] &&
          p.outgoing_interface === (r.nexthop_if ? canonicalInterface(r.nexthop_if) : ''),
      );
      // Every path ntc-templates reads with an IPv4 next hop, nxos_ssh reads too, but one whose age
      // is not a duration ("0.000000"), which its pattern passes over.
      if (r.nexthop_ip && !r.nexthop_vrf && /^[\w:]+$/.test(r.uptime!))
        expect(match, `${prefix} via ${r.nexthop_ip}`).toBeDefined();
      if (!match) continue;
      expect(match).toMatchObject({
        protocol: r.protocol!.split('-')[0],
        routing_table: r.vrf,
        // nxos_ssh's preference is the metric of "[distance/metric]".
        preference: Number(r.metric),
        age: bgpUptime(r.uptime!),
      });
    }
  });

  it('keeps the protocol asked for, marks the best paths, and skips a table without the route', () => {
    const out = `IP Route Table for VRF "default"
'*' denotes best ucast next-hop

10.0.0.0/24, ubest/mbest: 1/0
    *via 10.1.1.1, Eth1/1, [110/20], 02:19:36, ospf-1000, type-2,
         tag 2121
     via 10.1.1.5, Eth1/2, [110/30], 1d02h, ospf-1000, intra
IP Route Table for VRF "blue"
Route not found
`;
    expect(parseNxosRouteTo(out, 'ospf')).toEqual({
      '10.0.0.0/24': [
        {
          protocol: 'ospf',
          outgoing_interface: 'Ethernet1/1',
          age: 8376,
          current_active: true,
          routing_table: 'default',
          last_active: true,
          next_hop: '10.1.1.1',
          selected_next_hop: true,
          inactive_reason: '',
          preference: 20,
          protocol_attributes: {},
        },
        {
          protocol: 'ospf',
          outgoing_interface: 'Ethernet1/2',
          age: 93_600,
          current_active: false,
          routing_table: 'default',
          last_active: false,
          next_hop: '10.1.1.5',
          selected_next_hop: false,
          inactive_reason: '',
          preference: 30,
          protocol_attributes: {},
        },
      ],
    });
    expect(parseNxosRouteTo(out, 'bgp')).toEqual({ '10.0.0.0/24': [] });
  });
});

describe("get_route_to on IOS, as NAPALM's ios reads show ip route NETWORK NETMASK", () => {
  it('asks for the network and mask of the destination', () => {
    expect(iosRouteCommand('10.1.1.77/24')).toBe('show ip route 10.1.1.0 255.255.255.0');
    expect(iosRouteCommand('10.1.1.77')).toBe('show ip route 10.1.1.77 255.255.255.255');
  });

  it('reads each descriptor block: next hop, age, interface, its metric as the preference', () => {
    const out = `Routing entry for 10.1.1.0/24
  Known via "ospf 1", distance 110, metric 20, type intra area
  Last update from 10.0.0.2 on GigabitEthernet0/1, 00:01:23 ago
  Routing Descriptor Blocks:
  * 10.0.0.2, from 2.2.2.2, 00:01:23 ago, via GigabitEthernet0/1
      Route metric is 20, traffic share count is 1
    10.0.0.6, from 3.3.3.3, 1w2d ago, via GigabitEthernet0/2
      Route metric is 20, traffic share count is 1
`;
    const routes = parseIosRouteTo(out, '', '10.1.1.0/24');
    expect(routes['10.1.1.0/24']).toEqual([
      {
        protocol: 'ospf',
        outgoing_interface: 'GigabitEthernet0/1',
        age: 83,
        current_active: true,
        routing_table: 'default',
        last_active: true,
        protocol_attributes: {},
        next_hop: '10.0.0.2',
        selected_next_hop: true,
        inactive_reason: '',
        preference: 20,
      },
      expect.objectContaining({
        next_hop: '10.0.0.6',
        age: 777_600,
        outgoing_interface: 'GigabitEthernet0/2',
      }),
    ]);
    expect(parseIosRouteTo(out, 'bgp', '10.1.1.0/24')).toEqual({ '10.1.1.0/24': [] });
  });

  it('a connected route: no next hop, no age', () => {
    const out = `Routing entry for 10.0.0.0/31
  Known via "connected", distance 0, metric 0 (connected, via interface)
  Routing Descriptor Blocks:
  * directly connected, via Gi0/1
      Route metric is 0, traffic share count is 1
`;
    expect(parseIosRouteTo(out, '', '10.0.0.0/31')['10.0.0.0/31']).toEqual([
      expect.objectContaining({
        protocol: 'connected',
        next_hop: '',
        age: '',
        outgoing_interface: 'GigabitEthernet0/1',
      }),
    ]);
  });
});

// "show route … detail" on an ASR 9000 (IOS-XR 7): a BGP multipath route and a connected subnet.
const XR_BGP = `Wed Dec  2 10:15:03.251 UTC

Routing entry for 203.0.113.0/24
  Known via "bgp 65000", distance 20, metric 0
  Tag 65001, type external
  Installed Nov 28 09:12:44.101 for 4d01h
  Routing Descriptor Blocks
    10.1.1.1, from 10.1.1.1, BGP external
      Route metric is 0
      Label: None
      Tunnel ID: None
      Binding Label: None
      Extended communities count: 0
      NHID:0x0(Ref:0)
    10.1.1.5, from 10.1.1.5, BGP external, BGP multi path
      Route metric is 0
      NHID:0x0(Ref:0)
  Route version is 0x3 (3)
  No local label
  IP Precedence: Not Set
  QoS Group ID: Not Set
  Flow-tag: Not Set
  Fwd-class: Not Set
  Route Priority: RIB_PRIORITY_RECURSIVE (12) SVD Type RIB_SVD_TYPE_LOCAL
  Download Priority 3, Download Version 2071
  No advertising protos.
`;

const XR_CONNECTED = `Routing entry for 10.0.12.0/31
  Known via "connected", distance 0, metric 0 (connected)
  Installed Nov  5 10:15:03.251 for 3w6d
  Routing Descriptor Blocks
    directly connected, via GigabitEthernet0/0/0/0
      Route metric is 0
  Route version is 0x1 (1)
  No local label
  Route Priority: RIB_PRIORITY_CONNECTED (2) SVD Type RIB_SVD_TYPE_LOCAL
  Download Priority 0, Download Version 5
  No advertising protos.
`;

describe("get_route_to on IOS-XR, as NAPALM's iosxr reads the RIB", () => {
  it('a path per descriptor block, only the first active, the RIB priority as preference, no interface', () => {
    const routes = parseXrRouteTo(XR_BGP, '');
    const base = {
      protocol: 'bgp',
      age: 4 * 86400 + 3600,
      preference: 12,
      last_active: false,
      selected_next_hop: false,
      outgoing_interface: '',
      inactive_reason: '',
      routing_table: 'default',
      protocol_attributes: {},
    };
    expect(routes).toEqual({
      '203.0.113.0/24': [
        { ...base, current_active: true, next_hop: '10.1.1.1' },
        { ...base, current_active: false, next_hop: '10.1.1.5' },
      ],
    });
  });

  it('a connected subnet has no next hop; "direct" is connected; another protocol keeps nothing', () => {
    expect(parseXrRouteTo(XR_CONNECTED, 'direct')).toEqual({
      '10.0.12.0/31': [
        expect.objectContaining({
          protocol: 'connected',
          next_hop: '',
          preference: 2,
          age: 27 * 86400,
          current_active: true,
        }),
      ],
    });
    expect(parseXrRouteTo(XR_CONNECTED, 'bgp')).toEqual({});
    expect(parseXrRouteTo('', '')).toEqual({});
  });
});
