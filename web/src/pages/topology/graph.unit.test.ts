import { describe, expect, it } from 'vitest';
import { buildGraph, type DeviceNode, type Link, neighboursOf, roleRank } from './graph';

const link = (p: Partial<Link>): Link => ({
  id: Math.random().toString(36),
  customerId: 'c',
  localDeviceId: 'a',
  localName: 'leaf-a',
  localInterface: 'Eth1',
  remoteDeviceId: 'b',
  remoteName: 'spine-b',
  remoteInterface: 'Eth7',
  protocol: 'lldp',
  stale: false,
  firstSeenAt: '2026-11-24T00:00:00Z',
  lastSeenAt: '2026-11-24T00:00:00Z',
  jobId: null,
  ...p,
});
const devices = new Map<string, DeviceNode>([
  ['a', { id: 'a', hostname: 'leaf-a', role: 'leaf', reachability: 'reachable', platform: 'arista_eos' }],
  ['b', { id: 'b', hostname: 'spine-b', role: 'spine', reachability: 'unreachable', platform: 'cisco_nxos' }],
]);

describe('the topology graph', () => {
  it('draws one edge per cable, whichever end reported it and over LLDP and CDP both', () => {
    const g = buildGraph(
      [
        link({}),
        link({ protocol: 'cdp' }),
        link({
          localDeviceId: 'b',
          localInterface: 'Eth7',
          remoteDeviceId: 'a',
          remoteName: 'leaf-a',
          remoteInterface: 'Eth1',
        }),
      ],
      devices,
    );
    expect(g.edges).toHaveLength(1);
    expect(g.edges[0]!.protocols.sort()).toEqual(['cdp', 'lldp']);
    expect(g.nodes.map((n) => n.label).sort()).toEqual(['leaf-a', 'spine-b']);
  });

  it('keeps parallel cables between the same two devices apart', () => {
    const g = buildGraph([link({}), link({ localInterface: 'Eth2', remoteInterface: 'Eth8' })], devices);
    expect(g.edges).toHaveLength(2);
  });

  it('shows a neighbour outside the inventory by its advertised name', () => {
    const g = buildGraph([link({ remoteDeviceId: null, remoteName: 'isp-router' })], devices);
    const outside = g.nodes.find((n) => !n.inInventory);
    expect(outside).toMatchObject({ id: 'name:isp-router', label: 'isp-router', reachability: 'unknown' });
  });

  it("lists a device's neighbours from its side, turning around what the neighbours reported", () => {
    const rows = neighboursOf('b', [
      link({}),
      link({ protocol: 'cdp' }),
      link({
        localDeviceId: 'b',
        localName: 'spine-b',
        localInterface: 'Eth7',
        remoteDeviceId: 'a',
        remoteName: 'leaf-a.example.net',
        remoteInterface: 'Eth1',
      }),
      link({ localInterface: 'Eth2', remoteInterface: 'Eth10', stale: true }),
    ]);
    expect(
      rows.map((r) => [r.localInterface, r.name, r.remoteInterface, r.protocols.sort().join('+'), r.stale]),
    ).toEqual([
      ['Eth7', 'leaf-a.example.net', 'Eth1', 'cdp+lldp', false],
      ['Eth10', 'leaf-a', 'Eth2', 'lldp', true],
    ]);
    expect(rows[0]!.deviceId).toBe('a');
  });

  it('ranks roles from the top of the network down', () => {
    expect(['access', 'spine', 'weird', 'border'].sort((x, y) => roleRank(x) - roleRank(y))).toEqual([
      'border',
      'spine',
      'access',
      'weird',
    ]);
  });
});

describe('port labels on the map', () => {
  it('shortens the common interface types and leaves the rest as they are', async () => {
    const { shortPort } = await import('./graph');
    expect(shortPort('GigabitEthernet1/0/1')).toBe('Gi1/0/1');
    expect(shortPort('Ethernet1/49')).toBe('Eth1/49');
    expect(shortPort('HundredGigE0/0/0/1')).toBe('Hu0/0/0/1');
    expect(shortPort('Port-channel10')).toBe('Po10');
    expect(shortPort('xe-0/0/1')).toBe('xe-0/0/1');
    expect(shortPort('eth0')).toBe('eth0');
  });
});
