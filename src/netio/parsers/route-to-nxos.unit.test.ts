import { describe, expect, it } from 'vitest';
import { nxosRouteTo } from './route-to-nxos.ts';

// A Nexus 9000 (NX-OS 9.3) with an eBGP route over two paths, as nxos_ssh asks about it.
const ROUTE = `IP Route Table for VRF "default"
'*' denotes best ucast next-hop
'**' denotes best mcast next-hop
'[x/y]' denotes [preference/metric]
'%<string>' in via output denotes VRF <string>

203.0.113.0/24, ubest/mbest: 2/0
    *via 10.1.1.1, [20/0], 1w2d, bgp-65000, external, tag 65001
    *via 10.1.1.5, [20/0], 1w2d, bgp-65000, external, tag 65002

IP Route Table for VRF "management"
'*' denotes best ucast next-hop

Route not found
`;

const BGP = `BGP routing table information for VRF default, address family IPv4 Unicast
BGP routing table entry for 203.0.113.0/24, version 12
Paths: (2 available, best #1)
Flags: (0x08001a) (high32 00000000) on xmit-list, is in urib, is best urib route, is in HW

  Advertised path-id 1
  Path type: external, path is valid, is best path, no labeled nexthop, in rib
  AS-Path: 65001 65100 , path sourced external to AS
    10.1.1.1 (metric 0) from 10.1.1.1 (10.255.0.1)
      Origin IGP, MED not set, localpref 120, weight 0
      Community: 65001:100 65001:200
      Extcommunity:
          RT:65000:1
          SOO:65000:7

  Path type: external, path is valid, not best reason: Router Id, multipath, no labeled nexthop, in rib
  AS-Path: 65002 65100 , path sourced external to AS
    10.1.1.5 (metric 0) from 10.1.1.5 (10.255.0.5)
      Origin IGP, MED not set, localpref 100, weight 0

  Path-id 1 advertised to peers:
    10.1.1.5
`;

describe('get_route_to on NX-OS, with the BGP attributes nxos_ssh reads', () => {
  it('a BGP path takes the attributes of the best path through its own next hop, the other path none', async () => {
    const asked: string[] = [];
    const answers: Record<string, string> = {
      'show ip route vrf all 203.0.113.9': ROUTE,
      'show bgp process | include "BGP Protocol Tag"': 'BGP Protocol Tag              : 65000\n',
      'show ip bgp vrf default 203.0.113.0/24': BGP,
      'show ip bgp neighbors vrf default | include "is 10.1.1.1"':
        'BGP neighbor is 10.1.1.1, remote AS 65001, ebgp link, Peer index 3\n',
    };
    const ask = async (c: string) => {
      asked.push(c);
      if (!(c in answers)) throw new Error(`unexpected ${c}`);
      return answers[c]!;
    };
    const routes = await nxosRouteTo(ask, '203.0.113.9', '');
    const [first, second] = routes['203.0.113.0/24']!;
    expect(first).toMatchObject({
      protocol: 'bgp',
      next_hop: '10.1.1.1',
      routing_table: 'default',
      preference: 0,
    });
    expect(first!.protocol_attributes).toEqual({
      as_path: '65001 65100',
      remote_address: '10.1.1.1',
      local_preference: 120,
      communities: ['65001:100', '65001:200', 'RT:65000:1', 'SOO:65000:7'],
      local_as: 65000,
      remote_as: 65001,
    });
    // The best path's next hop is not this path's: nxos_ssh gives it no attributes.
    expect(second!.protocol_attributes).toEqual({});
    expect(await nxosRouteTo(ask, '203.0.113.9', 'ospf')).toEqual({ '203.0.113.0/24': [] });
  });

  it('without a BGP process tag there are no attributes', async () => {
    const ask = async (c: string) => (c.startsWith('show ip route') ? ROUTE : '');
    const routes = await nxosRouteTo(ask, '203.0.113.9', 'bgp');
    expect(routes['203.0.113.0/24']!.map((p) => p.protocol_attributes)).toEqual([{}, {}]);
  });
});
