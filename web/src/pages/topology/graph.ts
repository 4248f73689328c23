import type { GetResult } from '../../api/client';

export type Link = GetResult<'/api/v1/topology/links'>['items'][number];
export type DeviceNode = {
  id: string;
  hostname: string;
  role: string;
  reachability: string;
  platform: string;
};

export type Graph = {
  nodes: { id: string; label: string; role: string; reachability: string; inInventory: boolean }[];
  edges: {
    id: string;
    source: string;
    target: string;
    label: string;
    /** Each end's port, shown beside its device on the link. */
    sourcePort: string;
    targetPort: string;
    protocols: string[];
  }[];
};

const RANK = ['border', 'core', 'spine', 'distribution', 'leaf', 'access'];

/** Roles from the top of the network down, for a layered layout; unknown roles go last. */
export function roleRank(role: string): number {
  const i = RANK.indexOf(role);
  return i === -1 ? RANK.length : i;
}

/**
 * One node per device (and per neighbour outside the inventory, by name), one edge per cable:
 * both ends report a link, often over LLDP and CDP both, and all of those are the same cable.
 */
export function buildGraph(links: Link[], devices: Map<string, DeviceNode>): Graph {
  const nodes = new Map<string, Graph['nodes'][number]>();
  const node = (id: string, label: string) => {
    const d = devices.get(id);
    if (!nodes.has(id))
      nodes.set(id, {
        id,
        label: d?.hostname ?? label,
        role: d?.role ?? '',
        reachability: d?.reachability ?? 'unknown',
        inInventory: Boolean(d),
      });
    return id;
  };
  const edges = new Map<string, Graph['edges'][number]>();
  for (const l of links) {
    const local = node(l.localDeviceId, l.localName || l.localDeviceId);
    const remote = node(l.remoteDeviceId ?? `name:${l.remoteName}`, l.remoteName);
    const ends = [`${local}|${l.localInterface}`, `${remote}|${l.remoteInterface}`].sort();
    const key = ends.join('~');
    const seen = edges.get(key);
    if (seen) {
      if (!seen.protocols.includes(l.protocol)) seen.protocols.push(l.protocol);
      continue;
    }
    edges.set(key, {
      id: key,
      source: local,
      target: remote,
      label: `${l.localInterface} — ${l.remoteInterface}`,
      sourcePort: shortPort(l.localInterface),
      targetPort: shortPort(l.remoteInterface),
      protocols: [l.protocol],
    });
  }
  return { nodes: [...nodes.values()], edges: [...edges.values()] };
}

/** A port as a link label shows it: "GigabitEthernet1/0/1" as "Gi1/0/1", short enough to read on a map. */
export function shortPort(name: string): string {
  const m = /^([A-Za-z-]+?)(\d.*)$/.exec(name);
  if (!m) return name;
  const type = m[1]!;
  const short: Record<string, string> = {
    GigabitEthernet: 'Gi',
    TenGigabitEthernet: 'Te',
    TwentyFiveGigE: 'Twe',
    FortyGigabitEthernet: 'Fo',
    HundredGigE: 'Hu',
    HundredGigabitEthernet: 'Hu',
    FastEthernet: 'Fa',
    Ethernet: 'Eth',
    'Port-channel': 'Po',
    Management: 'Ma',
  };
  return `${short[type] ?? type}${m[2]}`;
}

export type Neighbour = {
  localInterface: string;
  deviceId: string | null;
  name: string;
  remoteInterface: string;
  protocols: string[];
  stale: boolean;
  lastSeenAt: string;
};

/**
 * A device's neighbours from its own point of view: what it reported, and what its neighbours
 * reported about it (turned around), one row per cable with the protocols that saw it.
 */
export function neighboursOf(deviceId: string, links: Link[]): Neighbour[] {
  const rows = new Map<string, Neighbour>();
  for (const l of links) {
    const mine = l.localDeviceId === deviceId;
    const row: Neighbour = mine
      ? {
          localInterface: l.localInterface,
          deviceId: l.remoteDeviceId,
          name: l.remoteName,
          remoteInterface: l.remoteInterface,
          protocols: [l.protocol],
          stale: l.stale,
          lastSeenAt: l.lastSeenAt,
        }
      : {
          localInterface: l.remoteInterface,
          deviceId: l.localDeviceId,
          name: l.localName,
          remoteInterface: l.localInterface,
          protocols: [l.protocol],
          stale: l.stale,
          lastSeenAt: l.lastSeenAt,
        };
    const key = [row.localInterface, row.deviceId ?? row.name, row.remoteInterface].join('|');
    const seen = rows.get(key);
    if (!seen) {
      rows.set(key, row);
      continue;
    }
    if (!seen.protocols.includes(l.protocol)) seen.protocols.push(l.protocol);
    seen.stale &&= l.stale;
    if (l.lastSeenAt > seen.lastSeenAt) seen.lastSeenAt = l.lastSeenAt;
    // The device's own report names the neighbour as it advertised itself; keep that.
    if (mine) seen.name = row.name;
  }
  return [...rows.values()].sort((a, b) =>
    a.localInterface.localeCompare(b.localInterface, undefined, { numeric: true }),
  );
}
