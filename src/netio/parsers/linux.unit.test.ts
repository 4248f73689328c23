import { describe, expect, it } from 'vitest';
import { ntcSamples } from '../../../tests/helpers/fixtures.ts';
import {
  linuxNtpServers,
  linuxSnmp,
  linuxUsers,
  parseFrrBgp,
  parseLinuxEnvironment,
  parseLinuxFdb,
  parseLinuxRoutes,
  parseLinuxVlans,
} from './linux.ts';
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

describe('get_environment on Linux, from top', () => {
  it.each(ntcSamples('linux', 'top'))('$name: CPU as 100 minus idle, memory in KiB', ({ raw }) => {
    // The sample's header: "62.5 id", "MiB Mem : 7809.9 total, 4753.7 free, 2052.9 used".
    const env = parseLinuxEnvironment(raw);
    expect(env.cpu).toEqual({ '0': { '%usage': 37.5 } });
    expect(env.memory).toEqual({
      available_ram: Math.round(7809.9 * 1024),
      used_ram: Math.round(2052.9 * 1024),
    });
    expect(env.fans).toEqual({});
  });

  it('an older top in KiB, used before free', () => {
    const env = parseLinuxEnvironment(
      '%Cpu(s):  5.1 us,  1.2 sy,  0.0 ni, 93.4 id,  0.3 wa\nKiB Mem : 16314880 total,  9021332 free,  3120408 used,  4173140 buff/cache\n',
    );
    expect(env.cpu['0']).toEqual({ '%usage': 6.6 });
    expect(env.memory).toEqual({ available_ram: 16314880, used_ram: 3120408 });
    expect(() => parseLinuxEnvironment('bash: top: command not found')).toThrow(/no CPU line/);
  });
});

describe('the MAC table and VLANs of a Linux bridge', () => {
  it("bridge fdb show: what the bridge holds, learned or static, with its VLAN; not the ports' own filters", () => {
    const fdb = parseLinuxFdb(`44:38:39:00:00:17 dev swp1 vlan 10 master br0
44:38:39:00:00:17 dev swp1 master br0 permanent
44:38:39:00:00:2a dev swp2 vlan 20 extern_learn master br0
33:33:00:00:00:01 dev eth0 self permanent
01:00:5e:00:00:01 dev br0 self permanent
`);
    expect(fdb).toEqual([
      {
        mac: '44:38:39:00:00:17',
        interface: 'swp1',
        vlan: 10,
        static: false,
        active: true,
        moves: -1,
        last_move: -1,
      },
      {
        mac: '44:38:39:00:00:17',
        interface: 'swp1',
        vlan: 0,
        static: true,
        active: true,
        moves: -1,
        last_move: -1,
      },
      {
        mac: '44:38:39:00:00:2A',
        interface: 'swp2',
        vlan: 20,
        static: false,
        active: true,
        moves: -1,
        last_move: -1,
      },
    ]);
  });

  it('bridge vlan show: each VLAN with its ports, ranges counted one by one', () => {
    expect(
      parseLinuxVlans(`port              vlan-id
swp1              1 PVID Egress Untagged
                  10
                  20-21
swp2              10 PVID Egress Untagged
br0               1 PVID Egress Untagged
`),
    ).toEqual({
      '1': { name: '', interfaces: ['swp1', 'br0'] },
      '10': { name: '', interfaces: ['swp1', 'swp2'] },
      '20': { name: '', interfaces: ['swp1'] },
      '21': { name: '', interfaces: ['swp1'] },
    });
  });
});

describe('BGP on a Linux router running FRR', () => {
  // "vtysh -c 'show bgp vrf all summary json'" from FRR 9.1.
  const summary = JSON.stringify({
    default: {
      ipv4Unicast: {
        routerId: '10.255.0.9',
        as: 65100,
        vrfName: 'default',
        peers: {
          '10.0.12.0': {
            hostname: 'leaf01',
            remoteAs: 65001,
            localAs: 65100,
            msgRcvd: 1200,
            msgSent: 1201,
            outq: 0,
            peerUptime: '01:02:03',
            peerUptimeMsec: 3723000,
            pfxRcd: 12,
            pfxSnt: 3,
            state: 'Established',
            peerState: 'OK',
            desc: 'uplink',
          },
          '10.0.12.4': {
            remoteAs: 65002,
            localAs: 65100,
            state: 'Idle (Admin)',
            peerState: 'Admin',
            pfxRcd: 0,
          },
        },
      },
      ipv6Unicast: {
        routerId: '10.255.0.9',
        as: 65100,
        peers: {
          '10.0.12.0': {
            remoteAs: 65001,
            localAs: 65100,
            state: 'Established',
            peerState: 'OK',
            peerUptimeMsec: 3723000,
            pfxRcd: 2,
            pfxSnt: 1,
          },
        },
      },
    },
    BLUE: { ipv4Unicast: { routerId: '192.168.50.1', as: 65100, peers: {} } },
  });

  it('each VRF and peer, its families merged; a shut peer neither enabled nor up', () => {
    expect(parseFrrBgp(summary)).toEqual({
      global: {
        router_id: '10.255.0.9',
        peers: {
          '10.0.12.0': {
            local_as: 65100,
            remote_as: 65001,
            remote_id: '',
            is_up: true,
            is_enabled: true,
            description: 'uplink',
            uptime: 3723,
            address_family: {
              ipv4: { received_prefixes: 12, accepted_prefixes: 12, sent_prefixes: 3 },
              ipv6: { received_prefixes: 2, accepted_prefixes: 2, sent_prefixes: 1 },
            },
          },
          '10.0.12.4': {
            local_as: 65100,
            remote_as: 65002,
            remote_id: '',
            is_up: false,
            is_enabled: false,
            description: '',
            uptime: -1,
            address_family: { ipv4: { received_prefixes: -1, accepted_prefixes: -1, sent_prefixes: -1 } },
          },
        },
      },
      BLUE: { router_id: '192.168.50.1', peers: {} },
    });
    expect(parseFrrBgp('')).toEqual({});
  });
});

describe("a Linux host's NTP, SNMP and users", () => {
  it('NTP: chrony and ntpd servers and pools, timesyncd lists', () => {
    expect(
      linuxNtpServers(
        'pool 2.debian.pool.ntp.org iburst\nserver 192.0.2.123 iburst prefer\n  server ntp.corp.example\nNTP=192.0.2.1 192.0.2.2\n',
      ),
    ).toEqual({
      '2.debian.pool.ntp.org': {},
      '192.0.2.123': {},
      'ntp.corp.example': {},
      '192.0.2.1': {},
      '192.0.2.2': {},
    });
  });

  it('SNMP: communities with their source and mode, location and contact', () => {
    expect(
      linuxSnmp(`rocommunity <redacted:1a2b3c4d> 10.0.0.0/8
rwcommunity6 <redacted:5e6f7a8b>
com2sec local localhost <redacted:9c0d1e2f>
sysLocation Lab rack 1
sysContact noc@lab.example
`),
    ).toEqual({
      chassis_id: '',
      location: 'Lab rack 1',
      contact: 'noc@lab.example',
      community: {
        '<redacted:1a2b3c4d>': { acl: '10.0.0.0/8', mode: 'ro' },
        '<redacted:5e6f7a8b>': { acl: '', mode: 'rw' },
        '<redacted:9c0d1e2f>': { acl: 'localhost', mode: '' },
      },
    });
  });

  it('users: root and people with a login shell; sudo and wheel members at level 15', () => {
    expect(
      linuxUsers(`root:x:0:0:root:/root:/bin/bash
daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin
admin:x:1000:1000:Admin,,,:/home/admin:/bin/bash
alice:x:1001:1001::/home/alice:/bin/zsh
svc:x:1002:1002::/srv:/usr/sbin/nologin
nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin
sudo:x:27:admin
`),
    ).toEqual({
      root: { level: 15, password: '', sshkeys: [] },
      admin: { level: 15, password: '', sshkeys: [] },
      alice: { level: 1, password: '', sshkeys: [] },
    });
  });
});
