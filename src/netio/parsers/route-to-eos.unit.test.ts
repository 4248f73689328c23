import { describe, expect, it } from 'vitest';
import { eosRouteTo } from './route-to-eos.ts';

/**
 * EOS answers in eAPI's JSON (the shapes of "show vrf", "show ip route … detail" and "show ip bgp
 * … vrf …" as EOS 4.2x prints them); each test gives the device's answers by command and checks
 * what NAPALM's eos makes of them.
 */
function device(answers: Record<string, unknown>) {
  const asked: string[] = [];
  const ask = async (command: string) => {
    asked.push(command);
    if (!(command in answers)) throw new Error(`unexpected command ${command}`);
    return JSON.stringify(answers[command]);
  };
  return { ask, asked };
}

const vrfs = (...names: string[]) => ({
  vrfs: Object.fromEntries(names.map((n) => [n, { routeDistinguisher: '<not set>', interfaces: [] }])),
});
const table = (vrf: string, routes: Record<string, unknown>) => ({
  vrfs: { [vrf]: { routes, routingDisabled: false, defaultRouteState: 'reachable' } },
});

const bgpPath = (over: Record<string, unknown>) => ({
  med: 0,
  weight: 0,
  localPreference: 100,
  nextHop: '10.1.1.1',
  peerEntry: { peerRouterId: '10.255.0.1', peerAddr: '10.1.1.1' },
  asPathEntry: { asPath: '65001 65100', asPathType: 'External' },
  reasonNotBestpath: 'noReason',
  routeType: { active: true, valid: true, ecmp: false },
  routeDetail: { origin: 'Igp', communityList: ['65001:100'], extCommunityList: [] },
  ...over,
});

describe("get_route_to on EOS, as NAPALM's eos reads its JSON", () => {
  it('a connected and a static route: a path per via, "NULL" for a dropped route, age 0, every VRF in sorted order', async () => {
    const { ask, asked } = device({
      'show vrf | json': vrfs('default', 'MGMT'),
      'show ip route vrf MGMT 10.0.0.0/8 detail | json': table('MGMT', {
        '10.0.0.0/8': { routeType: 'static', preference: 1, metric: 0, routeAction: 'drop', vias: [] },
      }),
      'show ip route vrf default 10.0.0.0/8 detail | json': table('default', {
        '10.0.0.0/8': {
          routeType: 'static',
          preference: 1,
          metric: 0,
          routeAction: 'forward',
          vias: [
            { interface: 'Ethernet1', nexthopAddr: '10.9.0.1' },
            { interface: 'Ethernet2', nexthopAddr: '10.9.0.3' },
          ],
        },
      }),
    });
    const routes = await eosRouteTo(ask, '10.0.0.0/8', '');
    // Python's sorted(): upper case before lower case.
    expect(asked).toEqual([
      'show vrf | json',
      'show ip route vrf MGMT 10.0.0.0/8 detail | json',
      'show ip route vrf default 10.0.0.0/8 detail | json',
    ]);
    const common = {
      protocol: 'static',
      preference: 1,
      age: 0,
      current_active: true,
      last_active: true,
      selected_next_hop: true,
      inactive_reason: '',
      protocol_attributes: {},
    };
    expect(routes).toEqual({
      '10.0.0.0/8': [
        { ...common, routing_table: 'MGMT', next_hop: 'NULL', outgoing_interface: '' },
        { ...common, routing_table: 'default', next_hop: '10.9.0.1', outgoing_interface: 'Ethernet1' },
        { ...common, routing_table: 'default', next_hop: '10.9.0.3', outgoing_interface: 'Ethernet2' },
      ],
    });
  });

  it('"direct" asks for connected routes; a connected via has an interface and no next hop', async () => {
    const { ask } = device({
      'show vrf | json': vrfs('default'),
      'show ip route vrf default 192.0.2.9 connected detail | json': table('default', {
        '192.0.2.8/30': { routeType: 'connected', preference: 0, metric: 1, vias: [{ interface: 'Vlan20' }] },
      }),
    });
    expect(await eosRouteTo(ask, '192.0.2.9', 'direct')).toEqual({
      '192.0.2.8/30': [
        expect.objectContaining({
          protocol: 'connected',
          next_hop: '',
          outgoing_interface: 'Vlan20',
          preference: 0,
        }),
      ],
    });
  });

  it("BGP paths from BGP's own table: activity, the reason a path lost, AS numbers, communities, VTEP vias as vxlan1", async () => {
    const { ask, asked } = device({
      'show vrf | json': vrfs('default', 'BLUE'),
      'show ip route vrf BLUE 203.0.113.0/24 detail | json': table('BLUE', {
        '203.0.113.0/24': {
          routeType: 'eBGP',
          preference: 200,
          metric: 0,
          vias: [{ vtepAddr: '10.255.1.6', routerMac: '02:00:00:00:01:06', vni: 5001 }],
        },
      }),
      'show ip bgp 203.0.113.0/24 vrf BLUE | json': {
        vrfs: {
          BLUE: {
            asn: '65000',
            routerId: '10.255.0.9',
            bgpRouteEntries: {
              '203.0.113.0/24': {
                bgpRoutePaths: [
                  bgpPath({
                    nextHop: '10.255.1.6',
                    peerEntry: { peerAddr: '10.255.0.2' },
                    asPathEntry: { asPath: '65002 65200', asPathType: 'External' },
                    routeDetail: { communityList: [] },
                  }),
                ],
              },
            },
          },
        },
      },
      'show ip route vrf default 203.0.113.0/24 detail | json': table('default', {
        '203.0.113.0/24': {
          routeType: 'iBGP',
          preference: 200,
          metric: 10,
          vias: [
            { interface: 'Ethernet3', nexthopAddr: '10.1.1.1' },
            { interface: 'Ethernet4', nexthopAddr: '10.1.1.5' },
          ],
        },
      }),
      'show ip bgp 203.0.113.0/24 vrf default | json': {
        vrfs: {
          default: {
            asn: '1.10',
            bgpRouteEntries: {
              '203.0.113.0/24': {
                bgpRoutePaths: [
                  bgpPath({ asPathEntry: { asPath: '', asPathType: 'Internal' }, localPreference: 200 }),
                  bgpPath({
                    nextHop: '10.1.1.5',
                    peerEntry: { peerAddr: '10.1.1.5' },
                    asPathEntry: { asPath: '(65010) 65300', asPathType: 'External' },
                    reasonNotBestpath: 'ecmpFast',
                    routeType: { active: false, valid: true },
                    weight: 5,
                  }),
                ],
              },
            },
          },
        },
      },
    });
    const routes = await eosRouteTo(ask, '203.0.113.0/24', '');
    // BGP's table is read once per VRF that has a BGP route.
    expect(asked.filter((c) => c.startsWith('show ip bgp'))).toHaveLength(2);
    expect(routes['203.0.113.0/24']).toEqual([
      {
        protocol: 'eBGP',
        routing_table: 'BLUE',
        preference: 200,
        age: 0,
        current_active: true,
        last_active: true,
        selected_next_hop: true,
        inactive_reason: 'noReason',
        next_hop: '10.255.1.6',
        outgoing_interface: 'vxlan1',
        protocol_attributes: {
          metric: 0,
          as_path: '65002 65200',
          local_preference: 100,
          local_as: 65000,
          remote_as: 65200,
          remote_address: '10.255.0.2',
          preference2: 0,
          communities: [],
        },
      },
      expect.objectContaining({
        protocol: 'iBGP',
        routing_table: 'default',
        current_active: true,
        next_hop: '10.1.1.1',
        outgoing_interface: 'Ethernet3',
        // An internal path's remote AS is the local one (asdot 1.10 is 65546).
        protocol_attributes: expect.objectContaining({
          local_as: 65546,
          remote_as: 65546,
          local_preference: 200,
        }),
      }),
      expect.objectContaining({
        current_active: false,
        last_active: false,
        selected_next_hop: false,
        inactive_reason: 'ecmpFast',
        next_hop: '10.1.1.5',
        outgoing_interface: 'Ethernet4',
        // The parentheses of a confederation segment are stripped before the last AS is taken.
        protocol_attributes: expect.objectContaining({
          as_path: '(65010) 65300',
          remote_as: 65300,
          preference2: 5,
        }),
      }),
    ]);
  });

  it('no route is no paths; an answer that is not JSON names the command', async () => {
    const { ask } = device({
      'show vrf | json': vrfs('default'),
      'show ip route vrf default 198.51.100.1 detail | json': table('default', {}),
    });
    expect(await eosRouteTo(ask, '198.51.100.1', '')).toEqual({});
    const broken = async (c: string) => (c === 'show vrf | json' ? '% Invalid input' : '{}');
    await expect(eosRouteTo(broken, '198.51.100.1', '')).rejects.toThrow(/"show vrf" did not answer JSON/);
  });
});
