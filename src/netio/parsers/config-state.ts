/**
 * Getters NAPALM's Cisco-style drivers answer from the running configuration (its IOS driver reads
 * "show running-config | include ntp server" and the like): NTP servers, local users and SNMP.
 * They read the configuration as a backup stores it, so every secret in it (user hashes, SNMP
 * communities) is already a redaction marker: a getter never returns a secret.
 */
import type { NtpServers, SnmpInformation, Users } from '../models.ts';

const lines = (config: string) => config.split('\n').map((l) => l.trimEnd());

/** "ntp server [vrf X] ADDRESS [options]" (IOS, EOS) and "ntp server ADDRESS [use-vrf X]" (NX-OS). */
export function ntpServersFromConfig(config: string): NtpServers {
  const out: NtpServers = {};
  for (const line of lines(config)) {
    const m = /^ntp server (?:vrf \S+ )?(\S+)/.exec(line);
    if (m) out[m[1]!] = {};
  }
  return out;
}

/**
 * "username NAME [privilege N] [secret|password ...]" (IOS, EOS; the level is 1 unless a privilege
 * is given) and NX-OS's "username NAME password 5 ... role R" (network-admin is level 15, as
 * NAPALM's NX-OS driver reports it, other roles 0). SSH keys from IOS's pubkey-chain and
 * EOS's "username NAME sshkey ...".
 */
export function usersFromConfig(config: string): Users {
  const out: Users = {};
  const all = lines(config);
  const user = (name: string) => {
    out[name] ??= { level: 1, password: '', sshkeys: [] };
    return out[name];
  };
  let chainUser: string | null = null;
  for (const line of all) {
    const m = /^username (\S+)(.*)$/.exec(line);
    if (m) {
      const u = user(m[1]!);
      const rest = m[2]!;
      const privilege = /\bprivilege (\d+)/.exec(rest);
      const role = /\brole (\S+)/.exec(rest);
      if (privilege) u.level = Number(privilege[1]);
      else if (role) u.level = role[1] === 'network-admin' ? 15 : 0;
      const secret = /\b(?:secret|password)(?: \S+)? (\S+)/.exec(rest);
      if (secret && !/^(?:role|privilege)$/.test(secret[1]!)) u.password = secret[1]!;
      const key = /\bsshkey (.+)$/.exec(rest);
      if (key) u.sshkeys.push(key[1]!.trim());
      continue;
    }
    // IOS: ip ssh pubkey-chain / username NAME / key-hash ssh-rsa HASH
    const chain = /^ {2}username (\S+)$/.exec(line);
    if (chain) {
      chainUser = chain[1]!;
      continue;
    }
    const hash = /^ {3}key-hash (\S+ \S+)/.exec(line);
    if (hash && chainUser) user(chainUser).sshkeys.push(hash[1]!);
    else if (!line.startsWith('   ')) chainUser = null;
  }
  return out;
}

/**
 * "snmp-server community NAME [view V] RO|RW [ACL]" (IOS, EOS) and NX-OS's "snmp-server community
 * NAME group network-operator|network-admin [use-acl ACL]"; location, contact and chassis-id.
 * Each NAPALM driver reads these its own way, kept here:
 * - ios takes the words after the name as they stand (the mode is the fourth word lower-cased, the
 *   ACL the fifth, "N/A" when absent) and says "unknown" for an unset contact, location or chassis;
 * - eos reads "[view V] [ro|rw] [ipv6 ACL6] [ACL]" with "" for what is absent.
 */
export function snmpFromConfig(config: string, style: 'ios' | 'nxos' | 'eos' = 'nxos'): SnmpInformation {
  const unset = style === 'ios' ? 'unknown' : '';
  const out: SnmpInformation = { chassis_id: unset, contact: unset, location: unset, community: {} };
  for (const line of lines(config)) {
    const community = /^snmp-server community (\S+)(.*)$/.exec(line);
    if (community) {
      out.community[community[1]!] = communityOf(community[2]!, style);
      continue;
    }
    const m = /^snmp-server (location|contact|chassis-id) (.+)$/.exec(line);
    if (m) out[m[1] === 'chassis-id' ? 'chassis_id' : (m[1] as 'location' | 'contact')] = m[2]!.trim();
  }
  return out;
}

function communityOf(rest: string, style: 'ios' | 'nxos' | 'eos'): SnmpInformation['community'][string] {
  const words = rest.trim().split(/\s+/).filter(Boolean);
  if (style === 'ios') return { mode: words[0]?.toLowerCase() ?? 'N/A', acl: words[1] ?? 'N/A' };
  if (style === 'eos') {
    const m = /^(?:\s+view\s+\S+)?(?:\s+(ro|rw))?(?:\s+ipv6\s+\S+)?(?:\s+(\S+))?$/.exec(rest);
    return { mode: m?.[1] ?? '', acl: m?.[2] ?? '' };
  }
  const i = words.findIndex((w) => /^(?:ro|rw)$/i.test(w));
  const group = /\bgroup (\S+)/.exec(rest)?.[1];
  const mode = i >= 0 ? words[i]!.toLowerCase() : group === 'network-admin' ? 'rw' : 'ro';
  const acl = i >= 0 ? words[i + 1] : /\buse-acl (\S+)/.exec(rest)?.[1];
  return { acl: acl ?? 'N/A', mode };
}
