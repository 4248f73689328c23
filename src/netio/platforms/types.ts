import type { JsonRules } from '../clean/json.ts';
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
} from '../models.ts';

/**
 * A platform is data: how its prompts look in each mode, how to move between modes, what to
 * send when a session opens, how its pager asks for more, how it says a command failed, how to
 * back it up and clean that backup, how to push configuration, and how to read its state.
 * Adding a platform is one file of these tables and its tests (see ./index.ts).
 */
export type Mode = {
  /** Matches a whole prompt line; `(?<host>…)` names the device part so the session can pin it. */
  prompt: RegExp;
};

/**
 * A question the device may ask on the way (enable's "Password:") and what to answer: the
 * stored "secret", "password" or "username", or a literal text.
 */
export type PromptAnswer = { prompt: RegExp; answer: 'secret' | 'password' | 'username' | string };

export type ModeEdge = {
  from: string;
  to: string;
  command: string;
  expect?: PromptAnswer[];
};

export type PagerRule = { prompt: RegExp; answer: string };

/**
 * A secret in a config line: `pattern` marks it with a `(?<secret>…)` group; only that text is
 * replaced. `within` limits the rule to lines under a block whose header matches it
 * (" key 7 …" under "tacacs server", not " key 1" under "key chain").
 */
export type RedactRule = {
  pattern: RegExp;
  within?: RegExp;
  /** A secret that goes on over lines (a PEM key): everything up to this pattern joins the marker. */
  until?: RegExp;
  /**
   * Limits the rule to lines whose parent (the nearest line above that is indented less) matches:
   * in YAML a secret can be a key ("readonly-community:" over "public:").
   */
  parent?: RegExp;
};

/** A getter read from the running configuration (the backup's commands and cleaning). */
export type ConfigGetter<T> = {
  fromConfig: (config: string) => T;
  /**
   * Where the settings live outside what the backup stores (a Linux host's daemon files): the
   * command that prints them, its output cleaned and redacted by the backup's rules as a backup is.
   */
  source?: string;
};

export type Getter<T> = {
  command: string;
  parse: (output: string) => T;
  /**
   * The device's refusal that means "nothing of this is configured" ("% BGP not active"): the
   * answer is then what `parse` makes of no output (NAPALM answers {}), not an error.
   */
  absent?: RegExp;
  /**
   * Further commands run after the first, each whatever it answers (NAPALM's drivers read a
   * "% Invalid input" answer as "not supported here"); `parse` then reads them all, in order.
   */
  more?: { commands: string[]; parse: (outputs: string[]) => T };
  /**
   * A second command that some outputs need to be complete (older IOS prints LLDP detail without
   * the local port, which its brief table has): run when `when` says so, both parsed together.
   */
  also?: {
    command: string;
    when: (output: string) => boolean;
    parse: (output: string, also: string) => T;
    /** A device that refuses the command (an image without IPv6) answers it with nothing. */
    optional?: boolean;
  };
};

/**
 * A getter that asks in steps, each command chosen from the answers before (the nodes of a
 * chassis, then each node's table): `read` gets the device's answers, a refusal thrown.
 */
export type StepGetter<T> = { read: (ask: Ask) => Promise<T> };

export type Platform = {
  name: string;
  /** What people call it, for the UI and docs. */
  description: string;
  vendor: string;
  modes: Record<string, Mode>;
  /**
   * "exec": the device gives automation no shell, only exec requests; each command runs as one
   * (its one mode's prompt is then EXEC_PROMPT, from ../exec-channel.ts).
   */
  channel?: 'exec';
  edges: ModeEdge[];
  /** Where show commands run (privileged exec on Cisco, operational mode on Junos). */
  commandMode: string;
  /** Where configuration lines go. Absent on platforms webnet only reads. */
  configMode?: string;
  /** Sent once the prompt is known: paging off, width; failures here are tolerated. */
  onOpen: string[];
  /** Fallback when paging could not be turned off. */
  pager: PagerRule[];
  /** Output that means the device rejected the command. Tested against each line. */
  errors: RegExp[];
  backup: {
    commands: string[];
    /** Files fetched over SCP after the commands (a configuration kept as a file: APC's config.ini). */
    files?: string[];
    /** Questions a backup command asks before its output ("how shall passphrases print?") and the answers. */
    expect?: PromptAnswer[];
    /** The output is one JSON document: printed a setting per line first (see ../clean/json.ts). */
    json?: JsonRules;
    /** A line break the device put in a long line (RouterOS "\\" at the end): removed first. */
    unwrap?: RegExp;
    /** Lines removed before storing: counters, clocks, "Building configuration…". */
    drop: RegExp[];
    /**
     * Runs of lines removed before storing: from a line `from` matches through the next line
     * `to` matches (an XML element over several lines: pfSense's <revision>…</revision>).
     */
    dropBlocks?: { from: RegExp; to: RegExp }[];
    /** Values that change by themselves, rewritten to a fixed text (an SNMP expression's current value). */
    rewrite?: { pattern: RegExp; replacement: string }[];
    /** Lines kept in the text but ignored by the change hash ("Last configuration change at…"). */
    insignificant: RegExp[];
    /** Secrets replaced before storing; the replacement keeps the marker so a diff shows a secret changed. */
    redact: RedactRule[];
  };
  configure?: {
    /** Sent after the lines, still in configuration mode (Junos "commit"). */
    commit?: string[];
    /** Sent in command mode to persist the running config (IOS "write memory"). */
    save?: string[];
  };
  /** How a change is previewed, committed with a confirm and reverted (see ../change). */
  change?: ChangeRules;
  getters: {
    facts?: Getter<Facts>[];
    interfaces?: Getter<Interfaces>;
    interfacesIp?: Getter<InterfaceIps>;
    lldpNeighbors?: Getter<Record<string, LldpNeighbor[]>>;
    lldpNeighborsDetail?: Getter<Record<string, LldpNeighborDetail[]>>;
    cdpNeighborsDetail?: Getter<Record<string, LldpNeighborDetail[]>>;
    arpTable?: Getter<ArpEntry[]>;
    macAddressTable?: Getter<MacEntry[]> | StepGetter<MacEntry[]>;
    environment?: Getter<Environment>;
    bgpNeighbors?: Getter<BgpNeighbors>;
    /**
     * A getter that asks in steps (the summary, then each neighbour): `ask` answers a command's
     * output or throws its error; `neighbor` narrows it to one address, "" for all.
     */
    bgpNeighborsDetail?: { read: (ask: Ask, neighbor: string) => Promise<BgpNeighborsDetail> };
    vlans?: Getter<Vlans>;
    /**
     * The saved configuration, for get_config's "startup" (cleaned and redacted as a backup is);
     * absent where the running config is the saved one (Junos, IOS-XR commits).
     */
    startupConfig?: { command: string };
    /**
     * The candidate NAPALM reads for get_config where the device keeps a shared one (Junos: the
     * candidate database, the running config plus whatever is not committed yet): the command
     * that prints it in configuration mode, cleaned and redacted as a backup is.
     */
    candidateConfig?: { command: string };
    /** Getters answered from the running configuration as the backup stores it (secrets redacted). */
    ntpServers?: ConfigGetter<NtpServers>;
    users?: ConfigGetter<Users>;
    snmpInformation?: ConfigGetter<SnmpInformation>;
  };
  /**
   * ntc-templates' name for this platform (their index's Platform column), when it is not `name`:
   * structured output of `show` commands is found by it (see ../structured.ts).
   */
  textfsm?: string;
  /** NAPALM's get_route_to: the command for a destination, and how to read the answer. */
  routeTo?: RouteLookup;
  /** NAPALM's ping from the device: the command for the options, and how to read the answer. */
  ping?: { command: (o: PingOptions) => string; parse: (output: string, o: PingOptions) => PingResult };
  /**
   * Auto-detection: a command to try and what in its output identifies this platform. Probes run
   * by priority, highest first, each distinct command once: a platform probed by a command few
   * devices know goes below 20, so the common devices are not asked it first.
   */
  detect?: { command: string; pattern: RegExp; priority?: number };
};

/** Runs one command in command mode: its output, or a thrown command error. */
export type Ask = (command: string) => Promise<string>;

/**
 * How get_route_to asks the device: one command and its reader, or, where the driver asks in
 * steps (EOS: the VRFs, each VRF's routes, then BGP's view of a BGP route), a lookup that asks
 * its own commands through `ask` (which answers a command's output, or throws its error).
 */
export type RouteLookup =
  | {
      command: (destination: string) => string;
      parse: (output: string, protocol: string, destination: string) => RoutesTo;
      /** The device's refusal that means "no route" ("% Subnet not in table"): no paths, not an error. */
      absent?: RegExp;
    }
  | {
      lookup: (
        ask: (command: string) => Promise<string>,
        destination: string,
        protocol: string,
      ) => Promise<RoutesTo>;
    };

/**
 * A platform's way of changing safely. Commands may hold `{name}` (a name for this change, so
 * candidates and rollback points of concurrent changes do not meet), `{minutes}`, `{seconds}` or
 * `{hms}` (the confirm window).
 */
export type ChangeRules = {
  /**
   * A candidate the device keeps apart from its running config (Junos, EOS sessions, IOS-XR):
   * a change is previewed there the device's own way and committed with a timer that reverts it
   * unless confirmed in time.
   */
  candidate?: {
    /** From command mode: opens a candidate of the running config (the session lands in configMode). */
    open: string[];
    /** In the candidate: the device's own diff of the candidate against the running config. */
    compare: string;
    /** In the candidate: the whole candidate, in the form the backup prints the running config. */
    show: string;
    /** In the candidate: drops it and returns to command mode. */
    discard: string[];
    /** In the candidate: commits it, reverted by the device unless confirmed within the window. */
    commitConfirmed: string;
    /** From command mode: confirms that commit. */
    confirm: string[];
    /** From command mode: undoes the unconfirmed commit now (a check failed). */
    revert: string[];
    /**
     * In the candidate: replaces it with a whole configuration typed after `command` and ended
     * by `end` (Junos "load override terminal" and Ctrl-D); `loaded` is the reply when it took.
     * With it, a replace or a rollback to a snapshot is the device's own, not computed as lines.
     */
    replace?: {
      command: string;
      end: string;
      loaded: RegExp;
      /**
       * In the candidate: the running config and the candidate as one statement per line, each
       * a command that sets it. A secret statement of the running config that the loaded text
       * does not state is set again, so a replace never drops a password it was not given.
       */
      statements: { running: string; candidate: string };
    };
  };
  /**
   * Without a candidate (IOS, NX-OS): a copy of the running config saved on the device before the
   * change, restored whole to revert it. All from command mode.
   */
  rollbackPoint?: { save: string[]; restore: string[]; remove: string[] };
  /**
   * Settings that hold one value in their block ("description", "ip address"): merging one
   * replaces the old line. Used where webnet computes a preview itself (no candidate).
   */
  singleValued?: RegExp;
  /** One level of indentation in the running config (new lines under a block are written so). */
  indent?: string;
  /**
   * Indentation-structured config text (Cisco-style): a rollback to a stored snapshot is pushed as
   * the lines that take the running config there ("no" what was added, what was removed again).
   */
  inverse?: boolean;
  /** Questions the change's commands may ask ("Destination filename [x]?") and their answers. */
  prompts?: PromptAnswer[];
};
