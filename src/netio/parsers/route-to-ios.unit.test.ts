import { describe, expect, it } from 'vitest';
import { iosRouteTo } from './route-to-ios.ts';

// An IOS-XE router (16.x) with a customer VRF: the answers NAPALM's ios asks for, word for word.
const SHOW_VRF = `  Name                             Default RD            Protocols   Interfaces
  CUST                             65000:1               ipv4        Gi3
  Mgmt-intf                        <not set>             ipv6        Gi1
`;

const ROUTE_BGP = `Routing entry for 203.0.113.0/24
  Known via "bgp 65000", distance 20, metric 0
  Tag 65001, type external
  Last update from 10.1.1.1 1w2d ago
  Routing Descriptor Blocks:
  * 10.1.1.1, from 10.1.1.1, 1w2d ago
      Route metric is 0, traffic share count is 1
      AS Hops 2
      Route tag 65001
      MPLS label: none
    10.1.1.5, from 10.1.1.5, 1w2d ago
      Route metric is 0, traffic share count is 1
      AS Hops 2
`;

const BGP_TABLE = `BGP routing table entry for 203.0.113.0/24, version 42
Paths: (2 available, best #1, table default)
Multipath: eBGP
  Advertised to update-groups:
     1          2
  Refresh Epoch 1
  65001 65100
    10.1.1.1 from 10.1.1.1 (10.255.0.1)
      Origin IGP, metric 0, localpref 150, valid, external, multipath, best
      Community: 65001:100 65001:200
      Extended Community: RT:65000:1
      rx pathid: 0, tx pathid: 0x0
  Refresh Epoch 1
  65002 65100
    10.1.1.5 from 10.1.1.5 (10.255.0.5)
      Origin IGP, metric 0, localpref 100, valid, external, multipath(oldest)
      rx pathid: 0, tx pathid: 0
`;

const ROUTE_CONNECTED_VRF = `Routing entry for 192.168.10.0/24
  Known via "connected", distance 0, metric 0 (connected, via interface)
  Routing Descriptor Blocks:
  * directly connected, via GigabitEthernet3
      Route metric is 0, traffic share count is 1
`;

function device(answers: Record<string, string>) {
  const asked: string[] = [];
  const ask = async (command: string) => {
    asked.push(command);
    const answer = answers[command];
    if (answer === undefined) throw new Error(`"${command}": % Invalid input detected at '^' marker.`);
    return answer;
  };
  return { ask, asked };
}

describe("get_route_to on IOS, in NAPALM's ios steps", () => {
  it('the VRFs with IPv4, then the default table; a BGP path carries its attributes', async () => {
    const { ask, asked } = device({
      'show vrf': SHOW_VRF,
      'show ip route vrf CUST 203.0.113.0 255.255.255.0': '',
      'show ip route 203.0.113.0 255.255.255.0': ROUTE_BGP,
      'show ip protocols | include bgp': 'Routing Protocol is "bgp 65000"\n',
      'show ip bgp 203.0.113.0/24': BGP_TABLE,
      'show ip bgp neighbors | include is 10.1.1.1':
        'BGP neighbor is 10.1.1.1,  remote AS 65001, external link\n',
    });
    const routes = await iosRouteTo(ask, '203.0.113.0/24', '');
    // An IPv6-only VRF is not asked; BGP's view is read once for the table.
    expect(asked).toEqual([
      'show vrf',
      'show ip route vrf CUST 203.0.113.0 255.255.255.0',
      'show ip route 203.0.113.0 255.255.255.0',
      'show ip protocols | include bgp',
      'show ip bgp 203.0.113.0/24',
      'show ip bgp neighbors | include is 10.1.1.1',
    ]);
    const attributes = {
      as_path: '65001 65100',
      remote_address: '10.1.1.1',
      communities: ['65001:100', '65001:200', 'RT:65000:1'],
      local_preference: 150,
      local_as: 65000,
      remote_as: 65001,
    };
    const common = {
      protocol: 'bgp',
      outgoing_interface: '',
      age: 9 * 86400,
      current_active: true,
      last_active: true,
      selected_next_hop: true,
      inactive_reason: '',
      preference: 0,
      routing_table: 'default',
      protocol_attributes: attributes,
    };
    expect(routes).toEqual({
      '203.0.113.0/24': [
        { ...common, next_hop: '10.1.1.1' },
        { ...common, next_hop: '10.1.1.5' },
      ],
    });
  });

  it('a route in a VRF is its table; "show ip vrf" where "show vrf" is refused; no route is no paths', async () => {
    const { ask, asked } = device({
      'show ip vrf':
        '  Name                             Default RD          Interfaces\n  CUST                             65000:1             Gi3\n',
      'show ip route vrf CUST 192.168.10.7 255.255.255.255': ROUTE_CONNECTED_VRF,
      'show ip route 192.168.10.7 255.255.255.255': '% Subnet not in table\n',
    });
    const routes = await iosRouteTo(ask, '192.168.10.7', '');
    expect(asked[0]).toBe('show vrf');
    expect(asked[1]).toBe('show ip vrf');
    expect(routes).toEqual({
      '192.168.10.7': [
        expect.objectContaining({
          protocol: 'connected',
          routing_table: 'CUST',
          outgoing_interface: 'GigabitEthernet3',
          next_hop: '',
          age: '',
          protocol_attributes: {},
        }),
      ],
    });
  });

  it('without "Refresh Epoch" the paths are cut at their AS path lines; an iBGP path takes the local AS', async () => {
    const older = BGP_TABLE.replaceAll('  Refresh Epoch 1\n', '').replace(
      ', external, multipath, best',
      ', internal, best',
    );
    const { ask } = device({
      'show vrf': SHOW_VRF.split('\n')[0]!,
      'show ip route 203.0.113.0 255.255.255.0': ROUTE_BGP,
      'show ip protocols | include bgp': 'Routing Protocol is "bgp 65000"\n',
      'show ip bgp 203.0.113.0/24': older,
      'show ip bgp neighbors | include is 10.1.1.1': '',
    });
    const routes = await iosRouteTo(ask, '203.0.113.0/24', 'bgp');
    expect(routes['203.0.113.0/24']![0]!.protocol_attributes).toEqual({
      as_path: '65001 65100',
      remote_address: '10.1.1.1',
      communities: ['65001:100', '65001:200', 'RT:65000:1'],
      local_preference: 150,
      local_as: 65000,
      remote_as: 65000,
    });
    expect(await iosRouteTo(ask, '203.0.113.0/24', 'ospf')).toEqual({ '203.0.113.0/24': [] });
  });
});
