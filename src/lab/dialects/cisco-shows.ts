import type { LabDevice, LabInterface } from '../model.ts';
import { dottedMac, interfaceView, networkOf, timestamp, uptimeText } from './render.ts';

const views = (d: LabDevice) => d.interfaces.map((i) => interfaceView(d, i));
const state = (i: LabInterface) => (i.enabled ? (i.up ? 'up' : 'down') : 'administratively down');

export function iosVersion(d: LabDevice): string {
  return `Cisco IOS Software, ${d.model} Software (${d.model}-UNIVERSALK9-M), Version ${d.version}, RELEASE SOFTWARE (fc2)
Technical Support: http://www.cisco.com/techsupport
Copyright (c) 1986-2024 by Cisco Systems, Inc.
Compiled Tue 02-Jan-24 10:00 by prod_rel_team

ROM: Bootstrap program is ${d.model} boot loader

${d.hostname} uptime is ${uptimeText(d)}
System returned to ROM by power-on
System image file is "flash:${d.model.toLowerCase()}-universalk9-mz.bin"

cisco ${d.model} (MIPS) processor (revision A0) with 524288K/65536K bytes of memory.
Processor board ID ${d.serial}
${d.interfaces.length} Gigabit Ethernet interfaces
512K bytes of flash-simulated non-volatile configuration memory.
Base ethernet MAC Address       : ${d.chassisMac}

Configuration register is 0xF
`;
}

/** IOS "show hosts": the default domain from the running config ("ip domain name …"), no cache. */
export function iosHosts(d: LabDevice): string {
  const domain = d.running
    .map((l) => /^ip domain[ -]name (\S+)/.exec(l)?.[1])
    .find((x): x is string => Boolean(x));
  return `${domain ? `Default domain is ${domain}\n` : 'Default domain is not set\n'}Name/address lookup uses domain service
Name servers are 192.0.2.53

Codes: UN - unknown, EX - expired, OK - OK, ?? - revalidate
       temp - temporary, perm - permanent
       NA - Not Applicable None - Not defined

Host                      Port  Flags      Age Type   Address(es)
`;
}

export function nxosVersion(d: LabDevice): string {
  return `Cisco Nexus Operating System (NX-OS) Software
TAC support: http://www.cisco.com/tac
Copyright (C) 2002-2024, Cisco and/or its affiliates.
All rights reserved.

Software
  BIOS: version 05.47
  NXOS: version ${d.version}
  BIOS compile time:  04/28/2022
  NXOS image file is: bootflash:///nxos64-cs.${d.version}.bin

Hardware
  cisco Nexus9000 ${d.model} Chassis
  Intel(R) Xeon(R) CPU D-1526 @ 1.80GHz with 24569856 kB of memory.
  Processor Board ID ${d.serial}

  Device name: ${d.hostname}
  bootflash:   53298520 kB

Kernel uptime is ${uptimeText(d).replace(/(\d+) (week|day|hour|minute)s?/g, '$1 $2(s)')}
`;
}

export function eosVersion(d: LabDevice): string {
  return `Arista ${d.model}
Hardware version: 11.03
Serial number: ${d.serial}
Hardware MAC address: ${dottedMac(d.chassisMac)}
System MAC address: ${dottedMac(d.chassisMac)}

Software image version: ${d.version}
Architecture: x86_64
Internal build version: ${d.version}-1234567.${d.version.replace(/\./g, '')}
Image format version: 3.0

Uptime: ${uptimeText(d).replace(/, (\d+ minutes?)$/, ' and $1')}
Total memory: 8098984 kB
Free memory: 5316584 kB
`;
}

export function xrVersion(d: LabDevice): string {
  return `Cisco IOS XR Software, Version ${d.version}
Copyright (c) 2013-2024 by Cisco Systems, Inc.

Build Information:
 Built By     : ingunawa
 Built On     : Mon Jan  8 12:00:00 UTC 2024
 Version      : ${d.version}

cisco ${d.model} (Intel(R) Xeon(R) CPU D-1530 @ 2.40GHz) processor with 32GB of memory
${d.hostname} uptime is ${uptimeText(d)}
Processor board ID ${d.serial}
`;
}

/** "show interfaces" in the IOS layout (NX-OS, EOS and IOS-XR print the same first lines). */
export function ciscoInterfaces(d: LabDevice): string {
  return views(d)
    .map(
      (i) => `${i.name} is ${state(i)}, line protocol is ${i.up ? 'up' : 'down'}${i.up ? ' (connected)' : ''}
  Hardware is Gigabit Ethernet, address is ${dottedMac(i.mac)} (bia ${dottedMac(i.mac)})
${i.description ? `  Description: ${i.description}\n` : ''}${i.ipv4 ? `  Internet address is ${i.ipv4}\n` : ''}  MTU ${i.mtu} bytes, BW ${i.speedMbit * 1000} Kbit/sec, DLY 10 usec,
     reliability 255/255, txload 1/255, rxload 1/255
  Encapsulation ARPA, loopback not set
  Full-duplex, ${i.speedMbit >= 1000 ? `${i.speedMbit / 1000}Gb/s` : `${i.speedMbit}Mb/s`}, media type is 10/100/1000BaseTX
  5 minute input rate 0 bits/sec, 0 packets/sec
  5 minute output rate 0 bits/sec, 0 packets/sec
     0 packets input, 0 bytes, 0 no buffer
     0 packets output, 0 bytes, 0 underruns`,
    )
    .join('\n');
}

export function ciscoIpInterface(d: LabDevice): string {
  return views(d)
    .map(
      (i) => `${i.name} is ${state(i)}, line protocol is ${i.up ? 'up' : 'down'}
${i.ipv4 ? `  Internet address is ${i.ipv4}\n  Broadcast address is 255.255.255.255` : '  Internet protocol processing disabled'}`,
    )
    .join('\n');
}

/**
 * IOS "show arp": each routed interface's own address (age "-"), and the peer on its link (the
 * other address of the /31 or /30), learnt a few minutes ago, with a MAC made from the address.
 */
/** Each routed interface's own address and MAC, and its /31 or /30 peer's (the MAC made from the address). */
export function arpPairs(d: LabDevice) {
  return views(d).flatMap((i) => {
    if (!i.ipv4) return [];
    const [ip, bits] = i.ipv4.split('/');
    const parts = ip!.split('.').map(Number);
    parts[3] = parts[3]! ^ (Number(bits) >= 31 ? 1 : 3);
    const peerMac = `0200${parts.map((p) => p.toString(16).padStart(2, '0')).join('')}`;
    return [
      { iface: i.name, ip: ip!, mac: dottedMac(i.mac), peer: parts.join('.'), peerMac: dottedMac(peerMac) },
    ];
  });
}

export function iosArp(d: LabDevice): string {
  const rows = arpPairs(d).flatMap((p) => [
    `Internet  ${p.ip.padEnd(17)}-   ${p.mac.toLowerCase()}  ARPA   ${p.iface}`,
    `Internet  ${p.peer.padEnd(17)}4   ${p.peerMac}  ARPA   ${p.iface}`,
  ]);
  return ['Protocol  Address          Age (min)  Hardware Addr   Type   Interface', ...rows].join('\n');
}

/** IOS-XR "show arp": per line card, its own addresses ("Interface", no age) and the neighbours. */
export function xrArp(d: LabDevice): string {
  const rows = arpPairs(d).flatMap((p) => [
    `${p.ip.padEnd(15)} -          ${p.mac.toLowerCase()}  Interface  ARPA  ${p.iface}`,
    `${p.peer.padEnd(15)} 00:01:47   ${p.peerMac}  Dynamic    ARPA  ${p.iface}`,
  ]);
  return [
    '',
    '-------------------------------------------------------------------------------',
    '0/RP0/CPU0',
    '-------------------------------------------------------------------------------',
    'Address         Age        Hardware Addr   State      Type  Interface',
    ...rows,
    '',
  ].join('\n');
}

/** EOS "show ip arp": the neighbours, ages in h:mm:ss. */
export function eosArp(d: LabDevice): string {
  const rows = arpPairs(d).map((p) => `${p.peer.padEnd(16)}  0:01:47  ${p.peerMac}  ${p.iface}`);
  return ['Address         Age (sec)  Hardware Addr   Interface', ...rows, ''].join('\n');
}

/** NX-OS "show ip arp vrf all": the neighbours only (its own addresses are not listed). */
export function nxosArp(d: LabDevice): string {
  const rows = arpPairs(d).map((p) => `${p.peer.padEnd(16)}00:01:47  ${p.peerMac}  ${p.iface}`);
  return [
    '',
    'Flags: * - Adjacencies learnt on non-active FHRP router',
    '       + - Adjacencies synced via CFSoE',
    '       # - Adjacencies Throttled for Glean',
    '       D - Static Adjacencies attached to down interface',
    '',
    'IP ARP Table for all contexts',
    `Total number of entries: ${rows.length}`,
    'Address         Age       MAC Address     Interface',
    ...rows,
    '',
  ].join('\n');
}

/** "show vlan brief" as IOS, NX-OS ("show vlan brief") and EOS ("show vlan") print it: VLAN 1 holds every switched port, by the short names each prints. */
export function vlanBrief(d: LabDevice, short: (name: string) => string): string {
  const ports = views(d)
    .filter((i) => !i.ipv4 && !/^(?:Loopback|Vlan|Tunnel|Management|mgmt)/.test(i.name))
    .map((i) => short(i.name));
  const rows: string[] = [];
  for (let i = 0; i < Math.max(ports.length, 1); i += 4) {
    const chunk = ports.slice(i, i + 4).join(', ');
    rows.push(
      i === 0 ? `1    default                          active    ${chunk}` : `${' '.repeat(48)}${chunk}`,
    );
  }
  return [
    'VLAN Name                             Status    Ports',
    '---- -------------------------------- --------- -------------------------------',
    ...rows,
    '1002 fddi-default                     act/unsup ',
    '1003 token-ring-default               act/unsup ',
    '',
  ].join('\n');
}

export const iosVlanBrief = (d: LabDevice) =>
  vlanBrief(d, (n) =>
    n
      .replace(/^TenGigabitEthernet/, 'Te')
      .replace(/^GigabitEthernet/, 'Gi')
      .replace(/^FastEthernet/, 'Fa'),
  );
export const nxosVlanBrief = (d: LabDevice) => vlanBrief(d, (n) => n.replace(/^Ethernet/, 'Eth'));
export const eosVlan = (d: LabDevice) => vlanBrief(d, (n) => n.replace(/^Ethernet/, 'Et'));

export function nxosIpInterface(d: LabDevice): string {
  const rows = views(d)
    .filter((i) => i.ipv4)
    .map(
      (
        i,
      ) => `${i.name}, Interface status: protocol-${i.up ? 'up' : 'down'}/link-${i.up ? 'up' : 'down'}/admin-${i.enabled ? 'up' : 'down'}, iod: 5,
  IP address: ${i.ipv4!.split('/')[0]}, IP subnet: ${networkOf(i.ipv4!)} route-preference: 0, tag: 0`,
    );
  return `IP Interface Status for VRF "default"(1)\n${rows.join('\n')}`;
}

export function iosIpInterfaceBrief(d: LabDevice): string {
  const pad = (s: string, n: number) => s.padEnd(n);
  return [
    'Interface                  IP-Address      OK? Method Status                Protocol',
    ...views(d).map(
      (i) =>
        `${pad(i.name, 27)}${pad(i.ipv4?.split('/')[0] ?? 'unassigned', 16)}YES manual ${pad(state(i), 22)}${i.up ? 'up' : 'down'}`,
    ),
  ].join('\n');
}

export function nxosIpInterfaceBrief(d: LabDevice): string {
  return [
    'IP Interface Status for VRF "default"(1)',
    'Interface            IP Address      Interface Status',
    ...views(d)
      .filter((i) => i.ipv4)
      .map(
        (i) =>
          `${i.name.padEnd(21)}${i.ipv4!.split('/')[0]!.padEnd(16)}protocol-${i.up ? 'up' : 'down'}/link-${i.up ? 'up' : 'down'}/admin-${i.enabled ? 'up' : 'down'}`,
      ),
  ].join('\n');
}

export function eosIpInterfaceBrief(d: LabDevice): string {
  return [
    'Interface              IP Address         Status     Protocol         MTU',
    ...views(d).map(
      (i) =>
        `${i.name.padEnd(23)}${(i.ipv4 ?? 'unassigned').padEnd(19)}${(i.enabled ? (i.up ? 'up' : 'down') : 'admin down').padEnd(11)}${(i.up ? 'up' : 'down').padEnd(17)}${i.mtu}`,
    ),
  ].join('\n');
}

export function xrIpInterfaceBrief(d: LabDevice): string {
  return [
    'Interface                      IP-Address      Status          Protocol Vrf-Name',
    ...views(d).map(
      (i) =>
        `${i.name.padEnd(31)}${(i.ipv4?.split('/')[0] ?? 'unassigned').padEnd(16)}${(i.enabled ? (i.up ? 'Up' : 'Down') : 'Shutdown').padEnd(16)}${(i.up ? 'Up' : 'Down').padEnd(9)}default`,
    ),
  ].join('\n');
}

/** IOS ("Local Intf:") and IOS-XR ("Local Interface:") LLDP detail. */
export function iosLldpDetail(d: LabDevice, localLabel = 'Local Intf'): string {
  const records = d.neighbors.map(
    (n) => `------------------------------------------------
${localLabel}: ${n.localInterface}
Chassis id: ${dottedMac(n.remoteChassisId)}
Port id: ${n.remoteInterface}
Port Description: to ${d.hostname} ${n.localInterface}
System Name: ${n.remoteHostname}

System Description: 
${n.remoteDescription}

Time remaining: 97 seconds
System Capabilities: B,R
Enabled Capabilities: B,R
Management Addresses:
    IP: ${n.remoteMgmtIp}
Auto Negotiation - not supported
Physical media capabilities - not advertised
Media Attachment Unit type - not advertised
Vlan ID: - not advertised
`,
  );
  return `${records.join('\n')}\nTotal entries displayed: ${d.neighbors.length}`;
}

export function nxosLldpDetail(d: LabDevice): string {
  const records = d.neighbors.map(
    (n) => `Chassis id: ${dottedMac(n.remoteChassisId)}
Port id: ${n.remoteInterface}
Local Port id: ${n.localInterface}
Port Description: to ${d.hostname} ${n.localInterface}
System Name: ${n.remoteHostname}
System Description: ${n.remoteDescription}
Time remaining: 102 seconds
System Capabilities: B, R
Enabled Capabilities: B, R
Management Address: ${n.remoteMgmtIp}
Vlan ID: not advertised
`,
  );
  return `Capability codes:
  (R) Router, (B) Bridge, (T) Telephone, (C) DOCSIS Cable Device
  (W) WLAN Access Point, (P) Repeater, (S) Station, (O) Other
Device ID            Local Intf      Hold-time  Capability  Port ID  

${records.join('\n')}
Total entries displayed: ${d.neighbors.length}`;
}

export function eosLldpDetail(d: LabDevice): string {
  const byLocal = new Map<string, typeof d.neighbors>();
  for (const n of d.neighbors) byLocal.set(n.localInterface, [...(byLocal.get(n.localInterface) ?? []), n]);
  return [...byLocal]
    .map(
      ([local, list]) => `Interface ${local} detected ${list.length} LLDP neighbors:
${list
  .map(
    (n) => `
  Neighbor ${dottedMac(n.remoteChassisId)}/"${n.remoteInterface}", age 12 seconds
  Discovered 1 day, 2:03:04 ago; Last changed 1 day, 2:03:04 ago
  - Chassis ID type: MAC address (4)
    Chassis ID     : ${dottedMac(n.remoteChassisId)}
  - Port ID type: Interface name (5)
    Port ID     : "${n.remoteInterface}"
  - Time To Live: 120 seconds
  - Port Description: "to ${d.hostname} ${local}"
  - System Name: "${n.remoteHostname}"
  - System Description: "${n.remoteDescription}"
  - System Capabilities : Bridge, Router
    Enabled Capabilities: Bridge, Router
  - Management Address Subtype: IPv4 (1)
    Management Address        : ${n.remoteMgmtIp}
    Interface Number Subtype  : ifIndex (2)
    Interface Number          : 999001
    OID String                : 
`,
  )
  .join('')}`,
    )
    .join('\n');
}

export function cdpDetail(d: LabDevice): string {
  return d.neighbors
    .map(
      (n) => `-------------------------
Device ID: ${n.remoteHostname}
Entry address(es): 
  IP address: ${n.remoteMgmtIp}
Platform: ${n.remotePlatform},  Capabilities: Router Switch IGMP 
Interface: ${n.localInterface},  Port ID (outgoing port): ${n.remoteInterface}
Holdtime : 152 sec

Version :
${n.remoteDescription}

advertisement version: 2
Management address(es): 
  IP address: ${n.remoteMgmtIp}
`,
    )
    .join('\n');
}

/** The header each platform prints before its running config; clocks change, the config does not. */
export function runningHeader(d: LabDevice, flavor: string, body: string): string {
  switch (flavor) {
    case 'cisco_ios':
      return `Building configuration...\n\nCurrent configuration : ${body.length} bytes\n!\n! Last configuration change at ${timestamp(d.changedAt)} by admin\n!\n`;
    case 'cisco_nxos':
      return `\n!Command: show running-config\n!Running configuration last done at: ${timestamp(d.changedAt)}\n!Time: ${timestamp()}\n\n`;
    case 'arista_eos':
      return `! Command: show running-config\n! device: ${d.hostname} (${d.model}, EOS-${d.version})\n!\n! Time: ${timestamp()}\n!\n`;
    case 'cisco_iosxr':
      return `${xrStamp()}\nBuilding configuration...\n!! IOS XR Configuration ${d.version}\n!! Last configuration change at ${timestamp(d.changedAt)} by admin\n!\n`;
    default:
      return '';
  }
}

/** IOS-XR stamps each command's output: "Mon Nov 23 20:31:48.208 UTC". */
export function xrStamp(t = Date.now()): string {
  const d = new Date(t);
  const [day, , mon] = d.toUTCString().split(' ');
  return `${day!.slice(0, 3)} ${mon} ${d.getUTCDate()} ${d.toISOString().slice(11, 23)} UTC`;
}

/** NX-OS "show inventory": the chassis first, with the device's serial. */
export function nxosInventory(d: LabDevice): string {
  return `NAME: "Chassis",  DESCR: "Nexus9000 ${d.model} Chassis"
PID: N9K-${d.model.padEnd(16)},  VID: V02 ,  SN: ${d.serial}

NAME: "Slot 1",  DESCR: "48x10/25G + 6x40/100G Ethernet Module"
PID: N9K-${d.model.padEnd(16)},  VID: V02 ,  SN: ${d.serial}

`;
}

/** NX-OS "show hosts": the lab's default domain. */
export function nxosHosts(): string {
  return `DNS lookup enabled
Default domain for vrf:default is lab.example
Name/address lookup uses domain service
Name servers are 255.255.255.255

Host                      Address
`;
}

/** NX-OS "show interface status": every port, "Eth1/1" as NX-OS abbreviates. */
export function nxosInterfaceStatus(d: LabDevice): string {
  const rows = views(d).map((i) => {
    const name = i.name.replace(/^Ethernet/, 'Eth').replace(/^Management/, 'mgmt');
    const status = !i.enabled ? 'disabled' : i.up ? 'connected' : 'notconnec';
    const vlan = i.ipv4 ? 'routed' : '1';
    return `${name.padEnd(14)}${(i.description || '--').slice(0, 18).padEnd(19)}${status.padEnd(10)}${vlan.padEnd(10)}full    ${String(i.speedMbit >= 1000 ? `${i.speedMbit / 1000}G` : i.speedMbit).padEnd(8)}10Gbase-SR`;
  });
  const rule = '-'.repeat(80);
  return [
    rule,
    'Port          Name               Status    Vlan      Duplex  Speed   Type',
    rule,
    ...rows,
    '',
  ].join('\n');
}

/** NX-OS "show system resources": two CPUs and the memory. */
export function nxosSystemResources(): string {
  return `Load average:   1 minute: 0.31   5 minutes: 0.28   15 minutes: 0.27
Processes   :   619 total, 1 running
CPU states  :   4.00% user,   2.50% kernel,   93.50% idle
        CPU0 states  :   5.00% user,   3.00% kernel,   92.00% idle
        CPU1 states  :   3.00% user,   2.00% kernel,   95.00% idle
Memory usage:   24569856K total,   8912340K used,   15657516K free
Kernel vmalloc:    0K total,       0K free
Current memory status: OK
`;
}

/** NX-OS "show environment temperature": three sensors, one past its minor threshold. */
export function nxosTemperature(): string {
  return `Temperature:
--------------------------------------------------------------------
Module   Sensor        MajorThresh   MinorThres   CurTemp     Status
                       (Celsius)     (Celsius)    (Celsius)
--------------------------------------------------------------------
1        FRONT           80              70          31         Ok
1        BACK            70              42          44         Alarm
1        CPU             90              80          52         Ok
`;
}

/** IOS "show proc cpu": the utilisation line and a process or two. */
export function iosProcessesCpu(): string {
  return `CPU utilization for five seconds: 4%/0%; one minute: 3%; five minutes: 2%
 PID Runtime(ms)     Invoked      uSecs   5Sec   1Min   5Min TTY Process
   1           8         147         54  0.00%  0.00%  0.00%   0 Chunk Manager
   2        1268       65412         19  0.07%  0.02%  0.00%   0 Load Meter
`;
}

/** IOS "show memory statistics": the processor and I/O pools. */
export function iosMemoryStatistics(): string {
  return `                Head    Total(b)     Used(b)     Free(b)   Lowest(b)  Largest(b)
Processor   7F6E3A4B88   1837560960   303785672   1533775288  1482302728  1397522380
      I/O   7F6EE83E48    268435456    60113792    208321664   208192016   208308412
`;
}

/** IOS "show env temperature status": the system sensor, under its yellow and red thresholds. */
export function iosTemperatureStatus(): string {
  return `System Temperature Value: 38 Degree Celsius
System Temperature State: GREEN
Yellow Threshold : 58 Degree Celsius
Red Threshold    : 68 Degree Celsius
`;
}

/** EOS "show environment cooling | json": two fan trays, one failed. */
export function eosCoolingJson(): string {
  return `${JSON.stringify({
    fanTraySlots: [
      { label: '1', status: 'ok', speed: 40 },
      { label: '2', status: 'failed', speed: 0 },
    ],
    systemStatus: 'coolingKo',
  })}\n`;
}

/** EOS "show environment temperature | json": a board sensor past its overheat threshold, a PSU sensor. */
export function eosTemperatureJson(): string {
  return `${JSON.stringify({
    tempSensors: [
      { name: 'TempSensor1', currentTemperature: 41.5, overheatThreshold: 75, criticalThreshold: 85 },
      { name: 'TempSensor2', currentTemperature: 78, overheatThreshold: 75, criticalThreshold: 85 },
    ],
    cardSlots: [],
    powerSupplySlots: [
      {
        tempSensors: [
          { name: 'TempSensorP1/1', currentTemperature: 30, overheatThreshold: 60, criticalThreshold: 70 },
        ],
      },
    ],
  })}\n`;
}

/** EOS "show environment power | json": two supplies. */
export function eosPowerJson(): string {
  return `${JSON.stringify({
    powerSupplies: {
      '1': { state: 'ok', capacity: 500, outputPower: 104.5 },
      '2': { state: 'powerLoss', capacity: 500, outputPower: 0 },
    },
  })}\n`;
}

/** EOS "show processes top once": top's header, then processes. */
export function eosProcessesTop(): string {
  return `top - 10:00:01 up 3 days,  1:02,  0 users,  load average: 0.31, 0.28, 0.27
Tasks: 301 total,   1 running, 300 sleeping,   0 stopped,   0 zombie
%Cpu(s):  4.2 us,  0.9 sy,  0.0 ni, 94.6 id,  0.0 wa,  0.1 hi,  0.2 si,  0.0 st
KiB Mem:  32472080 total,  5697604 used, 26774476 free,   372052 buffers
KiB Swap:        0 total,        0 used,        0 free.  2928656 cached Mem

  PID USER      PR  NI    VIRT    RES    SHR S  %CPU %MEM     TIME+ COMMAND
 1953 root      20   0  752320 174444  70948 S   6.2  0.5 113:31.03 Sysdb
`;
}
