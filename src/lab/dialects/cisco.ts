import type { LabDevice } from '../model.ts';
import {
  eosBgpNeighbors,
  eosBgpSummaryJson,
  iosBgpNeighbors,
  iosBgpSummary,
  nxosBgpNeighbors,
  nxosBgpSummary,
  xrBgpNeighbors,
  xrBgpSummary,
} from './bgp.ts';
import { applyConfigLine, isConfigCommand } from './cisco-config.ts';
import { rollbackExec, xrChangesDiff, xrCommit } from './cisco-rollback.ts';
import * as show from './cisco-shows.ts';
import { eosExec, eosSessionCommand } from './eos-sessions.ts';
import { eosMacTable, iosMacTable, nxosMacTable, xrMacLearning, xrPlatform } from './mac-tables.ts';
import { afterCommit } from './management.ts';
import { pingReply } from './ping.ts';
import { applyPipes, splitPipes, wantsNoMore } from './pipes.ts';
import * as routes from './routes.ts';
import type { CliState, Dialect, Reply } from './types.ts';
import * as xr from './xr-chassis.ts';

/** What differs between the Cisco-style CLIs the lab simulates. */
type Flavor = {
  name: string;
  /** Sessions start in user exec ("host>") and need enable. */
  startsInExec: boolean;
  /** Indentation of lines inside a configuration block. */
  indent: string;
  /** IOS-XR: configuration changes wait for "commit". */
  candidate: boolean;
  promptHost: (d: LabDevice) => string;
  banner: string;
  commands: Record<string, (d: LabDevice) => string>;
  invalid: (line: string) => string;
};

const iosInvalid = (line: string) =>
  `${' '.repeat(Math.min(line.length, 20))}^\n% Invalid input detected at '^' marker.\n`;

const FLAVORS: Record<string, Flavor> = {
  cisco_ios: {
    name: 'cisco_ios',
    startsInExec: true,
    indent: ' ',
    candidate: false,
    promptHost: (d) => d.hostname,
    banner: '\nUser Access Verification\n\n',
    commands: {
      'show version': show.iosVersion,
      'show hosts': show.iosHosts,
      'show arp': show.iosArp,
      'show bgp all summary': iosBgpSummary,
      'show ip bgp all summary': iosBgpSummary,
      // The lab's routers have no VRFs: the table's heading alone.
      'show vrf': () => '  Name                             Default RD            Protocols   Interfaces\n',
      'show proc cpu': show.iosProcessesCpu,
      'show memory statistics': show.iosMemoryStatistics,
      'show env temperature status': show.iosTemperatureStatus,
      'show bgp all neighbors': iosBgpNeighbors,
      'show vlan brief': show.iosVlanBrief,
      'show mac address-table': iosMacTable,
      'show interfaces': show.ciscoInterfaces,
      'show ip interface': show.ciscoIpInterface,
      'show ip interface brief': show.iosIpInterfaceBrief,
      'show lldp neighbors detail': (d) => show.iosLldpDetail(d),
      'show cdp neighbors detail': show.cdpDetail,
    },
    invalid: iosInvalid,
  },
  cisco_nxos: {
    name: 'cisco_nxos',
    startsInExec: false,
    indent: '  ',
    candidate: false,
    promptHost: (d) => d.hostname,
    banner: 'Cisco Nexus Operating System (NX-OS) Software\nTAC support: http://www.cisco.com/tac\n',
    commands: {
      'show version': show.nxosVersion,
      'show interface': show.ciscoInterfaces,
      'show ip interface vrf all': show.nxosIpInterface,
      'show ip interface brief vrf all': show.nxosIpInterfaceBrief,
      'show ip interface brief': show.nxosIpInterfaceBrief,
      'show lldp neighbors detail': show.nxosLldpDetail,
      'show mac address-table': nxosMacTable,
      'show ip arp vrf all': show.nxosArp,
      'show bgp all summary vrf all': nxosBgpSummary,
      'show ip bgp neighbors vrf all': nxosBgpNeighbors,
      'show inventory': show.nxosInventory,
      'show hostname': (d) => `${d.hostname}\n`,
      'show hosts': show.nxosHosts,
      'show interface status': show.nxosInterfaceStatus,
      'show system resources': show.nxosSystemResources,
      'show environment temperature': show.nxosTemperature,
      'show vlan brief': show.nxosVlanBrief,
      'show cdp neighbors detail': show.cdpDetail,
    },
    invalid: (line) => `${' '.repeat(Math.min(line.length, 20))}^\n% Invalid command at '^' marker.\n`,
  },
  arista_eos: {
    name: 'arista_eos',
    startsInExec: true,
    indent: '   ',
    candidate: false,
    promptHost: (d) => d.hostname,
    banner: '',
    commands: {
      'show version': show.eosVersion,
      'show hostname': (d) => `Hostname: ${d.hostname}\nFQDN:     ${d.hostname}.lab.example\n`,
      'show interfaces': show.ciscoInterfaces,
      'show ip interface': show.ciscoIpInterface,
      'show ip interface brief': show.eosIpInterfaceBrief,
      'show lldp neighbors detail': show.eosLldpDetail,
      'show mac address-table': eosMacTable,
      'show vlan': show.eosVlan,
      'show ip arp': show.eosArp,
      'show ip bgp summary vrf all | json': (d) => eosBgpSummaryJson(d, 'ipv4'),
      'show ipv6 bgp summary vrf all | json': (d) => eosBgpSummaryJson(d, 'ipv6'),
      'show ip bgp neighbors vrf all': (d) => eosBgpNeighbors(d, 'ipv4'),
      'show ipv6 bgp neighbors vrf all': (d) => eosBgpNeighbors(d, 'ipv6'),
      'show ipv6 bgp peers vrf all': (d) => eosBgpNeighbors(d, 'ipv6'),
      'show environment cooling | json': show.eosCoolingJson,
      'show environment temperature | json': show.eosTemperatureJson,
      'show environment power | json': show.eosPowerJson,
      'show processes top once': show.eosProcessesTop,
    },
    invalid: () => '% Invalid input\n',
  },
  cisco_iosxr: {
    name: 'cisco_iosxr',
    startsInExec: false,
    indent: ' ',
    candidate: true,
    promptHost: (d) => `RP/0/RP0/CPU0:${d.hostname}`,
    banner: '',
    commands: {
      'show version': show.xrVersion,
      'show interfaces': show.ciscoInterfaces,
      'show ipv4 interface': show.ciscoIpInterface,
      'show ipv4 interface brief': show.xrIpInterfaceBrief,
      'show arp': show.xrArp,
      'show bgp summary': xrBgpSummary,
      'show processes cpu': xr.xrProcessesCpu,
      'admin show environment fan': xr.xrEnvironmentFan,
      'admin show environment power': xr.xrEnvironmentPower,
      'show memory summary': xr.xrMemorySummary,
      'show platform': () => `${show.xrStamp()}\n${xrPlatform()}`,
      'show bgp neighbors': xrBgpNeighbors,
      'show lldp neighbors detail': (d) => show.iosLldpDetail(d, 'Local Interface'),
      'show cdp neighbors detail': show.cdpDetail,
    },
    invalid: iosInvalid,
  },
};

const ALIASES: [RegExp, string][] = [
  [/^sh(?:o|ow)?\b/, 'show'],
  [/^conf(?:i|ig|igure)?\s+t(?:e|er|erm|ermi|ermin|ermina|erminal)?$/, 'configure terminal'],
  [/^wr(?:i|it|ite)?(?:\s+mem(?:ory)?)?$/, 'write memory'],
  [/\brun(?:n|ni|nin|ning)?(?:-c\w*)?\b/, 'running-config'],
  [/\bint(?:e|er|erf|erfa|erfac|erface)?\b(?!e)/, 'interface'],
];

function normalise(command: string): string {
  let c = command.trim().replace(/\s+/g, ' ');
  for (const [re, full] of ALIASES) c = c.replace(re, full);
  return c;
}

function runningConfig(d: LabDevice, flavor: Flavor): string {
  const body = `${d.running.join('\n')}\n${flavor.name === 'cisco_nxos' ? '' : 'end\n'}`;
  return show.runningHeader(d, flavor.name, body) + body;
}

/** Answers one line typed at a Cisco-style prompt. */
function handle(flavor: Flavor, state: CliState, line: string): Reply {
  const d = state.device;
  const { command: raw, pipes } = splitPipes(line);
  // In configuration mode only "do …" runs exec commands; everything else is configuration, unabbreviated.
  const exec = state.mode !== 'config' || /^do\s/.test(raw);
  if (!exec) return configure(flavor, state, raw.trim().replace(/\s+/g, ' '));
  const command = normalise(raw.replace(/^do\s+/, ''));
  if (command === '') return { output: '' };
  if (wantsNoMore(pipes)) state.paging = false;
  const out = (text: string): Reply => ({ output: applyPipes(text, pipes) });

  if (command === 'terminal length 0' || command === 'terminal pager 0') {
    state.paging = false;
    return { output: '' };
  }
  if (/^terminal (?:width|length|monitor)/.test(command)) return { output: '' };
  if (command === 'enable') {
    if (state.mode !== 'exec') return { output: '' };
    return {
      output: '',
      ask: {
        prompt: 'Password: ',
        onAnswer: (answer) => {
          if (answer === d.secret) state.mode = 'privileged';
          return { output: answer === d.secret ? '' : '% Access denied\n' };
        },
      },
    };
  }
  if (command === 'disable') {
    if (flavor.startsInExec) state.mode = 'exec';
    return { output: '' };
  }
  if (command === 'exit' || command === 'logout' || command === 'quit') return { output: '', close: true };
  if (state.mode === 'exec' && !/^show (?:version|interfaces?|hostname)/.test(command))
    return { output: flavor.invalid(line) };
  if (flavor.name === 'arista_eos' && state.mode === 'privileged') {
    const reply = eosExec(state, command);
    if (reply) return reply;
  }
  if (state.mode === 'privileged') {
    const rollback = rollbackExec(flavor.name, state, command);
    if (rollback) return rollback;
  }
  if (/^ping6?\s/.test(command)) return out(pingReply(flavor.name, d, command));
  const routeTo = /^show ip route vrf all (\d+\.\d+\.\d+\.\d+(?:\/\d+)?)$/.exec(command);
  if (routeTo && flavor.name === 'cisco_nxos') return out(routes.nxosRouteTo(d, routeTo[1]!));
  const iosRoute = /^show ip route (\d+\.\d+\.\d+\.\d+) (\d+\.\d+\.\d+\.\d+)$/.exec(command);
  if (iosRoute && flavor.name === 'cisco_ios') return out(routes.iosRouteTo(d, iosRoute[1]!, iosRoute[2]!));
  const xrMacs = /^show l2vpn mac-learning mac all location (\S+)$/.exec(command);
  if (xrMacs && flavor.name === 'cisco_iosxr') {
    const table = xrMacLearning(d, xrMacs[1]!);
    return table === null ? { output: flavor.invalid(line) } : out(`${show.xrStamp()}\n${table}`);
  }
  const xrRoute = /^show route (\d+\.\d+\.\d+\.\d+(?:\/\d+)?) detail$/.exec(command);
  if (xrRoute && flavor.name === 'cisco_iosxr')
    return out(`${show.xrStamp()}\n${routes.xrRouteDetail(d, xrRoute[1]!)}`);
  const eosNeighbor = /^show ip bgp neighbors (\S+) vrf all$/.exec(command);
  if (eosNeighbor && flavor.name === 'arista_eos') return out(eosBgpNeighbors(d, 'ipv4', eosNeighbor[1]!));
  const iosNeighbor = /^show ip bgp ipv4 unicast neighbors (\S+)$/.exec(command);
  if (iosNeighbor && flavor.name === 'cisco_ios') return out(iosBgpNeighbors(d, iosNeighbor[1]!));
  if (flavor.name === 'arista_eos' && pipes.includes('json')) {
    const eosRoute = /^show ip route vrf (\S+) (\d+\.\d+\.\d+\.\d+(?:\/\d+)?)(?: ([a-z]+))? detail$/.exec(
      command,
    );
    if (eosRoute) return { output: routes.eosRouteJson(d, eosRoute[1]!, eosRoute[2]!, eosRoute[3] ?? '') };
    if (command === 'show vrf') return { output: routes.eosVrfsJson(d) };
  }
  if (command === 'configure terminal') {
    state.mode = 'config';
    state.context = null;
    state.sub = null;
    if (flavor.candidate) state.candidate = [...d.running];
    return {
      output:
        flavor.name === 'cisco_ios' ? 'Enter configuration commands, one per line.  End with CNTL/Z.\n' : '',
    };
  }
  if (command === 'write memory' || command === 'copy running-config startup-config') {
    d.startup = [...d.running];
    return {
      output:
        flavor.name === 'cisco_nxos'
          ? '[########################################] 100%\nCopy complete.\n'
          : 'Building configuration...\n[OK]\n',
    };
  }
  if (command === 'show running-config') return out(runningConfig(d, flavor));
  if (command === 'show startup-config') return out(`${d.startup.join('\n')}\nend\n`);
  // "show … | include X" and "| exclude X": the device's own output filters, a regex per line.
  // EOS answers "| json" with the command's JSON: a command the lab knows as JSON is listed with it.
  const json = pipes.includes('json') ? flavor.commands[`${command} | json`] : undefined;
  if (json) return { output: json(d) };
  const [base, filter] = command.split(/\s+\|\s+/, 2);
  const render = flavor.commands[base!];
  if (render) {
    let text = (flavor.name === 'cisco_iosxr' ? `${show.xrStamp()}\n` : '') + render(d);
    const f = filter ? /^(include|exclude) (.+)$/.exec(filter) : null;
    if (filter && !f) return { output: flavor.invalid(line) };
    if (f) {
      const re = new RegExp(f[2]!);
      text = text
        .split('\n')
        .filter((l) => re.test(l) === (f[1] === 'include'))
        .join('\n');
    }
    return out(text);
  }
  return { output: flavor.invalid(line) };
}

function configure(flavor: Flavor, state: CliState, command: string): Reply {
  const d = state.device;
  const target = state.candidate ?? d.running;
  if (command === '') return { output: '' };
  const session = eosSessionCommand(state, command);
  if (session) return session;
  if (command === 'end' || command === '\u001a') {
    if (flavor.candidate && state.candidate && state.candidate.join('\n') !== d.running.join('\n'))
      return {
        output: '',
        ask: {
          prompt: 'Uncommitted changes found, commit them before exiting(yes/no/cancel)? [cancel]:',
          onAnswer: (answer) => {
            if (answer.startsWith('y')) xrCommit(state);
            if (!answer.startsWith('c')) leaveConfig(state);
            return { output: '' };
          },
        },
      };
    leaveConfig(state);
    return { output: '' };
  }
  if (command === 'exit') {
    if (state.sub) state.sub = null;
    else if (state.context) state.context = null;
    else leaveConfig(state);
    return { output: '' };
  }
  if (flavor.candidate) {
    const confirmed = /^commit(?: confirmed (\d+))?$/.exec(command);
    if (confirmed) {
      const previous = [...d.running];
      const output = xrCommit(state, confirmed[1] ? Number(confirmed[1]) : undefined);
      return confirmed[1] ? afterCommit(d, previous, { output }) : { output };
    }
    if (command === 'show commit changes diff' && state.candidate)
      return { output: xrChangesDiff(d, state.candidate) };
    if (command === 'show configuration merge' && state.candidate)
      return { output: runningConfig({ ...d, running: state.candidate }, flavor) };
  }
  if (flavor.candidate && command === 'abort') {
    leaveConfig(state);
    return { output: '' };
  }
  if (!isConfigCommand(command)) return { output: flavor.invalid(command) };
  const before = target.join('\n');
  applyConfigLine(state, target, command, flavor.indent);
  const changed = !state.candidate && target.join('\n') !== before;
  if (changed) d.changedAt = Date.now();
  const hostname = /^hostname (\S+)$/.exec(command);
  if (hostname && !state.candidate) d.hostname = hostname[1]!;
  // Without a candidate each line is live: the first one that changes something may cut management.
  return changed ? afterCommit(d, before.split('\n'), { output: '' }) : { output: '' };
}

function leaveConfig(state: CliState): void {
  state.mode = 'privileged';
  state.context = null;
  state.sub = null;
  state.candidate = null;
  // An EOS session left with "end" stays open (uncommitted) under its name.
  state.sessionName = null;
}

function prompt(flavor: Flavor, state: CliState): string {
  const host = flavor.promptHost(state.device);
  if (state.mode === 'exec') return `${host}>`;
  if (state.mode === 'config') {
    if (state.sessionName)
      return `${host}(config-s-${state.sessionName.slice(0, 6)}${state.context ? '-if' : ''})#`;
    const sub = state.context
      ? `-${/^(\w+)/.exec(state.context)![1]!.slice(0, 2) === 'in' ? 'if' : state.context.split(' ')[0]}`
      : '';
    return `${host}(config${sub})#`;
  }
  return `${host}#`;
}

export function ciscoDialect(platform: string): Dialect {
  const flavor = FLAVORS[platform];
  if (!flavor) throw new Error(`no Cisco-style flavour ${platform}`);
  return {
    banner: () => flavor.banner,
    initialMode: flavor.startsInExec ? 'exec' : 'privileged',
    prompt: (state) => prompt(flavor, state),
    pagerPrompt: ' --More-- ',
    pageLines: 24,
    handle: (state, line) => handle(flavor, state, line),
  };
}
