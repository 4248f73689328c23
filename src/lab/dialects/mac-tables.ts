import type { LabDevice } from '../model.ts';
import { dottedMac, interfaceView } from './render.ts';

/**
 * `show mac address-table` as IOS, NX-OS and EOS print it. The lab's fabric links are routed,
 * so no neighbour is learned on them; each enabled switched port stands for an access port with
 * a host behind it (its address: the port's own MAC with the locally administered bit), learned
 * in VLAN 1 — a simplification: the lab shows those ports down, a switch would have aged the
 * entry out. IOS adds its CPU's static entries, NX-OS its supervisor's gateway MAC. IOS-XR
 * keeps its table per node ("show l2vpn mac-learning mac all location"): the lab's 8201 has one.
 */
export type Learned = { port: string; mac: string };

export function learnedMacs(d: LabDevice): Learned[] {
  return d.interfaces
    .map((i) => interfaceView(d, i))
    .filter((i) => i.enabled && !i.ipv4 && /Ethernet|GigE\d/.test(i.name))
    .map((i) => {
      const hex = i.mac.replace(/[^0-9a-f]/gi, '').toLowerCase();
      return { port: i.name, mac: dottedMac(`02${hex.slice(2)}`) };
    });
}

const short = (name: string, prefix: string) => name.replace(/^(?:TenGigabit|Gigabit|Fast)?Ethernet/, prefix);
const iosShort = (name: string) =>
  name
    .replace(/^TenGigabitEthernet/, 'Te')
    .replace(/^GigabitEthernet/, 'Gi')
    .replace(/^FastEthernet/, 'Fa');

export function iosMacTable(d: LabDevice): string {
  const rows = [
    ' All    0100.0ccc.cccc    STATIC      CPU',
    ' All    ffff.ffff.ffff    STATIC      CPU',
    ...learnedMacs(d).map((l) => `   1    ${l.mac}    DYNAMIC     ${iosShort(l.port)}`),
  ];
  return [
    '          Mac Address Table',
    '-------------------------------------------',
    '',
    'Vlan    Mac Address       Type        Ports',
    '----    -----------       --------    -----',
    ...rows,
    `Total Mac Addresses for this criterion: ${rows.length}`,
    '',
  ].join('\n');
}

export function nxosMacTable(d: LabDevice): string {
  const system = dottedMac(d.interfaces[0]?.mac ?? '5087.89a1.de75');
  return [
    'Legend: ',
    '        * - primary entry, G - Gateway MAC, (R) - Routed MAC, O - Overlay MAC',
    '        age - seconds since last seen,+ - primary entry using vPC Peer-Link,',
    '        (T) - True, (F) - False, C - ControlPlane MAC, ~ - vsan',
    '   VLAN     MAC Address      Type      age     Secure NTFY Ports',
    '---------+-----------------+--------+---------+------+----+------------------',
    `G     -    ${system}    static   -         F      F    sup-eth1(R)`,
    ...learnedMacs(d).map(
      (l) => `*    1     ${l.mac}    dynamic  0         F      F    ${short(l.port, 'Eth')}`,
    ),
    '',
  ].join('\n');
}

export function eosMacTable(d: LabDevice): string {
  const learned = learnedMacs(d);
  return [
    '          Mac Address Table',
    '------------------------------------------------------------------',
    '',
    'Vlan    Mac Address       Type        Ports      Moves   Last Move',
    '----    -----------       ----        -----      -----   ---------',
    ...learned.map(
      (l) => `   1    ${l.mac}    DYNAMIC     ${short(l.port, 'Et').padEnd(10)} 1       0:08:16 ago`,
    ),
    `Total Mac Addresses for this criterion: ${learned.length}`,
    '',
  ].join('\n');
}

/** IOS-XR's "show platform" on a fixed 8201: the route processor runs XR, the rest is hardware. */
export function xrPlatform(): string {
  return `Node              Type                     State                    Config state
--------------------------------------------------------------------------------
0/RP0/CPU0        8201-32FH(Active)        IOS XR RUN               NSHUT
0/PM0             PSU1.4KW-ACPE            OPERATIONAL              NSHUT
0/PM1             PSU1.4KW-ACPE            FAILED                   NSHUT
0/FT0             8201-FAN                 OPERATIONAL              NSHUT
0/FT1             8201-FAN                 OPERATIONAL              NSHUT
0/FT2             8201-FAN                 OPERATIONAL              NSHUT
`;
}

/** IOS-XR's MAC table of one node: each learned host by the port (its short name) it is behind. */
export function xrMacLearning(d: LabDevice, location: string): string | null {
  if (location !== '0/RP0/CPU0') return null;
  const xrShort = (name: string) => name.replace(/^HundredGigE/, 'Hu').replace(/^TenGigE/, 'Te');
  return [
    'Topo ID   Producer       Next Hop(s)       Mac Address       IP Address',
    '-------   --------       -----------       --------------    ----------',
    ...learnedMacs(d).map((l) => `1         ${location}     ${xrShort(l.port).padEnd(17)} ${l.mac}`),
    '',
  ].join('\n');
}
