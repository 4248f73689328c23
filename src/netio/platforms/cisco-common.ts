import type { PagerRule, RedactRule } from './types.ts';

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

export const MORE_PAGER: PagerRule[] = [{ prompt: /^\s*-+ ?More ?-+.*$|^ ?--More--\s*$/, answer: ' ' }];

/** "% Invalid input", "% Incomplete command", "% Ambiguous command", "% Unknown command"… */
export const CISCO_ERRORS = [
  /^% ?(?:Invalid|Incomplete|Ambiguous|Unknown|Unrecognized|Bad|Error|Authorization failed)/i,
  /^\s*\^\s*$/,
  /^Command rejected:/,
  /^% This command is not authorized/,
];
