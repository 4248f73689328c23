import { describe, expect, it } from 'vitest';
import { ntcSamples } from '../../../tests/helpers/fixtures.ts';
import {
  asNumber,
  bgpUptime,
  iosNeighborEntries,
  iosSummaryRows,
  junosUptime,
  parseEosBgp,
  parseIosBgp,
  parseJunosBgp,
  parseNxosBgp,
  parseXrBgp,
} from './bgp.ts';

/** get_bgp_neighbors' reading of real devices' output (ntc-templates' samples and their records). */
const cases = ntcSamples;

describe('BGP time and numbers as NAPALM converts them', () => {
  it.each([
    ['00:14:23', 863],
    ['1d11h', 126_000],
    ['8w5d', 5_270_400],
    ['1y28w', 48_470_400],
    ['40d23h', 3_538_800],
    ['never', -1],
  ])('%s is %i seconds', (text, seconds) => expect(bgpUptime(text)).toBe(seconds));

  it('refuses what is not a time rather than guessing', () =>
    expect(() => bgpUptime('soon')).toThrow(/soon/));

  it('reads asdot AS numbers', () => {
    expect(asNumber('65000')).toBe(65_000);
    expect(asNumber('1.10')).toBe(65_546);
  });
});

describe('IOS show bgp summary', () => {
  it.each(cases('cisco_ios', 'show_ip_bgp_summary'))('$name: every neighbour row', ({ raw, records }) => {
    const rows = iosSummaryRows(raw);
    expect(rows).toHaveLength(records.length);
    records.forEach((r, i) => {
      const row = rows[i]!;
      expect(row.addr).toBe(r.bgp_neighbor);
      expect(asNumber(row.remoteAs)).toBe(asNumber(r.neighbor_as!));
      expect(row.uptime).toBe(r.up_down);
      expect(row.accepted ?? row.state).toBe(r.state_or_prefixes_received);
      expect(row.routerId).toBe(r.router_id);
      expect(row.localAs).toBe(r.local_as);
      if (r.address_family) expect(row.afi).toBe(r.address_family.toLowerCase());
    });
  });
});

describe('IOS show bgp neighbors', () => {
  it.each(cases('cisco_ios', 'show_ip_bgp_neighbors'))(
    '$name: each neighbour, its router id, state and VRF',
    ({ raw, records }) => {
      const entries = iosNeighborEntries(raw);
      for (const r of records) {
        const entry = entries.find((e) => e.addr === r.neighbor);
        expect(entry, r.neighbor).toBeDefined();
        expect(entry!.remoteId).toBe(r.remote_router_id);
        expect(entry!.state).toBe(r.bgp_state);
        expect(entry!.vrf).toBe(r.vrf);
      }
    },
  );

  it('joins the summary and the neighbours per family, as NAPALM does', () => {
    const summary = `For address family: IPv4 Unicast
BGP router identifier 192.168.0.1, local AS number 65000

Neighbor        V           AS MsgRcvd MsgSent   TblVer  InQ OutQ Up/Down  State/PfxRcd
192.168.0.2     4        65001       0       0        1    0    0 never    Idle (Admin)
192.168.0.4     4        65001      50      40        9    0    0 1d02h          12

For address family: IPv6 Unicast
BGP router identifier 192.168.0.1, local AS number 65000

Neighbor        V           AS MsgRcvd MsgSent   TblVer  InQ OutQ Up/Down  State/PfxRcd
2001:DB8::2
                4        65010       5       4        2    0    0 00:00:50        1
`;
    const neighbors = `BGP neighbor is 192.168.0.2,  remote AS 65001, external link
  Description: to isp-a
  BGP version 4, remote router ID 0.0.0.0
  BGP state = Idle
 For address family: IPv4 Unicast
    Prefixes Current:               0          0
  Local Policy Denied Prefixes:    --------    -------
BGP neighbor is 192.168.0.4,  remote AS 65001, external link
  BGP version 4, remote router ID 10.9.9.4
  BGP state = Established, up for 1d02h
 For address family: IPv4 Unicast
    Prefixes Current:               3         11
  Local Policy Denied Prefixes:    --------    -------
BGP neighbor is 2001:DB8::2,  remote AS 65010, external link
  BGP version 4, remote router ID 10.9.9.2
  BGP state = Established, up for 00:00:50
 For address family: IPv6 Unicast
    Prefixes Current:               0          1 (Consumes 108 bytes)
  Local Policy Denied Prefixes:    --------    -------
`;
    expect(parseIosBgp(summary, neighbors)).toEqual({
      global: {
        router_id: '192.168.0.1',
        peers: {
          '192.168.0.2': {
            local_as: 65_000,
            remote_as: 65_001,
            remote_id: '0.0.0.0',
            is_up: false,
            is_enabled: false,
            description: 'to isp-a',
            uptime: -1,
            address_family: {
              'ipv4 unicast': { received_prefixes: -1, accepted_prefixes: -1, sent_prefixes: -1 },
            },
          },
          // NAPALM carries a description over to the next neighbour that states none.
          '192.168.0.4': {
            local_as: 65_000,
            remote_as: 65_001,
            remote_id: '10.9.9.4',
            is_up: true,
            is_enabled: true,
            description: 'to isp-a',
            uptime: 93_600,
            address_family: {
              'ipv4 unicast': { received_prefixes: 11, accepted_prefixes: 11, sent_prefixes: 3 },
            },
          },
          '2001:db8::2': {
            local_as: 65_000,
            remote_as: 65_010,
            remote_id: '10.9.9.2',
            is_up: true,
            is_enabled: true,
            description: 'to isp-a',
            uptime: 50,
            address_family: {
              'ipv6 unicast': { received_prefixes: 1, accepted_prefixes: 1, sent_prefixes: 0 },
            },
          },
        },
      },
    });
  });

  it('no BGP: no neighbours', () => expect(parseIosBgp('', '')).toEqual({}));
});

describe('NX-OS show bgp all summary vrf all', () => {
  it('reads each VRF and family, a wrapped row and an admin shutdown, as nxos_ssh does', () => {
    const out = parseNxosBgp(`BGP summary information for VRF default, address family IPv4 Unicast
BGP router identifier 2.2.2.3, local AS number 102
BGP table version is 5, IPv4 Unicast config peers 3, capable peers 1
Neighbor        V    AS MsgRcvd MsgSent   TblVer  InQ OutQ Up/Down  State/PfxRcd
10.0.0.1        4 65000 2746767 2396274 512185206    0    0 3w0d       558720
10.0.0.10       4 65009 26930508  942614 512185203    0    0 1y10w     Shut (Admin)
2001:db8:4:701::2
                4 65535  163664  163693      145    0    0     3w2d 3

BGP summary information for VRF RED, address family IPv4 Unicast
BGP router identifier 10.1.1.1, local AS number 102
Neighbor        V    AS MsgRcvd MsgSent   TblVer  InQ OutQ Up/Down  State/PfxRcd
10.1.1.2        4 65001       0       0        1    0    0 00:00:12 Idle
`);
    expect(out.global!.router_id).toBe('2.2.2.3');
    expect(out.global!.peers['10.0.0.1']).toEqual({
      local_as: 102,
      remote_as: 65_000,
      remote_id: '0.0.0.0',
      is_up: true,
      is_enabled: true,
      description: '',
      uptime: 1_814_400,
      address_family: { ipv4: { sent_prefixes: -1, accepted_prefixes: -1, received_prefixes: 558_720 } },
    });
    expect(out.global!.peers['10.0.0.10']).toMatchObject({ is_up: false, is_enabled: false, uptime: -1 });
    expect(out.global!.peers['2001:db8:4:701::2']).toMatchObject({ remote_as: 65_535, is_up: true });
    expect(out.RED!.peers['10.1.1.2']).toMatchObject({ is_up: false, is_enabled: true, uptime: -1 });
  });
});

describe("EOS, as NAPALM's eos reads the JSON summaries and the neighbour text", () => {
  it('takes state and up time from the summaries, ASes, ids, description and counts from the text', () => {
    const now = 1_700_000_100_000;
    const v4 = JSON.stringify({
      vrfs: {
        default: {
          routerId: '10.0.0.1',
          peers: {
            '10.0.0.2': { peerState: 'Established', upDownTime: 1_700_000_000 },
            '10.0.0.6': { peerState: 'Idle', peerStateIdleReason: 'Admin', upDownTime: 1_699_000_000 },
          },
        },
        RED: {
          routerId: '192.168.1.1',
          peers: { '192.168.1.2': { peerState: 'Active', upDownTime: 1_700_000_000 } },
        },
      },
    });
    const v6 = JSON.stringify({ vrfs: { default: { routerId: '10.0.0.1', peers: {} } } });
    const text = `BGP neighbor is 10.0.0.2, remote AS 65001, external link
  Description: to spine 1
  BGP version 4, remote router ID 10.9.9.2, VRF default
  Negotiated BGP version 4
  BGP state is Established, up for 00:01:40
  Prefix Statistics:
    IPv4 Unicast:           683        78              0                   0
    IPv6 Unicast:             0         0              0                   0
Local AS is 65000, local router ID 10.0.0.1
BGP neighbor is 10.0.0.6, remote AS 65002, external link
  BGP version 4, remote router ID 0.0.0.0, VRF default
  BGP state is Idle, Administratively shut down
    IPv4 Unicast:             0         0              0                   0
    IPv6 Unicast:             0         0              0                   0
Local AS is 65000, local router ID 10.0.0.1
BGP neighbor is 192.168.1.2, remote AS 65012, external link
  BGP version 4, remote router ID 0.0.0.0, VRF RED
  BGP state is Active
    IPv4 Unicast:             0         0              0                   0
    IPv6 Unicast:             0         0              0                   0
Local AS is 65011, local router ID 192.168.1.1
BGP neighbor is 10.0.0.10, remote AS 65003, external link
  BGP version 4, remote router ID 0.0.0.0, VRF default
  BGP state is Connect
    IPv4 Unicast:             0         0              0                   0
    IPv6 Unicast:             0         0              0                   0
Local AS is 65000, local router ID 10.0.0.1
`;
    const out = parseEosBgp([v6, v4, text, ''], now);
    expect(out.global!.router_id).toBe('10.0.0.1');
    expect(out.global!.peers['10.0.0.2']).toEqual({
      is_up: true,
      is_enabled: true,
      uptime: 100,
      remote_as: 65_001,
      remote_id: '10.9.9.2',
      local_as: 65_000,
      description: 'to spine 1',
      address_family: {
        ipv4: { sent_prefixes: 683, received_prefixes: 78, accepted_prefixes: -1 },
        ipv6: { sent_prefixes: 0, received_prefixes: 0, accepted_prefixes: -1 },
      },
    });
    expect(out.global!.peers['10.0.0.6']).toMatchObject({ is_up: false, is_enabled: false });
    // Known to the text only: down, up 0 s, enabled, as NAPALM's eos gives it.
    expect(out.global!.peers['10.0.0.10']).toMatchObject({ is_up: false, uptime: 0, is_enabled: true });
    expect(out.RED!.peers['192.168.1.2']).toMatchObject({ is_up: false, is_enabled: true, local_as: 65_011 });
  });
});

describe('Junos show bgp summary and neighbor', () => {
  it.each([
    ['58:03', 3483],
    ['5:23:37', 19_417],
    ['1d 2:03:04', 93_784],
    ['9w2d 5:23:37', 5_635_417],
  ])('%s is %i seconds', (text, seconds) => expect(junosUptime(text)).toBe(seconds));

  it.each(cases('juniper_junos', 'show_bgp_summary'))(
    '$name: every peer in its instance, with its counts',
    ({ raw, records }) => {
      const out = parseJunosBgp(raw, '');
      // The sample repeats one address in one instance; the last row is the one kept.
      const last = new Map(records.map((r) => [`${r.interface}|${r.peer_ip}`, r]));
      for (const r of last.values()) {
        const vrf = r.interface!.replace(/\.inet6?\.0$/, '');
        const peer = out[vrf]!.peers[r.peer_ip!]!;
        expect(peer.remote_as).toBe(Number(r.peer_as));
        expect(peer.is_up).toBe(r.state === 'Establ');
        expect(peer.uptime).toBe(junosUptime(`${r.last_flap} ${r.up_down}`));
        expect(peer.address_family.ipv4).toEqual({
          received_prefixes: Number(r.received),
          accepted_prefixes: Number(r.accepted),
          sent_prefixes: -1,
        });
      }
    },
  );

  it('takes the local AS, peer id, description, router id and advertised count from the neighbour detail', () => {
    const summary = `Peer                     AS      InPkt     OutPkt    OutQ   Flaps Last Up/Dwn State|#Active/Received/Accepted/Damped...
10.0.0.2              65001        120        118       0       0       58:03 2/3/3/0              0/0/0/0
10.0.0.6              65002          0          0       0       0     1:02:03 Active
`;
    const neighbor = `Peer: 10.0.0.2+179 AS 65001    Local: 10.0.0.1+54321 AS 65000
  Description: to-spine
  Group: fabric                Routing-Instance: master
  Type: External    State: Established    Flags: <Sync>
  Peer ID: 10.9.9.2       Local ID: 10.9.9.1       Active Holdtime: 90
  Table inet.0 Bit: 20000
    Advertised prefixes:          5
Peer: 10.0.0.6+179 AS 65002    Local: 10.0.0.5+54321 AS 65000
  Group: fabric                Routing-Instance: master
  Type: External    State: Active    Flags: <PeerShutdown>
  Peer ID: 0.0.0.0       Local ID: 10.9.9.1       Active Holdtime: 90
`;
    expect(parseJunosBgp(summary, neighbor)).toEqual({
      global: {
        router_id: '10.9.9.1',
        peers: {
          '10.0.0.2': {
            local_as: 65_000,
            remote_as: 65_001,
            remote_id: '10.9.9.2',
            is_up: true,
            is_enabled: true,
            description: 'to-spine',
            uptime: 3483,
            address_family: { ipv4: { received_prefixes: 3, accepted_prefixes: 3, sent_prefixes: 5 } },
          },
          '10.0.0.6': {
            local_as: 65_000,
            remote_as: 65_002,
            remote_id: '0.0.0.0',
            is_up: false,
            is_enabled: false,
            description: '',
            uptime: -1,
            address_family: {},
          },
        },
      },
    });
  });
});

describe('IOS-XR show bgp neighbors', () => {
  it.each(cases('cisco_xr', 'show_bgp_neighbors'))(
    '$name: every neighbour and its families',
    ({ raw, records }) => {
      const out = parseXrBgp('BGP router identifier 10.0.0.1, local AS number 65001\n', raw);
      expect(out.global!.router_id).toBe('10.0.0.1');
      for (const r of records as unknown as Record<string, string & string[]>[]) {
        const peer = out.global!.peers[r.neighbor!]!;
        expect(peer, r.neighbor).toBeDefined();
        expect(peer.remote_as).toBe(asNumber(r.remote_as!));
        expect(peer.local_as).toBe(asNumber(r.local_as!));
        expect(peer.remote_id).toBe(r.remote_router_id);
        expect(peer.description).toBe(r.description);
        expect(peer.is_up).toBe(r.state === 'Established');
        expect(peer.uptime).toBe(peer.is_up ? bgpUptime(r.uptime!) : -1);
        // One family, the neighbour address's own, with its first family's counts (as NAPALM's iosxr).
        expect(Object.keys(peer.address_family)).toEqual([r.neighbor!.includes(':') ? 'ipv6' : 'ipv4']);
        const family = Object.values(peer.address_family)[0]!;
        expect(family.accepted_prefixes, r.neighbor).toBe(Number(r.prefixes_in![0]));
        expect(family.sent_prefixes).toBe(Number(r.prefixes_out![0]));
      }
    },
  );
});
