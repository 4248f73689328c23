import type { BgpNeighbors, BgpPeer } from '../models.ts';
import { blocks } from './common.ts';

/**
 * NAPALM's get_bgp_neighbors from each platform's text, as each NAPALM driver reads it: IOS from
 * "show bgp all summary" and "show bgp all neighbors" (address families named "ipv4 unicast"…,
 * as the IOS driver names them), NX-OS from "show bgp all summary vrf all" (as nxos_ssh: no remote
 * router id, sent and accepted counts -1), EOS from its summaries per VRF.
 */

const YEAR = 365 * 86_400;
const WEEK = 7 * 86_400;
const DAY = 86_400;

/** NAPALM's bgp_time_conversion: "00:14:23", "1d17h", "8w5d", "1y28w", "40d23h"; "never" is -1. */
export function bgpUptime(text: string): number {
  const t = text.trim();
  if (t === '' || t.includes('never')) return -1;
  const hms = /^(\d+):(\d+):(\d+)$/.exec(t);
  if (hms) return Number(hms[1]) * 3600 + Number(hms[2]) * 60 + Number(hms[3]);
  const units: Record<string, number> = { y: YEAR, w: WEEK, d: DAY, h: 3600, m: 60, s: 1 };
  const parts = [...t.matchAll(/(\d+)([ywdhms])/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join('') !== t)
    throw new Error(`unexpected BGP uptime "${text}"`);
  return parts.reduce((sum, [, n, unit]) => sum + Number(n) * units[unit!]!, 0);
}

/** NAPALM's as_number: "65000" → 65000, "1.10" (asdot) → 65546. */
export function asNumber(text: string): number {
  const dot = /^(\d+)\.(\d+)$/.exec(text.trim());
  return dot ? Number(dot[1]) * 65_536 + Number(dot[2]) : Number(text.trim());
}

/** An address as NAPALM's ip() prints it: IPv4 as is, IPv6 compressed and lower case. */
export function ipText(text: string): string {
  const t = text.trim();
  if (!t.includes(':')) return t;
  try {
    return new URL(`http://[${t}]/`).hostname.slice(1, -1);
  } catch {
    return t.toLowerCase();
  }
}

const ADDR = String.raw`(?:\d{1,3}(?:\.\d{1,3}){3}|[0-9a-fA-F:]*:[0-9a-fA-F:.]+)`;
const ASN = String.raw`\d+(?:\.\d+)?`;

type SummaryRow = {
  afi: string;
  routerId: string;
  localAs: string;
  addr: string;
  remoteAs: string;
  uptime: string;
  /** The OutQ column: messages queued for the neighbour. */
  outQ: string;
  accepted?: string;
  state?: string;
};

// The summary table's rows: address, version, AS, five counters, Up/Down, then a prefix count or a
// state. A long (IPv6) address puts the rest on the next line.
const ROW = new RegExp(
  String.raw`^\*?(${ADDR})\s+\d+\s+(${ASN})(?:\s+\S+){4}\s+(\d+)\s+(never|\d\S*)\s+(.+?)\s*$`,
);
const ADDR_ALONE = new RegExp(String.raw`^\*?(${ADDR})\s*$`);
const ROW_REST = new RegExp(String.raw`^\s+\d+\s+(${ASN})(?:\s+\S+){4}\s+(\d+)\s+(never|\d\S*)\s+(.+?)\s*$`);

/** The rows of IOS's "show bgp all summary", each with its family, router id and local AS. */
export function iosSummaryRows(summary: string): SummaryRow[] {
  const rows: SummaryRow[] = [];
  let afi = '';
  let routerId = '';
  let localAs = '';
  let pending = '';
  const add = (addr: string, remoteAs: string, outQ: string, uptime: string, last: string) => {
    const row: SummaryRow = { afi, routerId, localAs, addr, remoteAs, uptime, outQ };
    if (/^\d+$/.test(last)) row.accepted = last;
    else row.state = last;
    rows.push(row);
  };
  for (const line of summary.split('\n')) {
    let m = /^For address family: (.+?)\s*$/.exec(line);
    if (m) {
      afi = m[1]!.toLowerCase();
      continue;
    }
    m = new RegExp(`router identifier (${ADDR}), local AS number (${ASN})`).exec(line);
    if (m) {
      routerId = m[1]!;
      localAs = m[2]!;
      continue;
    }
    m = ROW.exec(line);
    if (m) {
      add(m[1]!, m[2]!, m[3]!, m[4]!, m[5]!);
      pending = '';
      continue;
    }
    m = ADDR_ALONE.exec(line);
    if (m) {
      pending = m[1]!;
      continue;
    }
    m = pending ? ROW_REST.exec(line) : null;
    if (m) {
      add(pending, m[1]!, m[2]!, m[3]!, m[4]!);
      pending = '';
    }
  }
  return rows;
}

type NeighborEntry = {
  addr: string;
  vrf: string;
  afi: string;
  description: string;
  remoteId: string;
  state: string;
  sent?: string;
  accepted?: string;
};

/**
 * "show bgp … neighbors": one entry per neighbour and address family, read as NAPALM's IOS
 * driver reads it. Two of its ways are kept so values match: what a neighbour's block does not
 * say carries over from the one before (a description, notably), and the received count is never
 * read ("Saved (soft-reconfig)" is taken as a regex group there and never matches): it is the
 * accepted count.
 */
export function iosNeighborEntries(output: string): NeighborEntry[] {
  const entries: NeighborEntry[] = [];
  let cur: NeighborEntry | null = null;
  for (const line of output.split('\n')) {
    const start = NEIGHBOR_START.exec(line);
    if (start) {
      cur = {
        afi: '',
        description: '',
        remoteId: '',
        state: '',
        ...(cur ?? {}),
        addr: start[1]!,
        vrf: start[2] ?? '',
      };
      continue;
    }
    if (!cur) continue;
    const rule = NEIGHBOR_LINES.find(([re]) => re.test(line));
    if (!rule) continue;
    const [re, apply] = rule;
    if (apply(cur, re.exec(line)!) === 'record') {
      entries.push({ ...cur });
      delete cur.sent;
      delete cur.accepted;
    }
  }
  return entries;
}

const NEIGHBOR_START = new RegExp(
  String.raw`^BGP neighbor is (${ADDR}),(?:\s+vrf (\S+),)?\s+remote AS (${ASN})`,
);

/** What each line of a neighbour's block sets; "record" ends one family's entry. */
const set =
  (key: 'description' | 'remoteId' | 'state' | 'afi', lower = false) =>
  (e: NeighborEntry, m: RegExpExecArray): undefined => {
    e[key] = lower ? m[1]!.toLowerCase() : m[1]!;
  };

const NEIGHBOR_LINES: [RegExp, (e: NeighborEntry, m: RegExpExecArray) => 'record' | undefined][] = [
  [/^\s+Description: (.+)$/, set('description')],
  [new RegExp(String.raw`^\s+BGP version \d+, remote router ID (${ADDR})`), set('remoteId')],
  [/^\s+BGP state = (\w+)/, set('state')],
  [/^\s+For address family: ([\S ]+)$/, set('afi', true)],
  [
    /^\s+Prefixes Current:\s+(\d+)\s+(\d+)/,
    (e, m) => {
      e.sent = m[1]!;
      e.accepted = m[2]!;
      return undefined;
    },
  ],
  [/^\s+Local Policy Denied Prefixes:.+/, () => 'record'],
];

const IOS_AFI = new Set([
  'ipv4 unicast',
  'ipv4 multicast',
  'ipv6 unicast',
  'ipv6 multicast',
  'vpnv4 unicast',
  'vpnv6 unicast',
  'ipv4 mdt',
]);

/** IOS, as NAPALM's ios driver: the summary's rows joined to the neighbours' entries of the same family. */
export function parseIosBgp(summary: string, neighbors: string): BgpNeighbors {
  const rows = iosSummaryRows(summary);
  if (rows.length === 0) return {};
  const entries = iosNeighborEntries(neighbors);
  const routerId = rows[0]!.routerId;
  const out: BgpNeighbors = {};
  for (const e of entries) out[e.vrf || 'global'] ??= { router_id: routerId, peers: {} };
  for (const row of rows) {
    if (!IOS_AFI.has(row.afi)) continue;
    const addr = ipText(row.addr);
    const entry = entries.find((e) => e.afi === row.afi && ipText(e.addr) === addr);
    if (!entry) continue;
    const isEnabled = !(row.state ?? '').includes('(Admin)');
    const isUp = entry.state.includes('Established');
    let accepted = row.accepted !== undefined ? Number(row.accepted) : -1;
    let received = -1;
    let sent = -1;
    let uptime = bgpUptime(row.uptime);
    if (isUp) {
      if (entry.accepted !== undefined) accepted = Number(entry.accepted);
      received = accepted;
      sent = entry.sent !== undefined ? Number(entry.sent) : -1;
    } else uptime = -1;
    const vrf = entry.vrf || 'global';
    const family = { received_prefixes: received, accepted_prefixes: accepted, sent_prefixes: sent };
    const peers = out[vrf]!.peers;
    const existing = peers[addr];
    if (!existing) {
      peers[addr] = {
        local_as: asNumber(row.localAs),
        remote_as: asNumber(row.remoteAs),
        remote_id: entry.remoteId,
        is_up: isUp,
        is_enabled: isEnabled,
        description: entry.description,
        uptime,
        address_family: { [row.afi]: family },
      };
    } else {
      existing.is_up ||= isUp;
      existing.uptime = Math.max(existing.uptime, uptime);
      existing.address_family[row.afi] = family;
    }
  }
  return out;
}

/** One VRF and family of NX-OS's "show bgp all summary vrf all", as nxos_ssh's bgp_summary_parser. */
function nxosSection(section: string, out: BgpNeighbors): void {
  const vrfName = /^BGP summary information for VRF\s+(\S+),/m.exec(section)?.[1];
  const afiText = /^BGP summary information.*address family (\S+) (?:Unicast|EVPN)/m.exec(section)?.[1];
  const local = /^BGP router identifier\s+(\S+),\s+local AS number\s+(\S+)/m.exec(section);
  if (!vrfName || !afiText || !local) return;
  const afi = afiText.toLowerCase();
  if (!['ipv4', 'ipv6', 'l2vpn'].includes(afi)) return;
  const vrf = vrfName.toLowerCase() === 'default' ? 'global' : vrfName;
  const table = section.split(/^Neighbor\s+.*PfxRcd\s*$/m)[1];
  out[vrf] ??= { router_id: local[1]!, peers: {} };
  const entry = out[vrf];
  if (table === undefined) return;
  // A long address wraps the rest of its row onto the next line.
  const rows = table.trim().replace(new RegExp(String.raw`(${ADDR})\s*\n`, 'g'), '$1');
  for (const line of rows.split('\n')) {
    const f = line.trim().split(/\s+/);
    if (f.length < 10) continue;
    const stateText = f.slice(9).join(' ');
    const prefixes = /^\d+$/.test(stateText) ? Number(stateText) : -1;
    const isUp = prefixes !== -1;
    const peer: BgpPeer = {
      local_as: asNumber(local[2]!),
      remote_as: asNumber(f[2]!),
      // nxos_ssh does not read it.
      remote_id: '0.0.0.0',
      is_up: isUp,
      is_enabled: !/Shut.*Admin/.test(stateText),
      description: '',
      uptime: isUp ? bgpUptime(f[8]!) : -1,
      address_family: { [afi]: { sent_prefixes: -1, accepted_prefixes: -1, received_prefixes: prefixes } },
    };
    const addr = f[0]!;
    const existing = entry.peers[addr];
    if (existing) existing.address_family[afi] = peer.address_family[afi]!;
    else entry.peers[addr] = peer;
  }
}

export function parseNxosBgp(summary: string): BgpNeighbors {
  const out: BgpNeighbors = {};
  const sections = summary.split(/^(?=BGP summary information for VRF)/m);
  for (const section of sections) nxosSection(section, out);
  return out;
}

type EosSummary = {
  vrfs?: Record<
    string,
    {
      routerId: string;
      peers?: Record<string, { peerState: string; peerStateIdleReason?: string; upDownTime: number }>;
    }
  >;
};

/** The neighbour lines NAPALM's eos keeps (its "| include" filter). */
const EOS_NEIGHBOR_LINE =
  /remote AS|remote router ID|IPv[46] (?:Unicast|6PE):.*[0-9]+|^Local AS|Desc|BGP state/;

/**
 * EOS, as NAPALM's eos driver reads it: the JSON summaries ("show ipv6 / ip bgp summary vrf all |
 * json") give each peer's state, whether it is enabled (idle for "Admin" is not) and its up time
 * (now minus "upDownTime", as that driver computes it); the neighbour text gives the ASes, the
 * remote router id, the description and, per family, the sent and received counts (accepted is
 * -1, both families always present). A peer only the text knows is down, up 0 s, enabled.
 */
export function parseEosBgp(
  [v6Summary = '', v4Summary = '', ...neighborTexts]: string[],
  now = Date.now(),
): BgpNeighbors {
  const out: BgpNeighbors = {};
  const vrfOf = (name: string) => {
    out[name] ??= { router_id: '', peers: {} };
    return out[name];
  };
  const state = new Map<string, { is_up: boolean; is_enabled: boolean; uptime: number }>();
  for (const text of [v6Summary, v4Summary]) {
    if (!text.trim().startsWith('{')) continue;
    const summary = JSON.parse(text) as EosSummary;
    for (const [vrf, data] of Object.entries(summary.vrfs ?? {})) {
      vrfOf(vrf).router_id = data.routerId;
      for (const [peer, p] of Object.entries(data.peers ?? {}))
        state.set(`${vrf}|${ipText(peer)}`, {
          is_up: p.peerState === 'Established',
          is_enabled: p.peerState === 'Idle' ? p.peerStateIdleReason !== 'Admin' : true,
          uptime: Math.trunc(now / 1000 - p.upDownTime),
        });
    }
  }
  const lines = neighborTexts.flatMap((t) => t.split('\n')).filter((l) => EOS_NEIGHBOR_LINE.test(l));
  for (const block of blocks(lines.join('\n'), /^\s*BGP neighbor is /)) {
    const head = /BGP neighbor is (\S+?), remote AS (\S+?),/.exec(block);
    const rid = /BGP version 4, remote router ID (\S+?), VRF (\S+?)$/m.exec(block);
    const local = /^\s*Local AS is (\S+?),/m.exec(block);
    if (!head || !rid || !local) continue;
    const family = (af: string) => {
      const m = new RegExp(String.raw`${af} (?:Unicast|6PE):\s*(\d+)\s*(\d+)`).exec(block);
      return {
        sent_prefixes: m ? Number(m[1]) : -1,
        received_prefixes: m ? Number(m[2]) : -1,
        accepted_prefixes: -1,
      };
    };
    const addr = ipText(head[1]!);
    const vrf = rid[2]!;
    vrfOf(vrf).peers[addr] = {
      ...(state.get(`${vrf}|${addr}`) ?? { is_up: false, uptime: 0, is_enabled: true }),
      remote_as: asNumber(head[2]!),
      remote_id: ipText(rid[1]!),
      local_as: asNumber(local[1]!),
      description: /^\s+Description: (.*)$/m.exec(block)?.[1] ?? '',
      address_family: { ipv4: family('IPv4'), ipv6: family('IPv6') },
    };
  }
  if (out.default) {
    out.global = out.default;
    delete out.default;
  }
  return out;
}

/** Junos' elapsed times: "58:03", "5:23:37", "1d 2:03:04", "9w2d 5:23:37". */
export function junosUptime(text: string): number {
  let total = 0;
  for (const part of text.trim().split(/\s+/)) {
    if (/^\d+(?::\d+){1,2}$/.test(part)) {
      const n = part.split(':').map(Number);
      total += n.length === 3 ? n[0]! * 3600 + n[1]! * 60 + n[2]! : n[0]! * 60 + n[1]!;
    } else total += bgpUptime(part);
  }
  return total;
}

/** "inet.0" → global ipv4; "blue.inet6.0" → blue ipv6 (NAPALM junos names families so). */
function junosTable(table: string): { vrf: string; afi: string } | null {
  const m = /^(?:(.+)\.)?(inet6?)\.0$/.exec(table);
  if (!m) return null;
  return { vrf: m[1] ?? 'global', afi: m[2] === 'inet6' ? 'ipv6' : 'ipv4' };
}

type JunosNeighbor = {
  addr: string;
  localAs: string;
  remoteAs: string;
  description: string;
  vrf: string;
  state: string;
  peerId: string;
  localId: string;
  flags: string;
  advertised: Map<string, number>;
};

/** "show bgp neighbor": each peer's local AS, peer id, description, routing instance, state, advertised counts. */
function junosNeighbors(output: string): JunosNeighbor[] {
  const out: JunosNeighbor[] = [];
  let cur: JunosNeighbor | null = null;
  let table = '';
  for (const line of output.split('\n')) {
    const head = new RegExp(String.raw`^Peer: (${ADDR})(?:\+\d+)? AS (${ASN})\s+Local: \S+ AS (${ASN})`).exec(
      line,
    );
    if (head) {
      cur = {
        addr: head[1]!,
        remoteAs: head[2]!,
        localAs: head[3]!,
        description: '',
        vrf: 'global',
        state: '',
        peerId: '',
        localId: '',
        flags: '',
        advertised: new Map(),
      };
      out.push(cur);
      continue;
    }
    if (!cur) continue;
    const desc = /^\s+Description: (.+?)\s*$/.exec(line);
    if (desc) cur.description = desc[1]!;
    const instance = /Routing-Instance: (\S+)/.exec(line);
    if (instance) cur.vrf = instance[1] === 'master' ? 'global' : instance[1]!;
    const state = /^\s+Type: \S+\s+State: (\S+)\s+Flags: <([^>]*)>/.exec(line);
    if (state) {
      cur.state = state[1]!;
      cur.flags = state[2]!;
    }
    const id = new RegExp(String.raw`^\s+Peer ID: (${ADDR})\s+Local ID: (${ADDR})`).exec(line);
    if (id) {
      cur.peerId = id[1]!;
      cur.localId = id[2]!;
    }
    const t = /^\s+Table (\S+)/.exec(line);
    if (t) table = t[1]!;
    const adv = /^\s+Advertised prefixes:\s+(\d+)/.exec(line);
    if (adv) cur.advertised.set(table, Number(adv[1]));
  }
  return out;
}

/**
 * Junos, from "show bgp summary" (state, up time, per-table active/received/accepted counts) and
 * "show bgp neighbor" (local AS, peer id, description, instance, advertised counts), the fields
 * NAPALM's junos driver reads through its RPCs.
 */
export function parseJunosBgp(summary: string, neighbor: string): BgpNeighbors {
  const details = junosNeighbors(neighbor);
  const out: BgpNeighbors = {};
  const rows: { addr: string; as: string; up: string; state: string; tables: [string, string, string][] }[] =
    [];
  for (const line of summary.split('\n')) {
    const row = new RegExp(
      String.raw`^(${ADDR})\s+(${ASN})\s+\d+\s+\d+\s+\d+\s+\d+\s+(.+?)\s+(Establ|Active|Connect|Idle|OpenSent|OpenConfirm|\d+/\d+/\d+/\d+)(.*)$`,
    ).exec(line);
    if (row) {
      const tables: [string, string, string][] = [];
      // One table: its counts follow on the row itself (for inet.0).
      const inline = /^(\d+)\/(\d+)\/(\d+)\/\d+/.exec(row[4]!);
      if (inline) tables.push(['inet.0', inline[2]!, inline[3]!]);
      rows.push({ addr: row[1]!, as: row[2]!, up: row[3]!, state: inline ? 'Establ' : row[4]!, tables });
      continue;
    }
    const counts = /^\s+(\S+): (\d+)\/(\d+)\/(\d+)\/\d+/.exec(line);
    if (counts && rows.length) rows.at(-1)!.tables.push([counts[1]!, counts[3]!, counts[4]!]);
  }
  const used = new Set<JunosNeighbor>();
  for (const row of rows) {
    const vrfOfRow = row.tables.map(([t]) => junosTable(t)?.vrf).find(Boolean);
    const detail = details.find(
      (d) => !used.has(d) && d.addr === row.addr && (vrfOfRow === undefined || d.vrf === vrfOfRow),
    );
    if (detail) used.add(detail);
    const vrf = vrfOfRow ?? detail?.vrf ?? 'global';
    out[vrf] ??= { router_id: '', peers: {} };
    if (!out[vrf].router_id && detail?.localId) out[vrf].router_id = detail.localId;
    const isUp = row.state === 'Establ';
    const family: BgpPeer['address_family'] = {};
    for (const [table, received, accepted] of row.tables) {
      const t = junosTable(table);
      if (!t) continue;
      family[t.afi] = {
        received_prefixes: Number(received),
        accepted_prefixes: Number(accepted),
        sent_prefixes: detail?.advertised.get(table) ?? -1,
      };
    }
    out[vrf].peers[ipText(row.addr)] = {
      local_as: asNumber(detail?.localAs ?? '0'),
      remote_as: asNumber(row.as),
      remote_id: detail?.peerId ?? '',
      is_up: isUp,
      is_enabled: !/Shutdown/i.test(detail?.flags ?? ''),
      description: detail?.description ?? '',
      uptime: isUp ? junosUptime(row.up) : -1,
      address_family: family,
    };
  }
  return out;
}

/**
 * IOS-XR, from "show bgp neighbors" (each neighbour's ASes, description, remote router id, state,
 * up time, and per family its accepted, denied and advertised counts) and "show bgp summary" for
 * the router id: the values NAPALM's iosxr driver reads over XML (received = accepted + denied).
 */
export function parseXrBgp(summary: string, neighbors: string): BgpNeighbors {
  const routerId = new RegExp(`BGP router identifier (${ADDR})`).exec(summary)?.[1] ?? '';
  const out: BgpNeighbors = {};
  let peer: BgpPeer | null = null;
  let afi = '';
  let ownFamily: string | undefined;
  let denied = 0;
  for (const line of neighbors.split('\n')) {
    const head = new RegExp(String.raw`^BGP neighbor is (${ADDR})(?:, vrf (\S+))?`).exec(line);
    if (head) {
      const vrf = head[2] ?? 'global';
      out[vrf] ??= { router_id: routerId, peers: {} };
      peer = {
        local_as: 0,
        remote_as: 0,
        remote_id: '',
        is_up: false,
        is_enabled: true,
        description: '',
        uptime: -1,
        address_family: {},
      };
      out[vrf].peers[ipText(head[1]!)] = peer;
      ownFamily = head[1]!.includes(':') ? 'ipv6' : 'ipv4';
      afi = '';
      continue;
    }
    if (!peer) continue;
    const as = new RegExp(String.raw`^\s+Remote AS (${ASN}), local AS (${ASN})`).exec(line);
    if (as) {
      peer.remote_as = asNumber(as[1]!);
      peer.local_as = asNumber(as[2]!);
    }
    const desc = /^\s+Description: (.+?)\s*$/.exec(line);
    if (desc) peer.description = desc[1]!;
    const id = new RegExp(String.raw`^\s+Remote router ID (${ADDR})`).exec(line);
    if (id) peer.remote_id = id[1]!;
    const state = /^\s+BGP state = (\w+)(?:, up for (\S+))?(.*)$/.exec(line);
    if (state) {
      peer.is_up = state[1] === 'Established';
      peer.uptime = peer.is_up && state[2] ? bgpUptime(state[2]) : -1;
      peer.is_enabled = !/[Aa]dministratively shut ?down/.test(line);
    }
    // As NAPALM's iosxr: one family, named by the neighbour address's own (ipv4, ipv6), its
    // counts from the first family the neighbour carries.
    const family = /^\s+For Address Family: (\S+) (\S+)/.exec(line);
    if (family) {
      const own = Object.keys(peer.address_family).length === 0;
      afi = own ? (ownFamily ?? 'ipv4') : '';
      if (own) peer.address_family[afi] = { received_prefixes: -1, accepted_prefixes: -1, sent_prefixes: -1 };
      denied = 0;
    }
    const counts = afi ? peer.address_family[afi] : undefined;
    if (!counts) continue;
    const accepted = /^\s+(\d+) accepted prefixes/.exec(line);
    if (accepted) {
      counts.accepted_prefixes = Number(accepted[1]);
      counts.received_prefixes = counts.accepted_prefixes + denied;
    }
    const deny = /^\s+Cumulative no\. of prefixes denied: (\d+)/.exec(line);
    if (deny) {
      denied = Number(deny[1]);
      if (counts.accepted_prefixes >= 0) counts.received_prefixes = counts.accepted_prefixes + denied;
    }
    const advertised = /^\s+Prefix advertised (\d+)/.exec(line);
    if (advertised) counts.sent_prefixes = Number(advertised[1]);
  }
  return out;
}
