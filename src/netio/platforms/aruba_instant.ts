import { ciscoModes } from './cisco-common.ts';
import type { Platform } from './types.ts';

// "AP-NAME# "; a space before it when the AP holds a core file.
const HOST = '(?<host>[\\w:.@\\-]{1,64})';

/** Aruba Instant APs and their virtual controller (IAP, ArubaOS 8 Instant): Oxidized's "arubainstant". */
export const arubaInstant: Platform = {
  name: 'aruba_instant',
  description: 'Aruba Instant APs (virtual controller)',
  vendor: 'aruba',
  ...ciscoModes({ exec: true, host: HOST, config: ' ?\\(config[^)]*\\) ?#' }),
  commandMode: 'privileged',
  configMode: 'config',
  onOpen: [],
  pager: [{ prompt: /--More--.*$/, answer: ' ' }],
  errors: [/^% /, /^\s*\^\s*$/, /^Parse error/i, /^Invalid input/i],
  backup: {
    // "no-encrypt" prints keys in clear; webnet redacts them to keyed digests, so a changed key
    // shows as a change.
    commands: ['show running-config no-encrypt'],
    drop: [],
    insignificant: [],
    redact: [
      { pattern: /\bipsec (?<secret>\S+)\s*$/ },
      { pattern: /\bcommunity (?<secret>\S+)\s*$/ },
      { pattern: /^snmp-server host \S+ version 2c (?<secret>\S+)/ },
      // A controller's "mgmt-user NAME ROLE HASH"; an IAP's "mgmt-user NAME HASH [ROLE]".
      {
        pattern:
          /^mgmt-user \S+ (?:root|guest-provisioning|network-operations|read-only|location-api-mgmt) (?<secret>\S+)\s*$/,
      },
      {
        pattern:
          /^mgmt-user \S+ (?!(?:root|guest-provisioning|network-operations|location-api-mgmt)$)(?<secret>\S+)(?: (?:read-only|guest-mgmt))?$/,
      },
      { pattern: /^hash-mgmt-user .* password \S+ (?<secret>\S+)/ },
      { pattern: /^\s*(?:key|wpa-passphrase|bkup-passwords|virtual-controller-key) (?<secret>\S+)\s*$/ },
      { pattern: /^\s*user \S+ (?<secret>\S+) \S+\s*$/ },
    ],
  },
  configure: { commit: [], save: ['commit apply'] },
  getters: {},
  detect: { command: 'show version', pattern: /ArubaOS \(MODEL: \d+\w*\)/, priority: 25 },
};
