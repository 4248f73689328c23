import type { LabDevice } from '../model.ts';
import { interfaceView, networkOf } from './render.ts';

/**
 * Route lookups as each dialect answers them. The lab's routing table is its connected subnets
 * (and, on NX-OS, its own addresses as local routes): enough for get_route_to to be read the way
 * each NAPALM driver reads it.
 */

const ipNum = (ip: string) => ip.split('.').reduce((a, o) => (a << 8) + Number(o), 0) >>> 0;
const maskOf = (bits: number) => (bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0);

/** The up, addressed interfaces whose subnet holds the address (a lookup's longest match). */
function connectedTo(d: LabDevice, address: string) {
  return d.interfaces
    .map((i) => interfaceView(d, i))
    .filter((i) => {
      if (!i.ipv4 || !i.up) return false;
      const [ip = '', len = '32'] = i.ipv4.split('/');
      const mask = maskOf(Number(len));
      return (ipNum(ip) & mask) === (ipNum(address) & mask);
    });
}

/**
 * NX-OS "show ip route vrf all DESTINATION": the connected route of the subnet that holds it (and
 * the local route when it is the device's own address), or "Route not found".
 */
export function nxosRouteTo(d: LabDevice, destination: string): string {
  const [address = ''] = destination.split('/');
  const lines: string[] = [];
  for (const i of connectedTo(d, address)) {
    const [ip = ''] = i.ipv4!.split('/');
    const short = i.name.replace(/^Ethernet/, 'Eth');
    if (address === ip)
      lines.push(`${ip}/32, ubest/mbest: 1/0, attached`, `    *via ${ip}, ${short}, [0/0], 3w2d, local`);
    else
      lines.push(
        `${networkOf(i.ipv4!)}, ubest/mbest: 1/0, attached`,
        `    *via ${ip}, ${short}, [0/0], 3w2d, direct`,
      );
  }
  return `IP Route Table for VRF "default"
'*' denotes best ucast next-hop
'**' denotes best mcast next-hop
'[x/y]' denotes [preference/metric]
'%<string>' in via output denotes VRF <string>

${lines.length ? lines.join('\n') : 'Route not found'}

IP Route Table for VRF "management"
'*' denotes best ucast next-hop

Route not found
`;
}

/** IOS "show ip route NETWORK NETMASK": a connected subnet or the device's own address, else not in table. */
export function iosRouteTo(d: LabDevice, network: string, netmask: string): string {
  const bitsOf = (mask: string) =>
    mask.split('.').reduce((b, o) => b + Number(o).toString(2).replace(/0/g, '').length, 0);
  const bits = bitsOf(netmask);
  for (const i of d.interfaces.map((x) => interfaceView(d, x))) {
    if (!i.ipv4 || !i.up) continue;
    const [ip = ''] = i.ipv4.split('/');
    const subnet = networkOf(i.ipv4);
    const prefix = `${network}/${bits}`;
    if (prefix !== subnet && prefix !== `${ip}/32`) continue;
    return `Routing entry for ${prefix}
  Known via "connected", distance 0, metric 0 (connected${prefix === subnet ? ', via interface' : ''})
  Routing Descriptor Blocks:
  * directly connected, via ${i.name}
      Route metric is 0, traffic share count is 1
`;
  }
  return '% Subnet not in table\n';
}

/** EOS "show vrf | json": the default VRF and each VRF the running config defines. */
export function eosVrfsJson(d: LabDevice): string {
  const names = [
    'default',
    ...d.running.flatMap((l) => /^vrf (?:instance|definition) (\S+)$/.exec(l)?.[1] ?? []),
  ];
  const vrfs = Object.fromEntries(
    names.map((n) => [
      n,
      { routeDistinguisher: '<not set>', protocols: { ipv4: { routingState: 'up' } }, interfaces: [] },
    ]),
  );
  return `${JSON.stringify({ vrfs }, null, 2)}\n`;
}

/**
 * EOS "show ip route vrf VRF DESTINATION [PROTOCOL] detail | json": the connected subnet that
 * holds the destination, in the default VRF (the lab's interfaces are all there).
 */
export function eosRouteJson(d: LabDevice, vrf: string, destination: string, protocol: string): string {
  const [address = ''] = destination.split('/');
  const routes: Record<string, unknown> = {};
  if (vrf === 'default' && (protocol === '' || protocol === 'connected'))
    for (const i of connectedTo(d, address))
      routes[networkOf(i.ipv4!)] = {
        kernelProgrammed: true,
        directlyConnected: true,
        routeAction: 'forward',
        routeLeaked: false,
        vias: [{ interface: i.name }],
        metric: 0,
        hardwareProgrammed: true,
        routeType: 'connected',
        preference: 0,
      };
  const table = {
    routes,
    allRoutesProgrammedKernel: true,
    routingDisabled: false,
    allRoutesProgrammedHardware: true,
    defaultRouteState: 'notSet',
  };
  return `${JSON.stringify({ vrfs: { [vrf]: table } }, null, 2)}\n`;
}

/**
 * Junos "show route DESTINATION [protocol P] extensive": the device's own address as a Local
 * route, else the connected subnet that holds it as a Direct route through the port's unit 0.
 */
export function junosRouteExtensive(d: LabDevice, destination: string, protocol: string): string {
  const [address = ''] = destination.split('/');
  const blocks: string[] = [];
  for (const i of connectedTo(d, address)) {
    const [ip = ''] = i.ipv4!.split('/');
    const local = ip === address;
    if (protocol && protocol !== (local ? 'local' : 'direct')) continue;
    blocks.push(
      local
        ? `${ip}/32 (1 entry, 0 announced)
        *Local  Preference: 0
                Next hop type: Local, Next hop index: 0
                Address: 0xc5b4a24
                Next-hop reference count: 4
                Interface: ${i.name}.0
                State: <Active NoReadvrt Int>
                Age: 3w2d 4:05:06
                Validation State: unverified
                Task: IF
                AS path: I`
        : `${networkOf(i.ipv4!)} (1 entry, 1 announced)
        *Direct Preference: 0
                Next hop type: Interface, Next hop index: 0
                Address: 0xc5b49c4
                Next-hop reference count: 1
                Next hop: via ${i.name}.0, selected
                State: <Active Int>
                Age: 3w2d 4:05:06
                Validation State: unverified
                Task: IF
                Announcement bits (1): 0-KRT
                AS path: I`,
    );
  }
  if (blocks.length === 0) return '';
  return `\ninet.0: ${d.interfaces.length * 2} destinations, ${d.interfaces.length * 2} routes (${d.interfaces.length * 2} active, 0 holddown, 0 hidden)\n${blocks.join('\n')}\n`;
}

/**
 * IOS-XR "show route DESTINATION detail": the device's own address as a local /32, else the
 * connected subnet that holds it, or "% Network not in table".
 */
export function xrRouteDetail(d: LabDevice, destination: string): string {
  const [address = ''] = destination.split('/');
  const i = connectedTo(d, address)[0];
  if (!i) return '% Network not in table\n';
  const [ip = ''] = i.ipv4!.split('/');
  const local = ip === address;
  return `Routing entry for ${local ? `${ip}/32` : networkOf(i.ipv4!)}
  Known via "${local ? 'local' : 'connected'}", distance 0, metric 0 (connected)
  Installed Nov  5 10:15:03.251 for 3w6d
  Routing Descriptor Blocks
    directly connected, via ${i.name}
      Route metric is 0
  Route version is 0x1 (1)
  No local label
  IP Precedence: Not Set
  QoS Group ID: Not Set
  Route Priority: RIB_PRIORITY_CONNECTED (2) SVD Type RIB_SVD_TYPE_LOCAL
  Download Priority 0, Download Version 5
  No advertising protos.
`;
}

/** Linux "ip route show match DESTINATION": the default route and each connected subnet that holds it. */
export function linuxRouteMatch(d: LabDevice, destination: string): string {
  const [address = ''] = destination.split('/');
  const lines = [`default via 192.0.2.1 dev ${d.interfaces[0]?.name ?? 'eth0'}`];
  for (const i of connectedTo(d, address))
    lines.push(`${networkOf(i.ipv4!)} dev ${i.name} proto kernel scope link src ${i.ipv4!.split('/')[0]}`);
  return `${lines.join('\n')}\n`;
}
