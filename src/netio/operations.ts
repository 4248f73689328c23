import { cleanConfig } from './clean/index.ts';
import { formatJson } from './clean/json.ts';
import { classifyError, NetioError } from './errors.ts';
import type {
  ArpEntry,
  BgpNeighbors,
  BgpNeighborsDetail,
  Environment,
  Facts,
  InterfaceIps,
  Interfaces,
  LldpNeighbor,
  LldpNeighborDetail,
  MacEntry,
  NtpServers,
  PingOptions,
  PingResult,
  RoutesTo,
  SnmpInformation,
  Users,
  Vlans,
} from './models.ts';
import type { Ask, ConfigGetter, Getter, PromptAnswer, StepGetter } from './platforms/types.ts';
import type { CommandResult, Session } from './session.ts';

export type Backup = {
  /** The config as stored: volatile lines dropped, secrets redacted. */
  config: string;
  /** SHA-256 over the significant lines of the redacted config: equal hashes mean "unchanged". */
  hash: string;
  /** Before redaction; for callers that must compare with the device (never store it). */
  unredacted: string;
};

export type BackupOptions = { redactionKey?: Uint8Array | undefined };

async function must(session: Session, command: string, expect?: PromptAnswer[]): Promise<string> {
  const result = command.includes('{password}')
    ? await session.runWithPassword(command, expect)
    : await session.run(command, expect);
  if (result.error)
    throw new NetioError('command_error', `"${command}": ${result.error}`, { output: result.output });
  return result.output;
}

export async function backup(session: Session, options: BackupOptions = {}): Promise<Backup> {
  const rules = session.platform.backup;
  const parts: string[] = [];
  for (const command of rules.commands) parts.push(await must(session, command, rules.expect));
  for (const file of rules.files ?? []) parts.push(await session.download(file));
  let text = parts.join('\n');
  if (rules.json) {
    try {
      text = formatJson(text, rules.json);
    } catch (err) {
      throw new NetioError('parse_error', `"${rules.commands.join('", "')}": ${(err as Error).message}`, {
        cause: err,
        output: text.slice(0, 400),
      });
    }
  }
  const cleaned = cleanConfig(
    rules.unwrap ? text.replace(rules.unwrap, '') : text,
    rules,
    options.redactionKey,
  );
  if (cleaned.config.trim() === '')
    throw new NetioError('parse_error', 'the device returned an empty configuration');
  return {
    config: cleaned.config,
    hash: cleaned.hash,
    // Built only when asked for: most callers store the redacted text alone.
    get unredacted() {
      return cleaned.unredacted();
    },
  };
}

/** Runs each command in command mode; a command the device rejects is reported, the rest still run. */
export async function runCommands(session: Session, commands: string[]): Promise<CommandResult[]> {
  await session.enterMode(session.platform.commandMode);
  const results: CommandResult[] = [];
  for (const command of commands) results.push(await session.run(command));
  return results;
}

export type ConfigureResult = { results: CommandResult[]; saved: boolean };

/**
 * Merges `lines` in configuration mode, commits where the platform has a candidate, returns to
 * command mode and saves. Stops at the first rejected line (what a device does with the rest of
 * a half-applied change is not predictable) and reports it as a command error that says how far
 * it got: which line the device refused in its own words, how many lines were applied before it,
 * and that nothing was saved. A change is never partial in silence.
 */
export async function configure(
  session: Session,
  lines: string[],
  options: { save?: boolean } = {},
): Promise<ConfigureResult> {
  const { platform } = session;
  if (!platform.configMode) throw new NetioError('unsupported', `${platform.name} has no configuration mode`);
  await session.enterMode(platform.configMode);
  const results: CommandResult[] = [];
  const commit = platform.configure?.commit ?? [];
  const all = [...lines, ...commit];
  for (const [i, line] of all.entries()) {
    const result = await session.run(line);
    results.push(result);
    if (result.error) {
      await session.enterMode(platform.commandMode).catch(() => undefined);
      const applied = Math.min(i, lines.length);
      const where =
        i < lines.length
          ? `${applied} of ${lines.length} lines applied before it`
          : `all ${lines.length} lines entered, the commit refused`;
      throw new NetioError(
        'command_error',
        `"${line}" refused by the device: "${result.error}"; ${where}; not saved`,
        { output: result.output },
      );
    }
  }
  try {
    await session.enterMode(platform.commandMode);
  } catch (err) {
    const e = classifyError(err);
    throw new NetioError(
      e.category,
      `all ${lines.length} lines applied, then leaving configuration mode failed (${e.message}); not saved`,
      { cause: err, output: e.output },
    );
  }
  const save = options.save ?? true;
  for (const command of save ? (platform.configure?.save ?? []) : []) {
    const result = await session.run(command);
    if (result.error)
      throw new NetioError(
        'command_error',
        `all ${lines.length} lines applied; saving with "${command}" failed: "${result.error}"; applied, not saved`,
        { output: result.output },
      );
  }
  return { results, saved: save && (platform.configure?.save?.length ?? 0) > 0 };
}

async function get<T>(
  session: Session,
  getter: Getter<T> | StepGetter<T> | undefined,
  what: string,
): Promise<T> {
  if (!getter) throw new NetioError('unsupported', `${session.platform.name} has no ${what} getter`);
  await session.enterMode(session.platform.commandMode);
  if ('read' in getter) return inSteps(what, () => getter.read(asker(session)));
  const first = await session.run(getter.command);
  if (first.error && getter.absent?.test(first.output || first.error)) return getter.parse('');
  if (first.error)
    throw new NetioError('command_error', `"${getter.command}": ${first.error}`, { output: first.output });
  const output = first.output;
  if (getter.more) {
    const outputs = [output];
    for (const command of getter.more.commands) {
      const r = await session.run(command);
      outputs.push(r.output || r.error || '');
    }
    return parsed(getter, output, () => getter.more!.parse(outputs));
  }
  const also = getter.also?.when(output) ? getter.also : undefined;
  let second = '';
  if (also) {
    const result = await session.run(also.command);
    if (result.error && !also.optional)
      throw new NetioError('command_error', `"${also.command}": ${result.error}`, { output: result.output });
    second = result.error ? '' : result.output;
  }
  return parsed(getter, output, () => (also ? also.parse(output, second) : getter.parse(output)));
}

function parsed<T>(getter: Getter<T>, output: string, read: () => T): T {
  try {
    return read();
  } catch (err) {
    throw new NetioError('parse_error', `could not parse "${getter.command}": ${(err as Error).message}`, {
      cause: err,
      output,
    });
  }
}

/** NAPALM's get_facts: several commands on some platforms, merged (later non-empty fields win). */
export async function getFacts(session: Session): Promise<Facts> {
  const getters = session.platform.getters.facts;
  if (!getters?.length) throw new NetioError('unsupported', `${session.platform.name} has no facts getter`);
  let facts: Facts | undefined;
  for (const getter of getters) {
    const part = await get(session, getter, 'facts');
    facts = facts ? mergeFacts(facts, part) : part;
  }
  return { ...facts!, vendor: facts!.vendor || session.platform.vendor };
}

function mergeFacts(a: Facts, b: Facts): Facts {
  const out = { ...a };
  for (const [k, v] of Object.entries(b) as [keyof Facts, Facts[keyof Facts]][]) {
    const empty = v === '' || v === -1 || (Array.isArray(v) && v.length === 0);
    if (!empty) (out as Record<string, unknown>)[k] = v;
  }
  return out;
}

/** Every device has interfaces: a table with none is output webnet could not read, not an answer. */
export async function getInterfaces(s: Session): Promise<Interfaces> {
  const interfaces = await get(s, s.platform.getters.interfaces, 'interfaces');
  if (Object.keys(interfaces).length === 0)
    throw new NetioError(
      'parse_error',
      `"${s.platform.getters.interfaces!.command}" gave no interface webnet could read`,
    );
  return interfaces;
}
export const getInterfacesIp = (s: Session): Promise<InterfaceIps> =>
  get(s, s.platform.getters.interfacesIp, 'interface addresses');
export const getLldpNeighbors = (s: Session): Promise<Record<string, LldpNeighbor[]>> =>
  get(s, s.platform.getters.lldpNeighbors, 'LLDP');
export const getLldpNeighborsDetail = (s: Session): Promise<Record<string, LldpNeighborDetail[]>> =>
  get(s, s.platform.getters.lldpNeighborsDetail, 'LLDP detail');
export const getCdpNeighborsDetail = (s: Session): Promise<Record<string, LldpNeighborDetail[]>> =>
  get(s, s.platform.getters.cdpNeighborsDetail, 'CDP detail');

/** A getter answered from the running configuration, read and redacted as a backup reads it. */
async function fromConfig<T>(
  session: Session,
  getter: ConfigGetter<T> | undefined,
  what: string,
  options: BackupOptions,
): Promise<T> {
  if (!getter) throw new NetioError('unsupported', `${session.platform.name} has no ${what} getter`);
  if (!getter.source) return getter.fromConfig((await backup(session, options)).config);
  await session.enterMode(session.platform.commandMode);
  const rules = session.platform.backup;
  return getter.fromConfig(
    cleanConfig(await must(session, getter.source), rules, options.redactionKey).config,
  );
}

export const getArpTable = (s: Session): Promise<ArpEntry[]> =>
  get(s, s.platform.getters.arpTable, 'ARP table');

/** NAPALM's defaults for ping. */
export const PING_DEFAULTS = { source: '', ttl: 255, timeout: 2, size: 100, count: 5, vrf: '' } as const;

/** What may stand in a ping command: an address or name, never a second command. */
const PING_WORD = /^[A-Za-z0-9._:%-]{1,253}$/;

/**
 * NAPALM's ping from the device. The arguments go into a command line, so each must be one word
 * of an address or name; numbers are whole and bounded. The device's own refusal ("% Unrecognized
 * host") comes back as NAPALM's `error`, not as an exception.
 */
export async function ping(
  session: Session,
  options: Partial<PingOptions> & { destination: string },
): Promise<PingResult> {
  // An option given as undefined keeps NAPALM's default.
  const given = Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined));
  const o: PingOptions = { ...PING_DEFAULTS, ...given } as PingOptions;
  const spec = session.platform.ping;
  if (!spec) throw new NetioError('unsupported', `${session.platform.name} has no ping`);
  for (const key of ['destination', 'source', 'vrf'] as const) {
    if (o[key] !== '' && !PING_WORD.test(o[key]))
      throw new NetioError('command_error', `ping ${key}: not an address or name`);
  }
  if (!o.destination) throw new NetioError('command_error', 'ping destination: required');
  for (const [key, max] of [
    ['ttl', 255],
    ['timeout', 60],
    ['size', 65_535],
    ['count', 1000],
  ] as const) {
    if (!Number.isInteger(o[key]) || o[key] < 1 || o[key] > max)
      throw new NetioError('command_error', `ping ${key}: a whole number from 1 to ${max}`);
  }
  await session.enterMode(session.platform.commandMode);
  const result = await session.run(spec.command(o));
  if (result.error) return { error: result.output || result.error };
  return spec.parse(result.output, o);
}

export const getBgpNeighbors = (s: Session): Promise<BgpNeighbors> =>
  get(s, s.platform.getters.bgpNeighbors, 'BGP neighbors');

/** Commands for a getter that asks in steps: each one's output, or its error thrown. */
function asker(session: Session): Ask {
  return async (command) => {
    const r = await session.run(command);
    if (r.error) throw new NetioError('command_error', `"${r.command}": ${r.error}`, { output: r.output });
    return r.output;
  };
}

/** A getter read in steps: its command errors as they are, anything else a parse error. */
async function inSteps<T>(what: string, read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (err) {
    if (err instanceof NetioError) throw err;
    throw new NetioError('parse_error', `could not read ${what}: ${(err as Error).message}`, { cause: err });
  }
}

/**
 * NAPALM's get_bgp_neighbors_detail: each neighbour's session in detail, per routing table and
 * remote AS; `neighborAddress` narrows it to one. The address goes into a command line.
 */
export async function getBgpNeighborsDetail(
  session: Session,
  options: { neighborAddress?: string | undefined } = {},
): Promise<BgpNeighborsDetail> {
  const getter = session.platform.getters.bgpNeighborsDetail;
  if (!getter)
    throw new NetioError('unsupported', `${session.platform.name} has no BGP neighbors detail getter`);
  const neighbor = options.neighborAddress ?? '';
  if (neighbor && !/^[0-9A-Fa-f.:]{2,45}$/.test(neighbor))
    throw new NetioError('command_error', 'get_bgp_neighbors_detail neighbor_address: an IP address');
  await session.enterMode(session.platform.commandMode);
  return inSteps('the BGP neighbours', () => getter.read(asker(session), neighbor));
}

/** An IPv4 address or prefix: what may stand in a route lookup's command line. */
const ROUTE_DESTINATION = /^\d{1,3}(?:\.\d{1,3}){3}(?:\/\d{1,2})?$/;

/** NAPALM's get_route_to: the paths to a destination (an address or prefix), optionally of one protocol. */
export async function getRouteTo(
  session: Session,
  options: { destination: string; protocol?: string | undefined },
): Promise<RoutesTo> {
  const spec = session.platform.routeTo;
  if (!spec) throw new NetioError('unsupported', `${session.platform.name} has no route lookup`);
  if (!ROUTE_DESTINATION.test(options.destination))
    throw new NetioError('command_error', 'get_route_to destination: an IPv4 address or prefix');
  const protocol = (options.protocol ?? '').toLowerCase();
  if (protocol && !/^[a-z0-9-]{1,20}$/.test(protocol))
    throw new NetioError('command_error', 'get_route_to protocol: a routing protocol name');
  await session.enterMode(session.platform.commandMode);
  if ('lookup' in spec)
    return inSteps(`the route to ${options.destination}`, () =>
      spec.lookup(asker(session), options.destination, protocol),
    );
  const result = await session.run(spec.command(options.destination));
  if (result.error && spec.absent?.test(result.output || result.error))
    return spec.parse('', protocol, options.destination);
  if (result.error)
    throw new NetioError('command_error', `"${result.command}": ${result.error}`, { output: result.output });
  return parsed({ command: result.command, parse: () => ({}) }, result.output, () =>
    spec.parse(result.output, protocol, options.destination),
  );
}

export const getEnvironment = (s: Session): Promise<Environment> =>
  get(s, s.platform.getters.environment, 'environment');

export const getMacAddressTable = (s: Session): Promise<MacEntry[]> =>
  get(s, s.platform.getters.macAddressTable, 'MAC address table');

export const getVlans = (s: Session): Promise<Vlans> => get(s, s.platform.getters.vlans, 'VLANs');

export const getNtpServers = (s: Session, o: BackupOptions = {}): Promise<NtpServers> =>
  fromConfig(s, s.platform.getters.ntpServers, 'NTP servers', o);
export const getUsers = (s: Session, o: BackupOptions = {}): Promise<Users> =>
  fromConfig(s, s.platform.getters.users, 'users', o);
export const getSnmpInformation = (s: Session, o: BackupOptions = {}): Promise<SnmpInformation> =>
  fromConfig(s, s.platform.getters.snmpInformation, 'SNMP', o);

/**
 * NAPALM's get_config: the running configuration as webnet stores it (volatile lines dropped,
 * secrets redacted), the startup configuration cleaned the same way where the platform keeps one
 * apart ("" where the running config is what is saved), and the candidate where the device keeps
 * a shared one NAPALM reads (Junos), else "": a session of webnet's holds no candidate open.
 * `retrieve` reads only one of them, as NAPALM's does.
 */
export async function getConfig(
  s: Session,
  o: BackupOptions & { retrieve?: 'all' | 'running' | 'startup' | 'candidate' } = {},
): Promise<{ running: string; startup: string; candidate: string }> {
  const retrieve = o.retrieve ?? 'all';
  const running = retrieve === 'all' || retrieve === 'running' ? (await backup(s, o)).config : '';
  const rules = s.platform.backup;
  const clean = (text: string) =>
    cleanConfig(rules.unwrap ? text.replace(rules.unwrap, '') : text, rules, o.redactionKey).config;
  const startupCommand = s.platform.getters.startupConfig?.command;
  let startup = '';
  if (startupCommand && (retrieve === 'all' || retrieve === 'startup')) {
    await s.enterMode(s.platform.commandMode);
    startup = clean(await must(s, startupCommand));
  }
  const candidateCommand = s.platform.getters.candidateConfig?.command;
  let candidate = '';
  if (candidateCommand && s.platform.configMode && (retrieve === 'all' || retrieve === 'candidate')) {
    await s.enterMode(s.platform.configMode);
    try {
      candidate = clean(await must(s, candidateCommand));
    } finally {
      // Leaving changes nothing: whatever others left uncommitted stays theirs.
      await s.enterMode(s.platform.commandMode);
    }
  }
  return { running, startup, candidate };
}
