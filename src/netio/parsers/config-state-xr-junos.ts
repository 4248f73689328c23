/**
 * NTP servers, users and SNMP from IOS-XR's and Junos' running configurations, with the values
 * NAPALM's iosxr and junos drivers give (they read the same settings through XML): XR users'
 * level from their group, Junos users' from their login class. As for the other platforms, the
 * configuration is the one a backup stores, so user hashes and communities are redaction markers.
 */
import type { NtpServers, SnmpInformation, Users } from '../models.ts';

/** IOS-XR's blocks: "ntp" / " server [vrf V] ADDRESS", "username NAME" / " group G" / " secret 10 HASH". */
function xrBlocks(config: string): { header: string; body: string[] }[] {
  const out: { header: string; body: string[] }[] = [];
  for (const line of config.split('\n')) {
    if (line === '' || line.startsWith('!')) continue;
    if (/^\S/.test(line)) out.push({ header: line.trimEnd(), body: [] });
    else out.at(-1)?.body.push(line.trim());
  }
  return out;
}

export function xrNtpServers(config: string): NtpServers {
  const out: NtpServers = {};
  for (const b of xrBlocks(config)) {
    if (b.header !== 'ntp') continue;
    for (const line of b.body) {
      const m = /^server (?:vrf \S+ )?(\S+)/.exec(line);
      if (m) out[m[1]!] = {};
    }
  }
  return out;
}

// NAPALM iosxr's group-to-privilege map; other groups are 0.
const XR_LEVEL: Record<string, number> = {
  'root-system': 15,
  'root-lr': 15,
  operator: 5,
  sysadmin: 1,
  serviceadmin: 1,
};

export function xrUsers(config: string): Users {
  const out: Users = {};
  for (const b of xrBlocks(config)) {
    const name = /^username (\S+)$/.exec(b.header)?.[1];
    if (!name) continue;
    const group = b.body.map((l) => /^group (\S+)/.exec(l)?.[1]).find(Boolean);
    const password = b.body.map((l) => /^(?:secret|password) (?:\d+ )?(\S+)/.exec(l)?.[1]).find(Boolean);
    out[name] = { level: XR_LEVEL[group ?? ''] ?? 0, password: password ?? '', sshkeys: [] };
  }
  return out;
}

/** "snmp-server community NAME RO|RW [SystemOwner|SDROwner] [IPv4 ACL]", location, contact, chassis-id. */
export function xrSnmp(config: string): SnmpInformation {
  const out: SnmpInformation = { chassis_id: '', contact: '', location: '', community: {} };
  for (const line of config.split('\n')) {
    const c = /^snmp-server community (\S+)(.*)$/.exec(line.trimEnd());
    if (c) {
      const mode = /\bRW\b/i.test(c[2]!) ? 'rw' : 'ro';
      const acl = /\bIPv4 (\S+)/.exec(c[2]!)?.[1] ?? 'N/A';
      out.community[c[1]!] = { acl, mode };
      continue;
    }
    const m = /^snmp-server (location|contact|chassis-id) (.+)$/.exec(line.trimEnd());
    if (m) out[m[1] === 'chassis-id' ? 'chassis_id' : (m[1] as 'location' | 'contact')] = m[2]!.trim();
  }
  return out;
}

/**
 * Junos' braces ("show configuration") as its statements, one per leaf, each the path of words
 * from the top ("system login user ops class super-user"), as "display set" prints them.
 */
export function junosStatements(config: string): string[] {
  const out: string[] = [];
  const path: string[] = [];
  for (const raw of config.split('\n')) {
    const line = raw.replace(/\s+## .*$|\/\*.*?\*\//g, '').trim();
    if (line === '' || line.startsWith('#')) continue;
    const text = line.replace(/^(?:inactive|protect): /, '');
    if (text === '}') path.pop();
    else if (text.endsWith('{')) path.push(text.slice(0, -1).trim());
    else if (text.endsWith(';')) {
      const leaf = text.slice(0, -1).trim();
      // "members [ a b ];" is one statement per member.
      const list = /^(.*?)\[ (.*) \]$/.exec(leaf);
      if (list)
        for (const item of list[2]!.split(/\s+/)) out.push([...path, `${list[1]!.trim()} ${item}`].join(' '));
      else out.push([...path, leaf].join(' '));
    }
  }
  return out;
}

const unquote = (text: string) => text.replace(/^"(.*)"$/, '$1');

export function junosNtpServers(config: string): NtpServers {
  const out: NtpServers = {};
  for (const s of junosStatements(config)) {
    const m = /^system ntp server (\S+)/.exec(s);
    if (m) out[m[1]!] = {};
  }
  return out;
}

// NAPALM junos' login-class-to-level map; other classes are 0.
const JUNOS_LEVEL: Record<string, number> = {
  'super-user': 15,
  superuser: 15,
  operator: 5,
  'read-only': 1,
  unauthorized: 0,
};

/**
 * As NAPALM's junos driver: each login user with its class's level, and root (level 20) from
 * root-authentication. Its key kinds are ssh-rsa, ssh-dsa and ssh-ecdsa (ed25519 keys are not
 * among NAPALM's, so not here either).
 */
export function junosUsers(config: string): Users {
  const out: Users = {};
  let root: Users[string] | undefined;
  const user = (name: string) => {
    out[name] ??= { level: 0, password: '', sshkeys: [] };
    return out[name];
  };
  const auth = (u: Users[string], rest: string) => {
    const password = /^(?:encrypted-password|plain-text-password-value) (.+)$/.exec(rest);
    if (password) u.password = unquote(password[1]!);
    const key = /^(?:ssh-rsa|ssh-dsa|ssh-ecdsa) (.+)$/.exec(rest);
    if (key) u.sshkeys.push(unquote(key[1]!));
  };
  for (const s of junosStatements(config)) {
    const r = /^system root-authentication (.+)$/.exec(s);
    if (r) {
      root ??= { level: 20, password: '', sshkeys: [] };
      auth(root, r[1]!);
      continue;
    }
    const m = /^system login user (\S+) (.*)$/.exec(s);
    if (!m) continue;
    const u = user(m[1]!);
    const rest = m[2]!;
    const cls = /^class (\S+)$/.exec(rest);
    if (cls) u.level = JUNOS_LEVEL[cls[1]!] ?? 0;
    const a = /^authentication (.+)$/.exec(rest);
    if (a) auth(u, a[1]!);
  }
  if (root) out.root = root;
  return out;
}

export function junosSnmp(config: string): SnmpInformation {
  const out: SnmpInformation = { chassis_id: '', contact: '', location: '', community: {} };
  for (const s of junosStatements(config)) {
    let m = /^snmp (location|contact|system-name) (.+)$/.exec(s);
    if (m) {
      out[m[1] === 'system-name' ? 'chassis_id' : (m[1] as 'location' | 'contact')] = unquote(m[2]!);
      continue;
    }
    m = /^snmp community (\S+)(?: (.*))?$/.exec(s);
    if (!m) continue;
    const name = unquote(m[1]!);
    out.community[name] ??= { acl: '', mode: 'ro' };
    const auth = /^authorization (read-only|read-write)$/.exec(m[2] ?? '');
    if (auth) out.community[name].mode = auth[1] === 'read-write' ? 'rw' : 'ro';
    const clients = /^client-list-name (\S+)$/.exec(m[2] ?? '');
    if (clients) out.community[name].acl = clients[1]!;
  }
  return out;
}
