import type { LabDevice } from '../model.ts';
import { interfaceView } from './render.ts';

/**
 * The lab's BGP, read from the running configuration as it is now ("router bgp", its neighbours,
 * their descriptions and shutdowns), so a change that shuts a neighbour or a link shows in the
 * summaries. A neighbour is Established while it sits on a connected subnet of an interface that
 * is up; otherwise it is Active, never up. The remote router id is the neighbour's address (the
 * lab has no view of the other device).
 */
export type LabBgp = { asn: string; routerId: string; peers: LabBgpPeer[] };
export type LabBgpPeer = {
  address: string;
  remoteAs: string;
  description: string;
  shutdown: boolean;
  established: boolean;
  /** Prefixes received from it and sent to it (fixed per address, so outputs are repeatable). */
  received: number;
  sent: number;
};

const ipNum = (ip: string) => ip.split('.').reduce((a, o) => (a << 8) + Number(o), 0) >>> 0;

/** The up interface whose subnet holds a neighbour's address (not the interface's own). */
function interfaceTowards(d: LabDevice, address: string) {
  if (!/^\d+\.\d+\.\d+\.\d+$/.test(address)) return undefined;
  return d.interfaces
    .map((raw) => interfaceView(d, raw))
    .find((i) => {
      if (!i.ipv4 || !i.up) return false;
      const [ip = '', len = '32'] = i.ipv4.split('/');
      const bits = Number(len);
      const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
      return (ipNum(ip) & mask) === (ipNum(address) & mask) && ip !== address;
    });
}

const onConnectedSubnet = (d: LabDevice, address: string) => interfaceTowards(d, address) !== undefined;

/** A neighbour as configured, before its state is worked out. */
function newPeer(address: string): LabBgpPeer {
  const last = Number(address.split('.').pop()) || 1;
  return {
    address,
    remoteAs: '',
    description: '',
    shutdown: false,
    established: false,
    received: (last % 7) + 1,
    sent: 0,
  };
}

export function labBgp(d: LabDevice): LabBgp | null {
  if (d.platform === 'juniper_junos') return junosBgp(d);
  const start = d.running.findIndex((l) => /^router bgp \d+/.test(l));
  if (start === -1) return null;
  const asn = /^router bgp (\S+)/.exec(d.running[start]!)![1]!;
  const peers = new Map<string, LabBgpPeer>();
  let routerId = '';
  let current: LabBgpPeer | undefined;
  const peer = (address: string) => {
    const p = peers.get(address) ?? newPeer(address);
    peers.set(address, p);
    return p;
  };
  for (let i = start + 1; i < d.running.length && /^\s/.test(d.running[i]!); i++) {
    const line = d.running[i]!.trim();
    let m = /^bgp router-id (\S+)/.exec(line) ?? /^router-id (\S+)/.exec(line);
    if (m) routerId = m[1]!;
    m = /^neighbor (\S+)(?: (.*))?$/.exec(line);
    if (m) {
      current = peer(m[1]!);
      const rest = m[2] ?? '';
      const as = /^remote-as (\S+)/.exec(rest);
      if (as) current.remoteAs = as[1]!;
      if (rest.startsWith('description ')) current.description = rest.slice(12);
      if (rest === 'shutdown') current.shutdown = true;
      continue;
    }
    // NX-OS and XR put a neighbour's settings on the lines under it.
    if (current && /^remote-as (\S+)/.test(line)) current.remoteAs = /^remote-as (\S+)/.exec(line)![1]!;
    else if (current && line.startsWith('description ')) current.description = line.slice(12);
    else if (current && line === 'shutdown') current.shutdown = true;
  }
  // Without "bgp router-id": the highest address of an interface that is up, as IOS picks it.
  if (!routerId) {
    const addresses = d.interfaces
      .map((raw) => interfaceView(d, raw))
      .filter((i) => i.ipv4 && i.up)
      .map((i) => i.ipv4!.split('/')[0]!);
    routerId = addresses.sort((a, b) => ipNum(b) - ipNum(a))[0] ?? '0.0.0.0';
  }
  const connected = d.interfaces.filter((raw) => interfaceView(d, raw).ipv4).length;
  for (const p of peers.values()) {
    p.established = !p.shutdown && onConnectedSubnet(d, p.address);
    p.sent = connected;
  }
  return { asn, routerId, peers: [...peers.values()] };
}

/** Junos keeps BGP as set statements: "routing-options autonomous-system", "protocols bgp group G neighbor X …". */
function junosBgp(d: LabDevice): LabBgp | null {
  const asn = d.running.map((l) => /^set routing-options autonomous-system (\d+)/.exec(l)?.[1]).find(Boolean);
  if (!asn) return null;
  const peers = new Map<string, LabBgpPeer>();
  for (const line of d.running) {
    const m = /^set protocols bgp group \S+ neighbor (\S+)(?: (.*))?$/.exec(line);
    if (!m) continue;
    const p = peers.get(m[1]!) ?? newPeer(m[1]!);
    peers.set(m[1]!, p);
    const rest = m[2] ?? '';
    if (rest.startsWith('peer-as ')) p.remoteAs = rest.slice(8);
    if (rest.startsWith('description ')) p.description = rest.slice(12).replace(/^"(.*)"$/, '$1');
    if (rest === 'shutdown') p.shutdown = true;
  }
  const up = d.interfaces.filter((i) => i.ipv4 && interfaceView(d, i).up).map((i) => i.ipv4!.split('/')[0]!);
  const routerId = up.sort((a, b) => ipNum(b) - ipNum(a))[0] ?? '0.0.0.0';
  for (const p of peers.values()) {
    p.established = !p.shutdown && onConnectedSubnet(d, p.address);
    p.sent = d.interfaces.filter((i) => i.ipv4).length;
  }
  return { asn, routerId, peers: [...peers.values()] };
}

/** Junos "Last Up/Dwn": "58:03", "5:23:37", "1d 2:03:04", "9w2d 5:23:37". */
function junosUpDown(d: LabDevice, now = Date.now()): string {
  const s = Math.max(1, Math.floor((now - d.bootedAt) / 1000));
  const two = (n: number) => String(n).padStart(2, '0');
  const clock = `${Math.floor((s % 86_400) / 3600)}:${two(Math.floor((s % 3600) / 60))}:${two(s % 60)}`;
  const w = Math.floor(s / 604_800);
  const days = Math.floor((s % 604_800) / 86_400);
  return `${w ? `${w}w` : ''}${days || w ? `${days}d ` : ''}${clock}`;
}

export function junosBgpSummary(d: LabDevice): string {
  const bgp = labBgp(d);
  if (!bgp) return 'BGP is not running\n';
  const rows = bgp.peers.flatMap((p) => {
    const state = p.established ? 'Establ' : 'Active';
    const row = `${p.address.padEnd(21)} ${right(p.remoteAs, 5)} ${right(p.established ? 1200 : 0, 10)} ${right(p.established ? 1200 : 0, 10)}       0       0 ${right(junosUpDown(d), 11)} ${state}`;
    return p.established ? [row, `  inet.0: ${p.received}/${p.received}/${p.received}/0`] : [row];
  });
  return `Threading mode: BGP I/O
Groups: 1 Peers: ${bgp.peers.length} Down peers: ${bgp.peers.filter((p) => !p.established).length}
Table          Tot Paths  Act Paths Suppressed    History Damp State    Pending
inet.0
${right(bgp.peers.length, 23)} ${right(bgp.peers.length, 10)}          0          0          0          0
Peer                     AS      InPkt     OutPkt    OutQ   Flaps Last Up/Dwn State|#Active/Received/Accepted/Damped...
${rows.join('\n')}
`;
}

export function junosBgpNeighbor(d: LabDevice, only?: string): string {
  const bgp = labBgp(d);
  if (!bgp) return 'BGP is not running\n';
  return bgp.peers
    .filter((p) => only === undefined || p.address === only)
    .map(
      (p) => `Peer: ${p.address}+179 AS ${p.remoteAs}    Local: ${bgp.routerId}+54321 AS ${bgp.asn}
${p.description ? `  Description: ${p.description}\n` : ''}  Group: fabric                Routing-Instance: master
  Forwarding routing-instance: master
  Type: External    State: ${p.established ? 'Established' : 'Active'}    Flags: <${p.shutdown ? 'PeerShutdown' : 'Sync'}>
  Last State: OpenConfirm   Last Event: RecvKeepAlive
  Last Error: None
  Options: <Preference PeerAS Refresh>
  Holdtime: 90 Preference: 170
  Number of flaps: 0
  Peer ID: ${p.established ? p.address : '0.0.0.0'}       Local ID: ${bgp.routerId}       Active Holdtime: 90
  Keepalive Interval: 30         Group index: 0    Peer index: 0
${p.established ? `  Peer supports 4 byte AS extension (peer-as ${p.remoteAs})\n` : ''}${
  p.established
    ? `  Table inet.0 Bit: 20000
    RIB State: BGP restart is complete
    Send state: in sync
    Active prefixes:              ${p.received}
    Received prefixes:            ${p.received}
    Accepted prefixes:            ${p.received}
    Suppressed due to damping:    0
    Advertised prefixes:          ${p.sent}
`
    : ''
}  Last traffic (seconds): Received 10   Sent 10   Checked 10
  Input messages:  Total ${p.established ? 1200 : 0}   Updates ${p.established ? p.received : 0}       Refreshes 0     Octets ${p.established ? 23456 : 0}
  Output messages: Total ${p.established ? 1200 : 0}   Updates ${p.established ? p.sent : 0}       Refreshes 0     Octets ${p.established ? 23400 : 0}
  Output Queue[1]: 0            (inet.0, inet-unicast)
`,
    )
    .join('\n');
}

/** Up/Down as IOS and NX-OS print it: "00:20:06" under a day, "1d02h" under a week, "3w2d" beyond. */
export function bgpUpDown(d: LabDevice, now = Date.now()): string {
  const s = Math.max(1, Math.floor((now - d.bootedAt) / 1000));
  const two = (n: number) => String(n).padStart(2, '0');
  if (s < 86_400) return `${two(Math.floor(s / 3600))}:${two(Math.floor((s % 3600) / 60))}:${two(s % 60)}`;
  if (s < 604_800) return `${Math.floor(s / 86_400)}d${two(Math.floor((s % 86_400) / 3600))}h`;
  return `${Math.floor(s / 604_800)}w${Math.floor((s % 604_800) / 86_400)}d`;
}

const pad = (text: string, width: number) => text.padEnd(width);
const right = (text: string | number, width: number) => String(text).padStart(width);

function ciscoRow(d: LabDevice, p: LabBgpPeer): string {
  const state = p.shutdown ? 'Idle (Admin)' : p.established ? String(p.received) : 'Active';
  const upDown = p.established ? bgpUpDown(d) : 'never';
  const msgs = p.established ? 1200 : 0;
  return `${pad(p.address, 15)} 4 ${right(p.remoteAs, 12)} ${right(msgs, 7)} ${right(msgs, 7)} ${right(p.established ? 12 : 1, 8)}    0    0 ${pad(upDown, 8)} ${state}`;
}

const CISCO_HEADER =
  'Neighbor        V           AS MsgRcvd MsgSent   TblVer  InQ OutQ Up/Down  State/PfxRcd';

export function iosBgpSummary(d: LabDevice): string {
  const bgp = labBgp(d);
  if (!bgp) return '% BGP not active\n';
  return `For address family: IPv4 Unicast
BGP router identifier ${bgp.routerId}, local AS number ${bgp.asn}
BGP table version is 12, main routing table version 12
${bgp.peers.length} network entries using ${bgp.peers.length * 144} bytes of memory

${CISCO_HEADER}
${bgp.peers.map((p) => ciscoRow(d, p)).join('\n')}
`;
}

/** IOS "show bgp all neighbors" (or one: "show ip bgp ipv4 unicast neighbors ADDRESS"), as IOS 15 prints them. */
export function iosBgpNeighbors(d: LabDevice, only?: string): string {
  const bgp = labBgp(d);
  if (!bgp) return '% BGP not active\n';
  const peers = bgp.peers.filter((p) => only === undefined || p.address === only);
  if (only !== undefined && peers.length === 0) return `% No such neighbor or address family\n`;
  return peers.map((p) => iosNeighbor(d, bgp, p)).join('\n');
}

function iosNeighbor(d: LabDevice, bgp: LabBgp, p: LabBgpPeer): string {
  const up = p.established;
  const msgs = up ? 1200 : 0;
  const local = interfaceTowards(d, p.address);
  const connection = up
    ? `Connection state is ESTAB, I/O status: 1, unread input bytes: 0
Connection is ECN Disabled, Mininum incoming TTL 0, Outgoing TTL 1
Local host: ${local?.ipv4?.split('/')[0] ?? bgp.routerId}, Local port: 179
Foreign host: ${p.address}, Foreign port: ${20000 + (Number(p.address.split('.').pop()) || 0)}
Connection tableid (VRF): 0
`
    : '  No active TCP connection\n';
  return `BGP neighbor is ${p.address},  remote AS ${p.remoteAs}, ${p.remoteAs === bgp.asn ? 'internal' : 'external'} link
${p.description ? ` Description: ${p.description}\n` : ''}  BGP version 4, remote router ID ${up ? p.address : '0.0.0.0'}
  BGP state = ${up ? `Established, up for ${bgpUpDown(d)}` : p.shutdown ? 'Idle (Admin)' : 'Active'}
  Last read 00:00:24, last write 00:00:22, hold time is 180, keepalive interval is 60 seconds
  Neighbor capabilities:
    Route refresh: advertised and received(new)
    Four-octets ASN Capability: advertised and received
    Address family IPv4 Unicast: advertised and received
  Message statistics:
    InQ depth is 0
    OutQ depth is 0

                         Sent       Rcvd
    Opens:          ${right(up ? 1 : 0, 10)} ${right(up ? 1 : 0, 10)}
    Notifications:  ${right(0, 10)} ${right(0, 10)}
    Updates:        ${right(up ? p.sent : 0, 10)} ${right(up ? p.received : 0, 10)}
    Keepalives:     ${right(up ? msgs - p.sent - 1 : 0, 10)} ${right(up ? msgs - p.received - 1 : 0, 10)}
    Route Refresh:  ${right(0, 10)} ${right(0, 10)}
    Total:          ${right(msgs, 10)} ${right(msgs, 10)}
  Default minimum time between advertisement runs is 30 seconds

 For address family: IPv4 Unicast
  Session: ${p.address}
  BGP table version 12, neighbor version 12/0
                                 Sent       Rcvd
  Prefix activity:               ----       ----
    Prefixes Current:       ${right(up ? p.sent : 0, 10)} ${right(up ? p.received : 0, 10)}
    Prefixes Total:         ${right(up ? p.sent : 0, 10)} ${right(up ? p.received : 0, 10)}
    Implicit Withdraw:               0          0
    Explicit Withdraw:               0          0
    Used as bestpath:              n/a ${right(up ? p.received : 0, 10)}
    Used as multipath:             n/a          0

                                   Outbound    Inbound
  Local Policy Denied Prefixes:    --------    -------
    Total:                                0          0

  Connections established ${up ? 1 : 0}; dropped 0
  Last reset never
${connection}`;
}

export function nxosBgpSummary(d: LabDevice): string {
  const bgp = labBgp(d);
  if (!bgp) return "% Invalid command at '^' marker.\n";
  return `BGP summary information for VRF default, address family IPv4 Unicast
BGP router identifier ${bgp.routerId}, local AS number ${bgp.asn}
BGP table version is 12, IPv4 Unicast config peers ${bgp.peers.length}, capable peers ${bgp.peers.filter((p) => p.established).length}
${bgp.peers.length} network entries and ${bgp.peers.length} paths using 1440 bytes of memory
BGP attribute entries [1/164], BGP AS path entries [0/0]
BGP community entries [0/0], BGP clusterlist entries [0/0]

${CISCO_HEADER.replace('Neighbor        V           AS', 'Neighbor        V    AS')}
${bgp.peers
  .map((p) =>
    ciscoRow(d, p)
      .replace(/^(\S+\s+4) +(\S+)/, (_, a: string, as: string) => `${a} ${right(as, 5)}`)
      .replace('Idle (Admin)', 'Shut (Admin)'),
  )
  .join('\n')}
`;
}

/** EOS "show ip(v6) bgp summary vrf all | json": the default VRF's peers (IPv4 peers only in the IPv4 summary). */
export function eosBgpSummaryJson(d: LabDevice, family: 'ipv4' | 'ipv6'): string {
  const bgp = labBgp(d);
  if (!bgp) return '% BGP inactive\n';
  const peers = Object.fromEntries(
    (family === 'ipv6' ? [] : bgp.peers).map((p) => [
      p.address,
      {
        peerState: p.established ? 'Established' : p.shutdown ? 'Idle' : 'Active',
        ...(p.shutdown ? { peerStateIdleReason: 'Admin' } : {}),
        upDownTime: Math.floor(d.bootedAt / 1000),
        prefixReceived: p.established ? p.received : 0,
        prefixAccepted: p.established ? p.received : 0,
        asn: p.remoteAs,
      },
    ]),
  );
  return `${JSON.stringify({ vrfs: { default: { routerId: bgp.routerId, asn: bgp.asn, peers } } })}\n`;
}

/** EOS "show ip bgp neighbors vrf all": each neighbour's block, the lines NAPALM's eos reads among others. */
export function eosBgpNeighbors(d: LabDevice, family: 'ipv4' | 'ipv6', only?: string): string {
  const bgp = labBgp(d);
  if (!bgp || family === 'ipv6') return '';
  return bgp.peers
    .filter((p) => only === undefined || p.address === only)
    .map((p) => eosNeighbor(d, bgp, p))
    .join('\n');
}

function eosNeighbor(d: LabDevice, bgp: LabBgp, p: LabBgpPeer): string {
  const up = p.established;
  const msgs = up ? 1200 : 0;
  const local = interfaceTowards(d, p.address)?.ipv4?.split('/')[0];
  const state = up
    ? `Established, up for ${bgpUpDown(d)}`
    : p.shutdown
      ? 'Idle, Administratively shut down'
      : 'Active';
  return `BGP neighbor is ${p.address}, remote AS ${p.remoteAs}, ${p.remoteAs === bgp.asn ? 'internal' : 'external'} link
${p.description ? `  Description: ${p.description}\n` : ''}  BGP version 4, remote router ID ${up ? p.address : '0.0.0.0'}, VRF default
  Negotiated BGP version 4
  Last read 00:00:13, last write 00:00:13
  Hold time is 180, keepalive interval is 60 seconds
  Configured hold time is 180, keepalive interval is 60 seconds
  BGP state is ${state}
  Number of transitions to established: ${up ? 1 : 0}
  Last state was ${up ? 'OpenConfirm' : 'Idle'}
  Last event was ${up ? 'RecvKeepAlive' : p.shutdown ? 'Stop' : 'Start'}
  Message Statistics:
    InQ depth is 0
    OutQ depth is 0
                         Sent      Rcvd
    Opens:        ${right(up ? 1 : 0, 10)}${right(up ? 1 : 0, 10)}
    Updates:      ${right(up ? p.sent : 0, 10)}${right(up ? p.received : 0, 10)}
    Keepalives:   ${right(up ? msgs - p.sent - 1 : 0, 10)}${right(up ? msgs - p.received - 1 : 0, 10)}
    Total messages:${right(msgs, 9)}${right(msgs, 10)}
  Prefix Statistics:
                                   Sent      Rcvd     Best Paths     Best ECMP Paths
    IPv4 Unicast:            ${right(up ? p.sent : 0, 6)} ${right(up ? p.received : 0, 9)}              0                   0
    IPv6 Unicast:                 0         0              0                   0
Local AS is ${bgp.asn}, local router ID ${bgp.routerId}
TTL is 1
${up ? `Local TCP address is ${local ?? bgp.routerId}, local port is 179\nRemote TCP address is ${p.address}, remote port is ${20000 + (Number(p.address.split('.').pop()) || 0)}\n` : ''}Auto-Local-Addr is disabled
`;
}

/** IOS-XR "show bgp summary": the router id and a row per neighbour (with its speaker column). */
export function xrBgpSummary(d: LabDevice): string {
  const bgp = labBgp(d);
  if (!bgp) return "% BGP instance 'default' not active\n";
  return `BGP router identifier ${bgp.routerId}, local AS number ${bgp.asn}
BGP generic scan interval 60 secs
BGP table state: Active
Table ID: 0xe0000000   RD version: 12
BGP main routing table version 12

Neighbor        Spk    AS MsgRcvd MsgSent   TblVer  InQ OutQ  Up/Down  St/PfxRcd
${bgp.peers
  .map((p) => {
    const state = p.shutdown ? 'Idle (Admin)' : p.established ? String(p.received) : 'Active';
    return `${p.address.padEnd(15)}   0 ${right(p.remoteAs, 5)} ${right(p.established ? 1200 : 0, 7)} ${right(p.established ? 1200 : 0, 7)} ${right(12, 8)}    0    0 ${right(p.established ? bgpUpDown(d) : '00:00:00', 8)} ${state}`;
  })
  .join('\n')}
`;
}

/** IOS-XR "show bgp neighbors", with the lines a real XR prints around the ones webnet reads. */
export function xrBgpNeighbors(d: LabDevice): string {
  const bgp = labBgp(d);
  if (!bgp) return "% BGP instance 'default' not active\n";
  return bgp.peers.map((p) => xrNeighbor(d, bgp, p)).join('\n');
}

function xrNeighbor(d: LabDevice, bgp: LabBgp, p: LabBgpPeer): string {
  const up = p.established;
  const msgs = up ? 1200 : 0;
  const local = interfaceTowards(d, p.address)?.ipv4?.split('/')[0] ?? bgp.routerId;
  const connection = up
    ? `  Local host: ${local}, Local port: 179
  Foreign host: ${p.address}, Foreign port: ${20000 + (Number(p.address.split('.').pop()) || 0)}
`
    : '';
  return `BGP neighbor is ${p.address}
 Remote AS ${p.remoteAs}, local AS ${bgp.asn}, ${p.remoteAs === bgp.asn ? 'internal' : 'external'} link
${p.description ? ` Description: ${p.description}\n` : ''} Remote router ID ${up ? p.address : '0.0.0.0'}
  BGP state = ${up ? `Established, up for ${bgpUpDown(d)}` : p.shutdown ? 'Idle (Neighbor is administratively shutdown)' : 'Active'}
  NSR State: None
  Last read 00:00:24, Last read before reset 00:00:00
  Hold time is 180, keepalive interval is 60 seconds
  Configured hold time: 180, keepalive: 60, min acceptable hold time: 3
  Last write 00:00:22, attempted 19, written 19
  Precedence: internet
  Multi-protocol capability ${up ? 'received' : 'not received'}
  Neighbor capabilities:
    Route refresh: advertised (old + new) and received (old + new)
    4-byte AS: advertised and received
    Address family IPv4 Unicast: advertised and received
  Received ${msgs} messages, 0 notifications, 0 in queue
  Sent ${msgs} messages, 0 notifications, 0 in queue
  Minimum time between advertisement runs is 0 secs

 For Address Family: IPv4 Unicast
  BGP neighbor version 12
  Update group: 0.2 Filter-group: 0.1  No Refresh request being processed
  Route refresh request: received 0, sent 0
  ${up ? p.received : 0} accepted prefixes, ${up ? p.received : 0} are bestpaths
  Cumulative no. of prefixes denied: 0.
  Prefix advertised ${up ? p.sent : 0}, suppressed 0, withdrawn 0
  Maximum prefixes allowed 1048576
  Threshold for warning message 75%, restart interval 0 min
  An EoR was received during read-only mode
  Last ack version 12, Last synced ack version 0
  Outstanding version objects: current 0, max 1
  Additional-paths operation: None

  Connections established ${up ? 1 : 0}; dropped 0
${connection}  Last reset 00:00:00, due to BGP neighbor initialized
`;
}

/** NX-OS "show ip bgp neighbors vrf all", as a Nexus prints it (the VRF named in each head). */
export function nxosBgpNeighbors(d: LabDevice): string {
  const bgp = labBgp(d);
  if (!bgp) return "% Invalid command at '^' marker.\n";
  return bgp.peers.map((p) => nxosNeighbor(d, bgp, p)).join('');
}

function nxosNeighbor(d: LabDevice, bgp: LabBgp, p: LabBgpPeer): string {
  const up = p.established;
  const msgs = up ? 1200 : 0;
  const local = interfaceTowards(d, p.address);
  const connection = up
    ? `  Local host: ${local?.ipv4?.split('/')[0] ?? bgp.routerId}, Local port: 179
  Foreign host: ${p.address}, Foreign port: ${20000 + (Number(p.address.split('.').pop()) || 0)}
  fd = 62
`
    : '';
  return `BGP neighbor is ${p.address}, vrf default, remote AS ${p.remoteAs}, ${p.remoteAs === bgp.asn ? 'ibgp' : 'ebgp'} link, Peer index 1
${p.description ? `  Description: ${p.description}\n` : ''}  BGP version 4, remote router ID ${up ? p.address : '0.0.0.0'}
  BGP state = ${up ? `Established, up for ${bgpUpDown(d)}` : p.shutdown ? 'Shut (Admin)' : 'Active'}
${local ? `  Peer is directly attached, interface ${local.name}\n` : ''}  Last read 00:00:24, hold time = 180, keepalive interval is 60 seconds
  Last written 00:00:22, keepalive timer expiry due 00:00:37
  Received ${msgs} messages, 0 notifications, 0 bytes in queue
  Sent ${msgs} messages, 0 notifications, 0 bytes in queue
  Connections established ${up ? 1 : 0}, dropped 0
  Last reset by us never, due to No error
  Last reset by peer never, due to No error

  Neighbor capabilities:
  Dynamic capability: advertised (mp, refresh, gr) received (mp, refresh, gr)
  Route refresh capability (new): advertised received
  4-Byte AS capability: advertised received
  Address family IPv4 Unicast: advertised received

  Message statistics:
                              Sent               Rcvd
  Opens:                         ${right(up ? 1 : 0, 2)}                 ${right(up ? 1 : 0, 2)}
  Notifications:                  0                  0
  Updates:                       ${right(up ? p.sent : 0, 2)}                 ${right(up ? p.received : 0, 2)}
  Keepalives:                  ${right(up ? msgs - p.sent - 1 : 0, 4)}               ${right(up ? msgs - p.received - 1 : 0, 4)}
  Route Refresh:                  0                  0
  Capability:                     0                  0
  Total:                       ${right(msgs, 4)}               ${right(msgs, 4)}
  Total bytes:                    0                  0
  Bytes in queue:                 0                  0

  For address family: IPv4 Unicast
  BGP table version 12, neighbor version 12
  ${up ? p.received : 0} accepted paths consume ${up ? p.received * 60 : 0} bytes of memory
  ${up ? p.sent : 0} sent paths
${connection}
`;
}

/** FRR "vtysh -c 'show bgp vrf all summary json'" on a Linux host: the default VRF's IPv4 peers. */
export function frrBgpSummaryJson(d: LabDevice): string {
  const bgp = labBgp(d);
  if (!bgp) return '{}\n';
  const peers = Object.fromEntries(
    bgp.peers.map((p) => [
      p.address,
      {
        remoteAs: Number(p.remoteAs),
        localAs: Number(bgp.asn),
        version: 4,
        msgRcvd: p.established ? 1200 : 0,
        msgSent: p.established ? 1200 : 0,
        outq: 0,
        inq: 0,
        peerUptime: p.established ? bgpUpDown(d) : 'never',
        peerUptimeMsec: p.established ? Date.now() - d.bootedAt : 0,
        pfxRcd: p.established ? p.received : 0,
        pfxSnt: p.established ? p.sent : 0,
        state: p.shutdown ? 'Idle (Admin)' : p.established ? 'Established' : 'Active',
        peerState: p.shutdown ? 'Admin' : 'OK',
        ...(p.description ? { desc: p.description } : {}),
      },
    ]),
  );
  const family = { routerId: bgp.routerId, as: Number(bgp.asn), vrfName: 'default', peers };
  return `${JSON.stringify({ default: { ipv4Unicast: family } }, null, 1)}\n`;
}

/** FRR "vtysh -c 'show bgp vrf all neighbors [ADDRESS] json'": the default VRF's neighbours in detail. */
export function frrBgpNeighborsJson(d: LabDevice, only?: string): string {
  const bgp = labBgp(d);
  if (!bgp) return '{}\n';
  const neighbors = Object.fromEntries(
    bgp.peers
      .filter((p) => only === undefined || p.address === only)
      .map((p) => {
        const up = p.established;
        const local = interfaceTowards(d, p.address)?.ipv4?.split('/')[0];
        return [
          p.address,
          {
            remoteAs: Number(p.remoteAs),
            localAs: Number(bgp.asn),
            nbrExternalLink: p.remoteAs !== bgp.asn,
            remoteRouterId: up ? p.address : '0.0.0.0',
            localRouterId: bgp.routerId,
            bgpState: p.shutdown ? 'Idle' : up ? 'Established' : 'Active',
            bgpTimerUpMsec: up ? Date.now() - d.bootedAt : 0,
            bgpTimerConfiguredHoldTimeMsecs: 180_000,
            bgpTimerConfiguredKeepAliveIntervalMsecs: 60_000,
            bgpTimerHoldTimeMsecs: 180_000,
            bgpTimerKeepAliveIntervalMsecs: 60_000,
            neighborCapabilities: up ? { '4byteAs': 'advertisedAndReceived' } : {},
            messageStats: {
              depthInq: 0,
              depthOutq: 0,
              updatesSent: up ? p.sent : 0,
              updatesRecv: up ? p.received : 0,
              totalSent: up ? 1200 : 0,
              totalRecv: up ? 1200 : 0,
            },
            addressFamilyInfo: {
              ipv4Unicast: { acceptedPrefixCounter: up ? p.received : 0, sentPrefixCounter: up ? p.sent : 0 },
            },
            connectionsEstablished: up ? 1 : 0,
            connectionsDropped: 0,
            ...(p.description ? { nbrDesc: p.description } : {}),
            ...(up
              ? {
                  hostLocal: local ?? bgp.routerId,
                  portLocal: 179,
                  hostForeign: p.address,
                  portForeign: 20000 + (Number(p.address.split('.').pop()) || 0),
                }
              : {}),
          },
        ];
      }),
  );
  return `${JSON.stringify({ default: { vrfId: 0, vrfName: 'default', ...neighbors } }, null, 1)}\n`;
}
