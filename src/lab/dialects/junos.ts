import type { LabDevice } from '../model.ts';
import { junosBgpNeighbor, junosBgpSummary } from './bgp.ts';
import { arpPairs } from './cisco-shows.ts';
import { junosEnvironment, junosRoutingEngines, junosTemperatureThresholds } from './junos-chassis.ts';
import { applyStatement, compare, parseConfiguration, showConfiguration } from './junos-config.ts';
import { afterCommit, linkUp, restoreManagement } from './management.ts';
import { pingReply } from './ping.ts';
import { applyPipes, splitPipes } from './pipes.ts';
import { junosRouteExtensive } from './routes.ts';
import type { CliState, Dialect, Reply } from './types.ts';

/** Per device: committed configurations, newest first ("rollback 1" is the one before), and a pending confirm. */
type History = { commits: string[][]; confirm: NodeJS.Timeout | null };
const histories = new WeakMap<LabDevice, History>();
const historyOf = (d: LabDevice): History => {
  let h = histories.get(d);
  if (!h) {
    h = { commits: [], confirm: null };
    histories.set(d, h);
  }
  return h;
};

/** Real Junos counts commit-confirm timeouts in minutes; tests shorten the minute. */
export const junosClock = { minuteMs: 60_000 };

const hostOf = (d: LabDevice) =>
  d.running.find((s) => s.startsWith('set system host-name '))?.slice(21) ?? d.hostname;

function version(d: LabDevice): string {
  return `Hostname: ${hostOf(d)}\nModel: ${d.model}\nJunos: ${d.version}\nJUNOS OS Kernel 64-bit  [20240101.abcdef_builder_stable_12]\nJUNOS OS runtime [20240101.abcdef_builder_stable_12]\n`;
}

function chassis(d: LabDevice): string {
  return `Hardware inventory:
Item             Version  Part number  Serial number     Description
Chassis                                ${d.serial.padEnd(18)}${d.model.toUpperCase()}
Routing Engine 0 REV 09   750-054901   ${d.serial}A       RE-S-1600x8
`;
}

function uptime(d: LabDevice): string {
  const s = Math.floor((Date.now() - d.bootedAt) / 1000);
  const w = Math.floor(s / 604800);
  const days = Math.floor((s % 604800) / 86400);
  const hh = Math.floor((s % 86400) / 3600);
  const mm = Math.floor((s % 3600) / 60);
  const ago = `${w ? `${w}w` : ''}${days ? `${days}d` : ''} ${String(hh).padStart(2, '0')}:${String(mm).padStart(2, '0')}`;
  return `Current time: ${new Date().toISOString()}\nSystem booted: ${new Date(d.bootedAt).toISOString()} (${ago.trim()} ago)\n`;
}

function interfaces(d: LabDevice): string {
  return d.interfaces
    .map((i) => {
      const desc = d.running.find((s) => s.startsWith(`set interfaces ${i.name} description `));
      const disabled = d.running.includes(`set interfaces ${i.name} disable`);
      const description = desc ? desc.split(' description ')[1]!.replace(/^"(.*)"$/, '$1') : i.description;
      return `Physical interface: ${i.name}, ${disabled ? 'Administratively down' : 'Enabled'}, Physical link is ${linkUp(d, i) && !disabled ? 'Up' : 'Down'}
  Interface index: 150, SNMP ifIndex: 520
${description ? `  Description: ${description}\n` : ''}  Link-level type: Ethernet, MTU: ${i.mtu}, LAN-PHY mode, Speed: ${i.speedMbit / 1000}Gbps, BPDU Error: None,
  Current address: ${i.mac}, Hardware address: ${i.mac}
  Last flapped   : 2026-11-01 10:00:00 UTC (3w2d 04:05 ago)
${i.ipv4 ? `\n  Logical interface ${i.name}.0 (Index 330) (SNMP ifIndex 540)\n    Flags: Up SNMP-Traps 0x4004000 Encapsulation: ENET2\n    Protocol inet, MTU: ${i.mtu - 14}\n      Addresses, Flags: Is-Preferred Is-Primary\n        Local: ${i.ipv4.split('/')[0]}\n` : ''}`;
    })
    .join('\n');
}

/** "show arp no-resolve expiration-time": the neighbours on each routed port's unit 0, with their time to expire. */
function junosArp(d: LabDevice): string {
  const colons = (dotted: string) => dotted.replace(/\./g, '').replace(/(..)(?=.)/g, '$1:');
  const rows = arpPairs(d).map(
    (p) => `${colons(p.peerMac).padEnd(18)}${p.peer.padEnd(16)}${`${p.iface}.0`.padEnd(14)}none     1187`,
  );
  return [
    'MAC Address       Address         Interface     Flags    TTE',
    ...rows,
    `Total entries: ${rows.length}`,
    '',
  ].join('\n');
}

/** The VLANs of the running config ("set vlans NAME vlan-id N") and the ports that are members. */
function vlansOf(d: LabDevice): { name: string; tag: string; members: string[] }[] {
  return d.running.flatMap((line) => {
    const m = /^set vlans (\S+) vlan-id (\d+)$/.exec(line);
    if (!m) return [];
    const members = d.running
      .map((l) =>
        new RegExp(`^set interfaces (\\S+) unit (\\d+) family ethernet-switching vlan members ${m[1]}$`).exec(
          l,
        ),
      )
      .filter((x): x is RegExpExecArray => x !== null)
      .map((x) => `${x[1]}.${x[2]}`);
    return [{ name: m[1]!, tag: m[2]!, members }];
  });
}

/** "show vlans" (ELS): each VLAN, its tag, its member units, active ones starred. */
function junosVlans(d: LabDevice): string {
  const rows = ['Routing instance        VLAN name             Tag          Interfaces'];
  for (const v of vlansOf(d)) {
    rows.push(`default-switch          ${v.name.padEnd(22)}${v.tag}`);
    for (const m of v.members) {
      const iface = d.interfaces.find((i) => i.name === m.replace(/\.\d+$/, ''));
      rows.push(`${' '.repeat(59)}${m}${iface && linkUp(d, iface) ? '*' : ''}`);
    }
  }
  return `${rows.join('\n')}\n`;
}

/** "show ethernet-switching table": a host learned behind each enabled member port (as the other dialects do). */
function junosMacTable(d: LabDevice): string {
  const rows: string[] = [];
  for (const v of vlansOf(d)) {
    for (const m of v.members) {
      const iface = d.interfaces.find((i) => i.name === m.replace(/\.\d+$/, ''));
      if (!iface || d.running.includes(`set interfaces ${iface.name} disable`)) continue;
      const hex = iface.mac.replace(/[^0-9a-f]/gi, '').toLowerCase();
      const host = `02${hex.slice(2)}`.replace(/(..)(?=.)/g, '$1:');
      rows.push(`    ${v.name.padEnd(20)}${host}   D             -   ${m.padEnd(23)}0         0`);
    }
  }
  return `MAC flags (S - static MAC, D - dynamic MAC, L - locally learned, P - Persistent static
           SE - statistics enabled, NM - non configured MAC, R - remote PE MAC, O - ovsdb MAC)


Ethernet switching table : ${rows.length} entries, ${rows.length} learned
Routing instance : default-switch
    Vlan                MAC                 MAC         Age    Logical                NH        RTR
    name                address             flags              interface              Index     ID
${rows.join('\n')}
`;
}

function terse(d: LabDevice): string {
  const rows = ['Interface               Admin Link Proto    Local                 Remote'];
  for (const i of d.interfaces) {
    const link = linkUp(d, i) ? 'up  ' : 'down';
    rows.push(`${i.name.padEnd(24)}up    ${link}`);
    if (i.ipv4) rows.push(`${`${i.name}.0`.padEnd(24)}up    ${link} inet     ${i.ipv4}`);
  }
  return rows.join('\n');
}

function lldp(d: LabDevice): string {
  return [
    'Local Interface    Parent Interface    Chassis Id          Port info          System Name',
    ...d.neighbors.map(
      (n) =>
        `${n.localInterface.padEnd(19)}-                   ${n.remoteChassisId.padEnd(20)}${n.remoteInterface.padEnd(18)} ${n.remoteHostname}`,
    ),
  ].join('\n');
}

function operational(state: CliState, command: string, pipes: string[]): Reply {
  const d = state.device;
  const out = (text: string): Reply => ({ output: `${applyPipes(text, pipes)}\n` });
  if (command === 'set cli screen-length 0') {
    state.paging = false;
    return { output: 'Screen length set to 0\n' };
  }
  if (command === 'set cli screen-width 0') return { output: 'Screen width set to 0\n' };
  if (command === 'show version') return out(version(d));
  if (command === 'show configuration') {
    if (pipes.includes('display set')) return out(d.running.join('\n'));
    return out(
      `## Last commit: ${new Date(d.changedAt).toISOString().replace('T', ' ').slice(0, 19)} UTC by admin\n${showConfiguration(d.running)}`,
    );
  }
  if (command === 'show chassis hardware') return out(chassis(d));
  if (command === 'show configuration system domain-name') {
    const domain = d.running.find((l) => l.startsWith('set system domain-name '))?.slice(23);
    return out(domain ? `domain-name ${domain};` : '');
  }
  if (command === 'show chassis environment') return out(junosEnvironment());
  if (command === 'show chassis temperature-thresholds') return out(junosTemperatureThresholds());
  if (command === 'show chassis routing-engine') return out(junosRoutingEngines(d));
  if (command === 'show system uptime') return out(uptime(d));
  if (command === 'show interfaces') return out(interfaces(d));
  if (command === 'show interfaces terse') return out(terse(d));
  if (command === 'show arp no-resolve expiration-time') return out(junosArp(d));
  if (command === 'show bgp summary') return out(junosBgpSummary(d));
  if (command === 'show vlans') return out(junosVlans(d));
  if (/^ping \S+ /.test(command)) return out(pingReply('juniper_junos', d, command));
  const route = /^show route (\d+\.\d+\.\d+\.\d+(?:\/\d+)?)(?: protocol ([a-z]+))? extensive$/.exec(command);
  if (route) return out(junosRouteExtensive(d, route[1]!, route[2] ?? ''));
  if (command === 'show ethernet-switching table') return out(junosMacTable(d));
  if (command === 'show bgp neighbor') return out(junosBgpNeighbor(d));
  const neighbor = /^show bgp neighbor (\S+)$/.exec(command);
  if (neighbor) return out(junosBgpNeighbor(d, neighbor[1]!));
  if (command === 'show lldp neighbors') return out(lldp(d));
  if (command === 'configure' || command === 'configure private') {
    state.mode = 'configuration';
    state.candidate = [...d.running];
    return { output: 'Entering configuration mode\n\n[edit]\n' };
  }
  if (command === 'exit' || command === 'quit') return { output: '', close: true };
  return { output: `${' '.repeat(Math.min(command.length, 30))}^\nunknown command.\n` };
}

function commit(state: CliState, confirmMinutes?: number): string {
  const d = state.device;
  const h = historyOf(d);
  if (h.confirm) {
    clearTimeout(h.confirm);
    h.confirm = null;
  }
  const previous = [...d.running];
  h.commits.unshift(previous);
  h.commits.length = Math.min(h.commits.length, 49);
  d.running = [...state.candidate!];
  d.startup = [...d.running];
  d.changedAt = Date.now();
  if (confirmMinutes === undefined) return 'commit complete\n';
  h.confirm = setTimeout(() => {
    // Not confirmed in time: Junos rolls back to the configuration before the commit.
    h.confirm = null;
    restoreManagement(d);
    h.commits.unshift([...d.running]);
    d.running = previous;
    d.startup = [...previous];
    d.changedAt = Date.now();
  }, confirmMinutes * junosClock.minuteMs);
  h.confirm.unref();
  return `commit confirmed will be automatically rolled back in ${confirmMinutes} minutes unless confirmed\ncommit complete\n\n# commit confirmed will be rolled back in ${confirmMinutes} minutes\n`;
}

function configuration(state: CliState, command: string, pipes: string[]): Reply {
  const d = state.device;
  const edit = (text: string): Reply => ({ output: `${text}\n[edit]\n` });
  if (command.startsWith('run ')) return operational(state, command.slice(4), pipes);
  if (command.startsWith('set ') || command.startsWith('delete ')) {
    const error = applyStatement(state.candidate!, command);
    return edit(error ? `${error}\n` : '');
  }
  if (command === 'show | compare' || (command === 'show' && pipes.includes('compare')))
    return edit(compare(d.running, state.candidate!));
  // The candidate, as "show configuration" prints the running config.
  if (command === 'show' && pipes.length === 0) return edit(showConfiguration(state.candidate!));
  if (command === 'show' && pipes.length === 1 && pipes[0] === 'display set')
    return edit(`${state.candidate!.join('\n')}\n`);
  if (command === 'commit' || command === 'commit and-quit') {
    const text = commit(state);
    if (command === 'commit and-quit') {
      state.mode = 'operational';
      state.candidate = null;
      return { output: `${text}Exiting configuration mode\n` };
    }
    return edit(text);
  }
  const confirmed = /^commit confirmed(?: (\d+))?$/.exec(command);
  if (confirmed) {
    const previous = [...d.running];
    return afterCommit(d, previous, edit(commit(state, Number(confirmed[1] ?? 10))));
  }
  if (command === 'load override terminal')
    return {
      output: '[Type ^D at a new line to end input]\n',
      collect: {
        end: '\x04',
        onInput: (text) => {
          // Any error leaves the candidate as it was, and says where.
          const parsed = parseConfiguration(text);
          if ('error' in parsed)
            return edit(`terminal:${parsed.line}:(0) ${parsed.error}\nload complete (1 errors)\n`);
          state.candidate = parsed.statements;
          return edit('load complete\n');
        },
      },
    };
  const rollback = /^rollback(?: (\d+))?$/.exec(command);
  if (rollback) {
    const n = Number(rollback[1] ?? 0);
    const h = historyOf(d);
    if (n === 0) state.candidate = [...d.running];
    else if (h.commits[n - 1]) state.candidate = [...h.commits[n - 1]!];
    else return edit(`error: Cannot rollback, file not found\n`);
    return edit('load complete\n');
  }
  if (command === 'exit configuration-mode' || command === 'exit' || command === 'quit') {
    const leave = (): Reply => {
      state.mode = 'operational';
      state.candidate = null;
      return { output: 'Exiting configuration mode\n' };
    };
    if (state.candidate!.join('\n') === d.running.join('\n')) return leave();
    return {
      output: 'The configuration has been changed but not committed\n',
      ask: {
        prompt: 'Exit with uncommitted changes? [yes,no] (yes) ',
        onAnswer: (a) => (a.startsWith('n') ? edit('') : leave()),
      },
    };
  }
  return edit(`${' '.repeat(Math.min(command.length, 30))}^\nsyntax error.\n`);
}

export const junosDialect: Dialect = {
  banner: (d) => `--- JUNOS ${d.version} built 2024-01-01 00:00:00 UTC\n`,
  initialMode: 'operational',
  prompt: (state) =>
    `${state.device.username}@${hostOf(state.device)}${state.mode === 'configuration' ? '#' : '>'} `,
  pagerPrompt: '---(more)---',
  pageLines: 60,
  handle: (state, line) => {
    const { command, pipes } = splitPipes(line);
    const c = command.replace(/\s+/g, ' ');
    if (c === '') return { output: '' };
    const realPipes = pipes.filter((p) => p !== 'no-more' && p !== 'display omit');
    if (pipes.includes('no-more')) state.paging = false;
    return state.mode === 'configuration'
      ? configuration(state, c, realPipes)
      : operational(state, c, realPipes);
  },
};
