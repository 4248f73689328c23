import { describe, expect, it } from 'vitest';
import { ntcSamples } from '../../../tests/helpers/fixtures.ts';
import { parseLinuxRoutes } from './linux.ts';
import { parseLinuxRouteTo } from './route-to-linux.ts';

describe('Linux routes, as "ip route show" prints them', () => {
  it.each(ntcSamples('linux', 'ip_route_show'))(
    '$name: every route ntc-templates reads',
    ({ raw, records }) => {
      const routes = parseLinuxRoutes(raw);
      expect(routes.map((r) => [r.prefix, r.via, r.dev, r.proto, r.metric])).toEqual(
        records.map((r) => [
          r.network === 'default' ? '0.0.0.0/0' : r.network!.includes('/') ? r.network : `${r.network}/32`,
          r.nexthop_ip,
          r.nexthop_if,
          r.protocol,
          Number(r.metric || 0),
        ]),
      );
    },
  );

  it('a multipath route is a path per next hop', () => {
    const routes = parseLinuxRoutes(`default proto bgp metric 20
\tnexthop via 10.0.0.1 dev swp1 weight 1
\tnexthop via 10.0.0.5 dev swp2 weight 1
10.0.0.0/31 dev swp1 proto kernel scope link src 10.0.0.0
`);
    expect(routes.map((r) => [r.prefix, r.via, r.dev, r.proto])).toEqual([
      ['0.0.0.0/0', '10.0.0.1', 'swp1', 'bgp'],
      ['0.0.0.0/0', '10.0.0.5', 'swp2', 'bgp'],
      ['10.0.0.0/31', '', 'swp1', 'kernel'],
    ]);
  });
});

describe('get_route_to on Linux', () => {
  const match = `default via 192.0.2.1 dev eth0 proto dhcp metric 100
10.0.0.0/8 via 10.9.9.1 dev eth1 proto static metric 20
10.1.0.0/16 proto bgp metric 20
\tnexthop via 10.1.255.1 dev swp1 weight 1
\tnexthop via 10.1.255.5 dev swp2 weight 1
`;
  it('the longest prefix that covers the destination, a path per next hop, "connected" as kernel', () => {
    expect(parseLinuxRouteTo(match, '')).toEqual({
      '10.1.0.0/16': [
        expect.objectContaining({
          protocol: 'bgp',
          next_hop: '10.1.255.1',
          outgoing_interface: 'swp1',
          preference: 20,
        }),
        expect.objectContaining({
          protocol: 'bgp',
          next_hop: '10.1.255.5',
          outgoing_interface: 'swp2',
          preference: 20,
        }),
      ],
    });
    expect(parseLinuxRouteTo(match, 'static')).toEqual({});
    expect(
      parseLinuxRouteTo('10.0.12.0/31 dev eth2 proto kernel scope link src 10.0.12.1\n', 'connected'),
    ).toEqual({
      '10.0.12.0/31': [
        expect.objectContaining({ protocol: 'kernel', next_hop: '', outgoing_interface: 'eth2' }),
      ],
    });
    expect(parseLinuxRouteTo('', '')).toEqual({});
  });
});
