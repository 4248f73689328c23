import type { RouteEntry, RoutesTo } from '../models.ts';
import { junosUptime } from './bgp.ts';

/**
 * get_route_to on Junos as NAPALM's junos reads "show route DESTINATION [protocol P] extensive"
 * (its route table is that RPC's next hops). Kept from that driver:
 * - one path per next hop of each entry, keyed "destination/length"; an entry with no next hop
 *   line (a Local route) is one path with no next hop or interface;
 * - activity from the entry's tag ("*" both, "+" current, "-" last active), the first figure of
 *   "Preference: 170/-101" as the preference;
 * - protocol attributes for BGP (local and remote AS, the AS path without its origin letter,
 *   communities, local preference, the second preference, the peer's router id, both metrics;
 *   null where the route has none) and IS-IS (level, metric, local AS), none for the others;
 * - "connected" asks for Junos' "direct"; only the protocol asked for is kept.
 * A next hop or interface NAPALM leaves as None is "" here (the model's type is a string).
 */
const BGP_KEYS = [
  'local_as',
  'remote_as',
  'as_path',
  'communities',
  'local_preference',
  'preference2',
  'remote_address',
  'metric',
  'metric2',
] as const;
const ISIS_KEYS = ['level', 'metric', 'local_as'] as const;

export function junosRouteCommand(destination: string, protocol: string): string {
  const p = protocol === 'connected' ? 'direct' : protocol;
  return `show route ${destination}${p ? ` protocol ${p}` : ''} extensive`;
}

type Entry = {
  table: string;
  prefix: string;
  tag: string;
  protocol: string;
  preference: number;
  attrs: Record<string, unknown>;
  inactive: string;
  age: number;
  hops: { to: string; via: string; selected: boolean }[];
  indent: number;
};

export function parseJunosRouteTo(output: string, protocol: string): RoutesTo {
  const wanted = protocol === 'connected' ? 'direct' : protocol;
  const routes: RoutesTo = {};
  for (const e of entries(output)) {
    if (wanted && e.protocol.toLowerCase() !== wanted) continue;
    const keys =
      e.protocol.toLowerCase() === 'bgp' ? BGP_KEYS : e.protocol.toLowerCase() === 'isis' ? ISIS_KEYS : [];
    const protocol_attributes = Object.fromEntries(keys.map((k) => [k, e.attrs[k] ?? null]));
    const hops = e.hops.length ? e.hops : [{ to: '', via: '', selected: false }];
    routes[e.prefix] ??= [];
    const paths = routes[e.prefix]!;
    for (const hop of hops)
      paths.push({
        protocol: e.protocol,
        current_active: e.tag === '*' || e.tag === '+',
        last_active: e.tag === '*' || e.tag === '-',
        age: e.age,
        next_hop: hop.to,
        outgoing_interface: hop.via,
        selected_next_hop: hop.selected,
        preference: e.preference,
        inactive_reason: e.inactive,
        routing_table: e.table,
        protocol_attributes,
      } satisfies RouteEntry);
  }
  return routes;
}

const TABLE = /^(\S+): \d+ destinations?/;
const PREFIX = /^(\d{1,3}(?:\.\d{1,3}){3})(?:\/(\d{1,2}))? \(\d+ entr/;
const ENTRY = /^(\s+)([*+-]?)\s*([A-Za-z][\w-]*)\s+Preference: (\d+)(?:\/(-?\d+))?/;
const HOP = /^Next hop: (?:(\d{1,3}(?:\.\d{1,3}){3}) )?via ([^,\s]+)(.*)$/;

/** Each route entry of the answer, with its table, prefix and the fields NAPALM's table reads. */
function entries(output: string): Entry[] {
  const out: Entry[] = [];
  let table = '';
  let prefix = '';
  let entry: Entry | null = null;
  for (const line of output.split('\n')) {
    const t = TABLE.exec(line);
    if (t) {
      table = t[1]!;
      entry = null;
      continue;
    }
    const p = PREFIX.exec(line);
    if (p) {
      prefix = `${p[1]}/${p[2] ?? '32'}`;
      entry = null;
      continue;
    }
    const e = ENTRY.exec(line);
    if (e && prefix) {
      entry = {
        table,
        prefix,
        tag: e[2]!,
        protocol: e[3]!,
        preference: Number(e[4]),
        attrs: e[5] === undefined ? {} : { preference2: Number(e[5]) },
        inactive: '',
        age: 0,
        hops: [],
        indent: -1,
      };
      out.push(entry);
      continue;
    }
    if (!entry || line.trim() === '') continue;
    const indent = line.length - line.trimStart().length;
    // The entry's own fields share one indentation; deeper lines belong to indirect next hops.
    if (entry.indent === -1) entry.indent = indent;
    if (indent !== entry.indent) continue;
    readField(entry, line.trim());
  }
  return out;
}

/** The entry fields NAPALM's route table reads, each a line rule. */
const FIELDS: [RegExp, (e: Entry, m: RegExpExecArray) => void][] = [
  [/^Age: (.+?)\s*(?:Metric2?: .*)?$/, (e, m) => (e.age = junosUptime(m[1]!))],
  [/^Inactive reason: (.+)$/, (e, m) => (e.inactive = m[1]!.trim())],
  [/^Local AS:\s+(\d+)/, (e, m) => (e.attrs.local_as = Number(m[1]))],
  [/Peer AS:\s+(\d+)/, (e, m) => (e.attrs.remote_as = Number(m[1]))],
  // As NAPALM trims its XML text: up to " I ", without "AS path:" and without any "I".
  [
    /^AS path: (.*)$/,
    (e, m) =>
      (e.attrs.as_path = `AS path: ${m[1]}`
        .split(' I ')[0]!
        .replace('AS path:', '')
        .replaceAll('I', '')
        .trim()),
  ],
  [/^Communities: (.+)$/, (e, m) => (e.attrs.communities = m[1]!.trim().split(/\s+/))],
  [/^Localpref: (\d+)/, (e, m) => (e.attrs.local_preference = Number(m[1]))],
  [/^Router ID: (\S+)/, (e, m) => (e.attrs.remote_address = m[1])],
  [/(?:^|\s)Metric: (\d+)/, (e, m) => (e.attrs.metric = Number(m[1]))],
  [/(?:^|\s)Metric2: (\d+)/, (e, m) => (e.attrs.metric2 = Number(m[1]))],
  [/^Level: (\d+)/, (e, m) => (e.attrs.level = Number(m[1]))],
];

function readField(entry: Entry, field: string): void {
  const hop = HOP.exec(field);
  if (hop) {
    entry.hops.push({ to: hop[1] ?? '', via: hop[2]!, selected: /\bselected\b/.test(hop[3]!) });
    return;
  }
  for (const [re, apply] of FIELDS) {
    const m = re.exec(field);
    if (m) apply(entry, m);
  }
}
