import type { ModeEdge, PagerRule, Platform, PromptAnswer, RedactRule } from './types.ts';

/**
 * Rules shared by the Cisco-style CLIs (IOS, IOS-XE, NX-OS, IOS-XR, EOS): the same keywords carry
 * secrets on all of them. Modelled on what Oxidized, RANCID and Netmiko users redact.
 */
export const CISCO_STYLE_SECRETS: RedactRule[] = [
  { pattern: /^\s*snmp-server community (?<secret>\S+)/ },
  {
    pattern:
      /^\s*snmp-server host \S+(?: vrf \S+)?(?: informs| traps)*(?: version (?:1|2c|3 \S+))? (?<secret>\S+)/,
  },
  { pattern: /^\s*snmp-server user \S+ \S+(?: \S+)* auth \S+ (?<secret>\S+)/ },
  { pattern: /^\s*snmp-server user \S+ \S+(?: \S+)* priv(?: \S+)? (?<secret>\S+)/ },
  {
    pattern:
      /^\s*username \S+(?: privilege \d+| role \S+)* (?:password|secret)(?: \d+| sha512)? (?<secret>\S+)/,
  },
  { pattern: /^\s*enable (?:password|secret)(?: level \d+)?(?: \d+| sha512)? (?<secret>\S+)/ },
  { pattern: /^\s+(?:password|secret)(?: \d+)? (?<secret>\S+)/ },
  { pattern: /^\s*(?:tacacs-server|radius-server)(?: host \S+)?(?: .+)? key(?: \d+)? (?<secret>\S+)/ },
  { pattern: /^\s+key(?: \d+)? (?<secret>\S+)$/, within: /^(?:tacacs|radius) server|^aaa group server/ },
  { pattern: /^\s+(?:tacacs|radius) server \S+ .*key(?: \d+)? (?<secret>\S+)/ },
  { pattern: /^\s*crypto isakmp key(?: \d+)? (?<secret>\S+)/ },
  { pattern: /^\s+pre-shared-key(?: local| remote)?(?: \d+)? (?<secret>\S+)/ },
  { pattern: /^\s+ip ospf message-digest-key \d+ md5(?: \d+)? (?<secret>\S+)/ },
  { pattern: /^\s+ip ospf authentication-key(?: \d+)? (?<secret>\S+)/ },
  { pattern: /^\s+neighbor \S+ password(?: \d+)? (?<secret>\S+)/ },
  { pattern: /^\s+vrrp \d+ authentication(?: text| md5 key-string)?(?: \d+)? (?<secret>\S+)/ },
  {
    pattern:
      /^\s+standby(?: \d+)? authentication(?: text| md5 key-string)?(?: \d+)? (?<secret>\S+?)(?: timeout \d+)?$/,
  },
  { pattern: /^\s+key-string(?: \d+)? (?<secret>\S+)/ },
  { pattern: /^\s+ppp (?:chap|pap)(?: sent-username \S+)? password(?: \d+)? (?<secret>\S+)/ },
  { pattern: /^\s+client \S+(?: vrf \S+)? server-key(?: \d+)? (?<secret>\S+)/ },
  { pattern: /^\s*server-key(?: \d+)? (?<secret>\S+)/ },
  { pattern: /wpa-psk ascii \d (?<secret>\S+)/ },
  { pattern: /^\s*ntp authentication-key \d+ md5 (?<secret>\S+)/ },
];

/**
 * Cisco-style settings that hold one value in their block: merging one replaces the old line.
 * A secondary address is one of several, so it is not among them.
 */
export const CISCO_SINGLE_VALUED =
  /^(?:description|ip address(?=\s)(?!.*\ssecondary$)|ipv6 address(?=\s)(?!.*\s(?:link-local|anycast|eui-64)$)|mtu|speed|duplex|switchport mode|switchport access vlan|encapsulation|bandwidth|hostname|router-id|ip domain[- ]name|clock timezone|banner motd|snmp-server location|snmp-server contact)\b/;

export const MORE_PAGER: PagerRule[] = [{ prompt: /^\s*-+ ?More ?-+.*$|^ ?--More--\s*$/, answer: ' ' }];

/** "% Invalid input", "% Incomplete command", "% Ambiguous command", "% Unknown command"… */
/**
 * How IOS, IOS-XE, NX-OS, IOS-XR and EOS refuse a command: an unknown or incomplete one, one the
 * user may not run (local privilege or TACACS+ command authorization, each in its own words),
 * one the hardware lacks. A platform adds its own to these.
 */
export const CISCO_ERRORS = [
  /^% ?(?:Invalid|Incomplete|Ambiguous|Unknown|Unrecognized|Bad|Error|Authorization failed)/i,
  /^% ?(?:Permission denied|Access denied|Not authorized|Authorization denied|Command authorization failed)/i,
  /^% ?Unavailable command/i,
  /^Command authorization failed/i,
  /^\s*\^\s*$/,
  /^Command rejected:/,
  /^% This command is not authorized/,
];

const CISCO_HOST = '(?<host>[\\w.\\-/:@]{1,63})';

/**
 * The Cisco-style modes graph: user exec ("host>", when the platform has it), privileged exec
 * ("host#") reached by enable, and configuration ("host(config…)#"). Many vendors copied it and
 * differ only in words: `host` (the device part of the prompt), `config` (what follows the host
 * in configuration mode), `configure` and `leave` (the commands in and out), `enable` (what
 * enable asks on the way).
 */
export function ciscoModes(options: {
  exec: boolean;
  host?: string;
  config?: string;
  configure?: string;
  leave?: string;
  enable?: PromptAnswer[];
}): Pick<Platform, 'modes' | 'edges'> {
  const host = options.host ?? CISCO_HOST;
  const modes: Platform['modes'] = {
    config: { prompt: new RegExp(`^\\s*${host}${options.config ?? '\\(conf[^)]*\\)#'}\\s*$`) },
    privileged: { prompt: new RegExp(`^\\s*${host}#\\s*$`) },
  };
  const edges: ModeEdge[] = [
    { from: 'privileged', to: 'config', command: options.configure ?? 'configure terminal' },
    { from: 'config', to: 'privileged', command: options.leave ?? 'end' },
  ];
  if (options.exec) {
    modes.exec = { prompt: new RegExp(`^\\s*${host}>\\s*$`) };
    edges.push(
      {
        from: 'exec',
        to: 'privileged',
        command: 'enable',
        expect: options.enable ?? [{ prompt: /[Pp]assword:\s*$/, answer: 'secret' }],
      },
      { from: 'privileged', to: 'exec', command: 'disable' },
    );
  }
  return { modes, edges };
}
