import fs from 'node:fs';
import path from 'node:path';
import type { LabDevice } from './model.ts';

/** Top-level statements that are routing policy, with the indented lines under them. */
const POLICY =
  /^(?:ip access-list|access-list|ip prefix-list|ip community-list|ip as-path access-list|route-map)\b/;

let seeds: string[][] | undefined;
/** Routing policy from the Batfish example network (./seeds/batfish), one block list per router. */
function batfishPolicies(): string[][] {
  if (!seeds) {
    const dir = path.join(import.meta.dirname, 'seeds/batfish');
    seeds = fs
      .readdirSync(dir)
      .filter((f) => f.endsWith('.cfg'))
      .sort()
      .map((f) => {
        const out: string[] = [];
        let inPolicy = false;
        for (const line of fs.readFileSync(path.join(dir, f), 'utf8').replace(/\r/g, '').split('\n')) {
          if (/^\S/.test(line)) inPolicy = POLICY.test(line);
          if (inPolicy && line.trim() !== '') out.push(line.trimEnd());
        }
        return out;
      })
      .filter((lines) => lines.length > 0);
  }
  return seeds;
}

/** The policy of one Batfish router, picked by the device's serial so a device keeps its own. */
function policyFor(d: LabDevice): string[] {
  const all = batfishPolicies();
  return all.length > 0 ? [...all[Number(d.serial.slice(3)) % all.length]!, '!'] : [];
}

/**
 * A realistic starting configuration for each platform: identity, users and secrets (so that
 * redaction has something to do), the interfaces with their descriptions and addresses, routing,
 * management services, and access-list entries up to the requested size (real configs are
 * mostly ACLs and prefix lists by volume).
 */
export function seedConfig(d: LabDevice, bytes: number): string[] {
  const lines = SEEDS[d.platform]?.(d) ?? [];
  const pad = PADDING[d.platform] ? paddingOf(d.platform) : undefined;
  let size = lines.reduce((n, l) => n + l.length + 1, 0);
  for (let i = 1; pad && size < bytes; i++) {
    const more = pad(i);
    lines.push(...more);
    size += more.reduce((n, l) => n + l.length + 1, 0);
  }
  return lines;
}

const padding = new Map<string, string[][]>();
/**
 * The padding is the same on every device of a platform, so its lines are made once and shared:
 * a 100,000-device lab with 20 KB configs would otherwise hold 25 million separate strings
 * (gigabytes), where shared ones cost one pointer per line. A device's edits replace lines in its
 * own array and never touch the shared strings.
 */
function paddingOf(platform: string): (i: number) => string[] {
  const made = padding.get(platform) ?? [];
  padding.set(platform, made);
  const pad = PADDING[platform]!;
  return (i) => (made[i] ??= pad(i));
}

const ipOf = (cidr: string) => cidr.split('/')[0]!;
const maskOf = (cidr: string) => {
  const bits = Number(cidr.split('/')[1]);
  const m = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
  return [24, 16, 8, 0].map((s) => (m >>> s) & 255).join('.');
};
const peerOf = (cidr: string) => {
  const parts = ipOf(cidr).split('.').map(Number);
  parts[3] = parts[3]! ^ 1;
  return parts.join('.');
};
const asn = (d: LabDevice) => 65000 + (Number(d.serial.slice(3)) % 500);

const SEEDS: Record<string, (d: LabDevice) => string[]> = {
  cisco_ios: (d) => [
    '!',
    'version 17.9',
    'service timestamps debug datetime msec',
    'service timestamps log datetime msec',
    'service password-encryption',
    '!',
    `hostname ${d.hostname}`,
    '!',
    'enable secret 9 $9$labLABlab$ZmFrZWhhc2hmYWtlaGFzaGZha2VoYXNo',
    `username ${d.username} privilege 15 secret 9 $9$userUSER$YW5vdGhlcmZha2VoYXNoYW5vdGhlcg`,
    'aaa new-model',
    'aaa authentication login default local',
    '!',
    'ip domain name lab.example',
    'no ip domain lookup',
    '!',
    ...d.interfaces.flatMap((i) => [
      `interface ${i.name}`,
      ...(i.description ? [` description ${i.description}`] : []),
      ...(i.ipv4
        ? [' no switchport', ` ip address ${ipOf(i.ipv4)} ${maskOf(i.ipv4)}`]
        : [' switchport mode access']),
      ...(i.enabled ? [] : [' shutdown']),
      '!',
    ]),
    `router bgp ${asn(d)}`,
    ...d.interfaces.filter((i) => i.ipv4).map((i) => ` neighbor ${peerOf(i.ipv4!)} remote-as 65001`),
    '!',
    ...policyFor(d),
    'snmp-server community lab-snmp-secret RO',
    'snmp-server location Lab rack 1',
    'tacacs-server host 192.0.2.10 key 7 0822455D0A16',
    'ntp server 192.0.2.123',
    '!',
    'line vty 0 4',
    ' transport input ssh',
    ' login local',
    '!',
  ],
  cisco_nxos: (d) => [
    'version 10.3(6) Bios:version 05.47',
    `hostname ${d.hostname}`,
    'feature bgp',
    'feature lldp',
    'feature interface-vlan',
    `username ${d.username} password 5 $5$LAB$ZmFrZWhhc2hmYWtlaGFzaA  role network-admin`,
    'snmp-server community lab-snmp-secret group network-operator',
    'ntp server 192.0.2.123 use-vrf management',
    ...d.interfaces.flatMap((i) => [
      '',
      `interface ${i.name}`,
      ...(i.description ? [`  description ${i.description}`] : []),
      ...(i.ipv4 ? ['  no switchport', `  ip address ${i.ipv4}`] : []),
      `  ${i.enabled ? 'no shutdown' : 'shutdown'}`,
    ]),
    '',
    `router bgp ${asn(d)}`,
    ...d.interfaces
      .filter((i) => i.ipv4)
      .flatMap((i) => [`  neighbor ${peerOf(i.ipv4!)}`, '    remote-as 65001']),
  ],
  arista_eos: (d) => [
    `! device: ${d.hostname} (${d.model}, EOS-${d.version})`,
    '!',
    'no aaa root',
    `username ${d.username} privilege 15 role network-admin secret sha512 $6$lab$ZmFrZWhhc2hmYWtlaGFzaGZha2U`,
    '!',
    `hostname ${d.hostname}`,
    'ip name-server vrf default 192.0.2.53',
    '!',
    'snmp-server community lab-snmp-secret ro',
    '!',
    'ntp server vrf MGMT 192.0.2.123 iburst',
    '!',
    'spanning-tree mode mstp',
    '!',
    ...d.interfaces.flatMap((i) => [
      `interface ${i.name}`,
      ...(i.description ? [`   description ${i.description}`] : []),
      ...(i.ipv4 ? ['   no switchport', `   ip address ${i.ipv4}`] : []),
      ...(i.enabled ? [] : ['   shutdown']),
      '!',
    ]),
    'ip routing',
    '!',
    `router bgp ${asn(d)}`,
    ...d.interfaces.filter((i) => i.ipv4).map((i) => `   neighbor ${peerOf(i.ipv4!)} remote-as 65001`),
    '!',
  ],
  cisco_iosxr: (d) => [
    `hostname ${d.hostname}`,
    `username ${d.username}`,
    ' group root-lr',
    ' secret 10 $6$lab$ZmFrZWhhc2hmYWtlaGFzaGZha2U',
    '!',
    ...d.interfaces.flatMap((i) => [
      `interface ${i.name}`,
      ...(i.description ? [` description ${i.description}`] : []),
      ...(i.ipv4 ? [` ipv4 address ${ipOf(i.ipv4)} ${maskOf(i.ipv4)}`] : []),
      ...(i.enabled ? [] : [' shutdown']),
      '!',
    ]),
    `router bgp ${asn(d)}`,
    ...d.interfaces
      .filter((i) => i.ipv4)
      .flatMap((i) => [` neighbor ${peerOf(i.ipv4!)}`, '  remote-as 65001', ' !']),
    '!',
    'snmp-server community lab-snmp-secret RO',
    'snmp-server location Lab rack 1',
    'ntp',
    ' server 192.0.2.123',
    '!',
    'ssh server v2',
  ],
  juniper_junos: (d) => [
    `set version ${d.version}`,
    `set system host-name ${d.hostname}`,
    'set system domain-name lab.example',
    'set system root-authentication encrypted-password "$6$lab$ZmFrZWhhc2hmYWtlaGFzaGZha2U"',
    `set system login user ${d.username} class super-user`,
    `set system login user ${d.username} authentication encrypted-password "$6$lab$YW5vdGhlcmZha2VoYXNo"`,
    'set system services ssh',
    'set system services netconf ssh',
    'set snmp community lab-snmp-secret authorization read-only',
    'set snmp location "Lab rack 1"',
    'set system ntp server 192.0.2.123',
    'set vlans default vlan-id 1',
    ...d.interfaces.flatMap((i) => [
      ...(i.description ? [`set interfaces ${i.name} description "${i.description}"`] : []),
      ...(i.ipv4
        ? [`set interfaces ${i.name} unit 0 family inet address ${i.ipv4}`]
        : [`set interfaces ${i.name} unit 0 family ethernet-switching vlan members default`]),
      ...(i.enabled ? [] : [`set interfaces ${i.name} disable`]),
    ]),
    `set routing-options autonomous-system ${asn(d)}`,
    ...d.interfaces
      .filter((i) => i.ipv4)
      .map((i) => `set protocols bgp group fabric neighbor ${peerOf(i.ipv4!)} peer-as 65001`),
    'set protocols lldp interface all',
  ],
  linux: (d) => [
    '# file: /etc/hostname',
    d.hostname,
    '# file: /etc/hosts',
    '127.0.0.1 localhost',
    `${d.address} ${d.hostname}.lab.example ${d.hostname}`,
    '# file: /etc/resolv.conf',
    'search lab.example',
    'nameserver 192.0.2.53',
    '# file: /etc/chrony/chrony.conf',
    'pool 2.debian.pool.ntp.org iburst',
    'server 192.0.2.123 iburst',
    'driftfile /var/lib/chrony/chrony.drift',
    '# file: /etc/snmp/snmpd.conf',
    'agentAddress udp:161',
    'rocommunity lab-snmp-secret 10.0.0.0/8',
    'sysLocation Lab rack 1',
    'sysContact noc@lab.example',
    // FRR, as a routed host or whitebox switch runs it: a BGP session on each routed link.
    '# file: /etc/frr/frr.conf',
    `router bgp ${asn(d)}`,
    ...d.interfaces.filter((i) => i.ipv4).map((i) => ` neighbor ${peerOf(i.ipv4!)} remote-as 65001`),
  ],
};

const octet = (i: number, k: number) => (i * 7 + k * 13) % 254;

const PADDING: Record<string, (i: number) => string[]> = {
  cisco_ios: (i) => [
    ...(i % 50 === 1 ? [`ip access-list extended LAB-ACL-${Math.ceil(i / 50)}`] : []),
    ` ${i * 10} permit tcp 10.${octet(i, 1)}.${octet(i, 2)}.0 0.0.0.255 host 192.0.2.${octet(i, 3)} eq ${1000 + i}`,
  ],
  cisco_nxos: (i) => [
    ...(i % 50 === 1 ? [`ip access-list LAB-ACL-${Math.ceil(i / 50)}`] : []),
    `  ${i * 10} permit tcp 10.${octet(i, 1)}.${octet(i, 2)}.0/24 192.0.2.${octet(i, 3)}/32 eq ${1000 + i}`,
  ],
  arista_eos: (i) => [
    ...(i % 50 === 1 ? [`ip access-list LAB-ACL-${Math.ceil(i / 50)}`] : []),
    `   ${i * 10} permit tcp 10.${octet(i, 1)}.${octet(i, 2)}.0/24 host 192.0.2.${octet(i, 3)} eq ${1000 + i}`,
  ],
  cisco_iosxr: (i) => [
    ...(i % 50 === 1 ? [`ipv4 access-list LAB-ACL-${Math.ceil(i / 50)}`] : []),
    ` ${i * 10} permit tcp 10.${octet(i, 1)}.${octet(i, 2)}.0 0.0.0.255 host 192.0.2.${octet(i, 3)} eq ${1000 + i}`,
  ],
  juniper_junos: (i) => [
    `set firewall family inet filter LAB-ACL term t${i} from source-address 10.${octet(i, 1)}.${octet(i, 2)}.0/24`,
  ],
};
