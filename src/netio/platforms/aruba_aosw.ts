import { ciscoModes } from './cisco-common.ts';
import type { Platform } from './types.ts';

// "(OXID-IZE01) [mynode] #", with "^" or "*" before the node path while changes are pending;
// an Instant AP in the same CLI: "AP-NAME#".
const HOST = '(?:\\((?<host>[^)\\s]{1,64})\\)(?: [*^]?\\[[^\\]]*\\])? ?|(?<host>[\\w.\\-]{1,64}))';

/**
 * Aruba Mobility Conductors and controllers on ArubaOS 6 and 8 (AOS-W, also sold by Alcatel-Lucent
 * and Dell). Its config is flat: a profile's settings follow its header without indentation.
 * Oxidized's "aosw".
 */
export const arubaAosw: Platform = {
  name: 'aruba_aosw',
  description: 'Aruba Mobility Conductors and controllers (ArubaOS / AOS-W)',
  vendor: 'aruba',
  ...ciscoModes({ exec: true, host: HOST, config: '\\(config[^)]*\\) ?#' }),
  commandMode: 'privileged',
  configMode: 'config',
  // Keys print in clear only with encryption off; webnet redacts them to keyed digests, so a
  // changed key shows as a change where an encrypted one would change on every print.
  onOpen: ['no paging', 'encrypt disable'],
  pager: [{ prompt: /--More-- \(q\) quit \(u\) pageup \(\/\) search \(n\) repeat\s*$/, answer: ' ' }],
  errors: [/^% /, /^\s*\^\s*$/, /^Parse error/i, /^Invalid input/i],
  backup: {
    commands: ['show running-config'],
    drop: [/^Building Configuration/i, /^ +$/],
    // The device pads many lines with a space.
    rewrite: [{ pattern: /[ \t]+$/, replacement: '' }],
    insignificant: [],
    redact: [
      { pattern: /^ike authentication pre-share (?<secret>\S+)/ },
      { pattern: /^snmp-server community "(?<secret>[^"]+)"/ },
      { pattern: /^snmp-server host \S+ version (?:1|2c) (?<secret>\S+)/ },
      { pattern: /^mgmt-user \S+ \S+ (?<secret>\S+)/ },
      {
        pattern:
          /^(?:key|pre-shared-key|ap-console-password|bkup-passwords|wpa-passphrase) "(?<secret>[^"]+)"/,
      },
      { pattern: /^peer-ip-address \S+ ipsec (?<secret>\S+)/ },
      // VRRP's key; IKE policies say "authentication pre-share" (a method, not a secret).
      { pattern: /^authentication (?!pre-share$|rsa-sig$|ecdsa-)(?<secret>\S+)$/ },
    ],
  },
  configure: { save: ['write memory'] },
  getters: {},
  detect: { command: 'show version', pattern: /ArubaOS|Aruba Operating System/, priority: 20 },
};
