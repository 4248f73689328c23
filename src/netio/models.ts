/**
 * Device state in NAPALM's data model, the de facto standard other tools and people expect:
 * https://napalm.readthedocs.io/en/latest/base.html (get_facts, get_interfaces, …).
 * Speeds are in Mbit/s; uptime in seconds; -1 where a device does not say.
 */
export type Facts = {
  hostname: string;
  fqdn: string;
  vendor: string;
  model: string;
  serial_number: string;
  os_version: string;
  uptime: number;
  interface_list: string[];
};

export type Interface = {
  is_up: boolean;
  is_enabled: boolean;
  description: string;
  last_flapped: number;
  speed: number;
  mtu: number;
  mac_address: string;
};
export type Interfaces = Record<string, Interface>;

export type InterfaceIps = Record<
  string,
  { ipv4?: Record<string, { prefix_length: number }>; ipv6?: Record<string, { prefix_length: number }> }
>;

export type LldpNeighbor = { hostname: string; port: string };

export type LldpNeighborDetail = {
  parent_interface: string;
  remote_port: string;
  remote_port_description: string;
  remote_chassis_id: string;
  remote_system_name: string;
  remote_system_description: string;
  remote_system_capab: string[];
  remote_system_enable_capab: string[];
  /** Not in NAPALM's LLDP model; CDP and LLDP both report it and topology wants it. */
  remote_management_address?: string;
};

/** One entry of NAPALM's get_arp_table (age in the device's unit, 0 for its own addresses). */
export type ArpEntry = { interface: string; mac: string; ip: string; age: number };

/**
 * One entry of NAPALM's get_mac_address_table. `moves` and `last_move` are -1 where the device
 * does not say (IOS, NX-OS); `last_move` is seconds since 1970, as NAPALM's EOS driver gives it.
 */
export type MacEntry = {
  mac: string;
  interface: string;
  vlan: number;
  static: boolean;
  active: boolean;
  moves: number;
  last_move: number;
};

/** NAPALM's get_bgp_neighbors: per VRF ("global" for the default one), the router id and each peer by address. */
export type BgpNeighbors = Record<string, { router_id: string; peers: Record<string, BgpPeer> }>;

export type BgpPeer = {
  local_as: number;
  remote_as: number;
  remote_id: string;
  is_up: boolean;
  is_enabled: boolean;
  description: string;
  /** Seconds the session has been up; -1 when it is not. */
  uptime: number;
  /** Per address family as the platform's NAPALM driver names it; counts are -1 where unknown. */
  address_family: Record<
    string,
    { received_prefixes: number; accepted_prefixes: number; sent_prefixes: number }
  >;
};

/** One neighbour of NAPALM's get_bgp_neighbors_detail. */
export type BgpNeighborDetail = {
  up: boolean;
  local_as: number;
  remote_as: number;
  router_id: string;
  local_address: string;
  routing_table: string;
  local_address_configured: boolean;
  local_port: number;
  remote_address: string;
  remote_port: number;
  multihop: boolean;
  multipath: boolean;
  remove_private_as: boolean;
  import_policy: string;
  export_policy: string;
  input_messages: number;
  output_messages: number;
  input_updates: number;
  output_updates: number;
  messages_queued_out: number;
  connection_state: string;
  previous_connection_state: string;
  last_event: string;
  suppress_4byte_as: boolean;
  local_as_prepend: boolean;
  holdtime: number;
  configured_holdtime: number;
  keepalive: number;
  configured_keepalive: number;
  active_prefix_count: number;
  received_prefix_count: number;
  accepted_prefix_count: number;
  suppressed_prefix_count: number;
  advertised_prefix_count: number;
  flap_count: number;
};

/** NAPALM's get_bgp_neighbors_detail: per routing table, per remote AS, its neighbours. */
export type BgpNeighborsDetail = Record<string, Record<string, BgpNeighborDetail[]>>;

/** One path of NAPALM's get_route_to. */
export type RouteEntry = {
  protocol: string;
  current_active: boolean;
  last_active: boolean;
  /** Seconds; NAPALM's ios gives "" for a connected route, which has none. */
  age: number | '';
  next_hop: string;
  outgoing_interface: string;
  selected_next_hop: boolean;
  preference: number;
  inactive_reason: string;
  routing_table: string;
  protocol_attributes: Record<string, unknown>;
};

/** NAPALM's get_route_to: each matching prefix and its paths. */
export type RoutesTo = Record<string, RouteEntry[]>;

/** NAPALM's get_environment. */
export type Environment = {
  fans: Record<string, { status: boolean }>;
  temperature: Record<string, { temperature: number; is_alert: boolean; is_critical: boolean }>;
  power: Record<string, { status: boolean; capacity: number; output: number }>;
  cpu: Record<string, { '%usage': number }>;
  memory: { available_ram: number; used_ram: number };
};

/** NAPALM's ping arguments, with its defaults (netio's ping fills them). */
export type PingOptions = {
  destination: string;
  source: string;
  ttl: number;
  timeout: number;
  size: number;
  count: number;
  vrf: string;
};

/** NAPALM's ping answer: the probes' outcome, or the device's error; {} when it said neither. */
export type PingResult =
  | {
      success: {
        probes_sent: number;
        packet_loss: number;
        rtt_min: number;
        rtt_max: number;
        rtt_avg: number;
        rtt_stddev: number;
        results: { ip_address: string; rtt: number }[];
      };
    }
  | { error: string }
  | Record<string, never>;

/** NAPALM's get_vlans: each VLAN by id, its name and the interfaces in it (canonical names). */
export type Vlans = Record<string, { name: string; interfaces: string[] }>;

/** NAPALM's get_ntp_servers: the configured servers, by address. */
export type NtpServers = Record<string, Record<string, never>>;

/**
 * NAPALM's get_users. The password is the redaction marker webnet stores configurations with
 * (a keyed digest: it changes when the hash does), never the hash itself.
 */
export type Users = Record<string, { level: number; password: string; sshkeys: string[] }>;

/**
 * NAPALM's get_snmp_information; community names are secrets, so they are redaction markers. The
 * mode is "ro" or "rw" as a rule, but a string: NAPALM's ios driver takes the word where the mode
 * usually stands ("view" when a view comes first) and eos gives "" when none is written.
 */
export type SnmpInformation = {
  chassis_id: string;
  contact: string;
  location: string;
  community: Record<string, { acl: string; mode: string }>;
};

/**
 * The release number in an os_version ("15.1(4)M8" from IOS's "C2900 Software (…), Version
 * 15.1(4)M8, RELEASE SOFTWARE (fc2)", "4.27.6M" from EOS's internal build "4.27.6M-28481162.4276M");
 * a version that is only a number is returned as it is.
 */
export function versionNumber(osVersion: string): string {
  const word = /\bVersion ([^\s,]+)/i.exec(osVersion)?.[1];
  if (word) return word;
  // EOS's internal build ("4.27.6M-28481162.4276M", NAPALM's os_version there): the release.
  const build = /^(\d+\.\d+[\w.]*?)-\d+\.\w+$/.exec(osVersion.trim())?.[1];
  return build ?? osVersion.trim();
}

/** Parses "1 year, 2 weeks, 3 days, 4 hours, 5 minutes" and similar into seconds; -1 when nothing matched. */
export function uptimeSeconds(text: string): number {
  const units: [RegExp, number][] = [
    [/(\d+)\s*years?/, 365 * 86400],
    [/(\d+)\s*weeks?/, 7 * 86400],
    [/(\d+)\s*day\(?s?\)?/, 86400],
    [/(\d+)\s*hours?\(?s?\)?/, 3600],
    [/(\d+)\s*minutes?\(?s?\)?/, 60],
    [/(\d+)\s*seconds?\(?s?\)?/, 1],
  ];
  let total = 0;
  let any = false;
  for (const [re, mult] of units) {
    const m = re.exec(text);
    if (m) {
      total += Number(m[1]) * mult;
      any = true;
    }
  }
  return any ? total : -1;
}
