import type { CliState } from './types.ts';

/** Lines that open a configuration block: what follows them, indented, belongs to them. */
const BLOCK =
  /^(?:interface|router|line|ip access-list|ipv6 access-list|vlan|route-map|class-map|policy-map|vrf definition|vrf context|key chain|ip prefix-list \S+$|control-plane|management|daemon|aaa group server|address-family|neighbor \S+$|snmp-server view)\b/;

/** Settings that hold one value per block: setting them again replaces the old line. */
const SINGLE =
  /^(?:description|ip address|ipv6 address|mtu|speed|duplex|switchport mode|switchport access vlan|encapsulation|bandwidth|hostname|router-id|ip domain[- ]name|clock timezone|banner motd|snmp-server location|snmp-server contact)\b/;

/** Words a Cisco-style configuration accepts as a command's start. The simulator rejects anything else. */
const KEYWORDS = new Set(
  `aaa access-list address-family archive area banner bandwidth bgp boot cdp channel-group class class-map clock
  control-plane crypto daemon default default-information description domain duplex enable encapsulation errdisable
  exec-timeout exit-address-family feature hardware hostname interface ip ipv6 key key-string lldp logging login mac
  management match maximum-paths mpls mtu name neighbor network no ntp passive-interface password permit deny police
  policy-map port-channel prefix-list radius-server redistribute remark route-map router router-id seq service set
  shutdown snmp-server spanning-tree speed standby switchport system tacacs-server timers track transport username vlan
  vpc vrf vrrp version remote-as update-source send-community activate ospf authentication summary-address
  distance distribute-list exit comment`.split(/\s+/),
);

export function isConfigCommand(line: string): boolean {
  // Access-list entries with a sequence number ("10 permit tcp …").
  if (/^(?:no\s+)?\d+\s+(?:permit|deny|remark)\b/.test(line.trim())) return true;
  const first =
    line
      .trim()
      .replace(/^no\s+/, '')
      .split(/\s+/)[0] ?? '';
  return KEYWORDS.has(first);
}

function blockRange(running: string[], header: string): [number, number] | null {
  const start = running.indexOf(header);
  if (start === -1) return null;
  let end = start + 1;
  while (end < running.length && /^\s/.test(running[end]!)) end++;
  return [start, end];
}

const keyOf = (line: string) => SINGLE.exec(line.trim())?.[0];

/**
 * Applies one configuration line to the running config the way IOS does: a block header enters
 * (or creates) the block, "no" removes, single-valued settings replace, anything else is added once.
 */
export function applyConfigLine(state: CliState, lines: string[], line: string, indent: string): void {
  const text = line.trim();
  const negate = text.startsWith('no ');
  const body = negate ? text.slice(3).trim() : text;
  if (BLOCK.test(body)) {
    if (state.context && /^(?:address-family|neighbor \S+$)/.test(body)) {
      // A block inside the block (an NX-OS neighbour, an address family): its settings go under
      // it, one level deeper, until the next block or "exit".
      if (negate) removeSub(lines, state.context, body, indent);
      else addUnder(lines, state.context, body, false, indent);
      state.sub = negate ? null : body;
      return;
    }
    state.sub = null;
    const range = blockRange(lines, body);
    if (negate) {
      if (range) lines.splice(range[0], range[1] - range[0]);
      state.context = null;
      state.sub = null;
      return;
    }
    if (!range) lines.push(body);
    state.context = body;
    return;
  }
  if (state.context && state.sub) {
    addUnderSub(lines, state.context, state.sub, body, negate, indent);
    return;
  }
  if (state.context) {
    addUnder(lines, state.context, body, negate, indent);
    return;
  }
  setLine(lines, 0, lines.length, body, negate, '');
}

function addUnder(lines: string[], header: string, body: string, negate: boolean, indent: string): void {
  let range = blockRange(lines, header);
  if (!range) {
    lines.push(header);
    range = [lines.length - 1, lines.length];
  }
  setLine(lines, range[0] + 1, range[1], body, negate, indent);
}

/** The lines of `sub` inside `header`'s block: its header line, then those indented deeper. */
function subRange(lines: string[], header: string, sub: string, indent: string): [number, number] | null {
  const range = blockRange(lines, header);
  if (!range) return null;
  const at = lines.findIndex((l, i) => i > range[0] && i < range[1] && l === indent + sub);
  if (at === -1) return null;
  let end = at + 1;
  while (end < range[1] && lines[end]!.startsWith(indent + indent)) end++;
  return [at, end];
}

function addUnderSub(
  lines: string[],
  header: string,
  sub: string,
  body: string,
  negate: boolean,
  indent: string,
): void {
  if (!subRange(lines, header, sub, indent)) addUnder(lines, header, sub, false, indent);
  const range = subRange(lines, header, sub, indent)!;
  setLine(lines, range[0] + 1, range[1], body, negate, indent + indent);
}

function removeSub(lines: string[], header: string, sub: string, indent: string): void {
  const range = subRange(lines, header, sub, indent);
  if (range) lines.splice(range[0], range[1] - range[0]);
}

function setLine(
  lines: string[],
  from: number,
  to: number,
  body: string,
  negate: boolean,
  indent: string,
): void {
  const key = keyOf(body);
  const at = lines.findIndex(
    (l, i) =>
      i >= from &&
      i < to &&
      !/^\s/.test(l.slice(indent.length)) &&
      (l.trim() === body || (key !== undefined && keyOf(l) === key)),
  );
  if (negate) {
    // "no shutdown" removes "shutdown"; "no description" removes the description, whatever it said.
    const drop = lines.findIndex(
      (l, i) => i >= from && i < to && (l.trim() === body || (key !== undefined && keyOf(l) === key)),
    );
    if (drop !== -1) lines.splice(drop, 1);
    return;
  }
  if (at !== -1) lines[at] = indent + body;
  else lines.splice(to, 0, indent + body);
}
