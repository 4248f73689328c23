import { ciscoModes } from './cisco-common.ts';
import type { Platform } from './types.ts';

// Host names hold "|", ".", "@", "/" and "-" ("RT_01|192.0.2.4-Site_OLT").
const HOST = '(?<host>[\\w.@|/\\-]{1,64})';

/**
 * V-SOL GPON OLTs (V1600 series). Show commands answer only in configuration mode, so webnet
 * works from there; the enable password is the login password unless a secret is stored.
 * Oxidized's "vsololt".
 */
export const vsolOlt: Platform = {
  name: 'vsol_olt',
  description: 'V-SOL GPON OLTs (V1600 series)',
  vendor: 'v-sol',
  ...ciscoModes({ exec: true, host: HOST }),
  commandMode: 'config',
  configMode: 'config',
  onOpen: [],
  // " --More-- " and a NUL byte after it.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the device sends the NUL.
  pager: [{ prompt: / ?--More-- ?\x00?$/, answer: ' ' }],
  errors: [/^% /, /^\s*\^\s*$/, /^Unknown command/i, /^Invalid (?:input|command)/i],
  backup: {
    commands: ['show running-config'],
    drop: [
      // The OLT prints its log events into every session, each from a timestamp, with no way
      // to turn them off; the config separates its sections with "!", never blank lines.
      /^\d{4}\/\d{2}\/\d{2}\s+\d{2}:\d{2}:\d{2}\s/,
      /^\s*$/,
    ],
    insignificant: [],
    redact: [
      { pattern: /^snmp-server .*\bcommunity (?<secret>\S+)/ },
      { pattern: /\blogin-password\s+(?<secret>\S+)/ },
      { pattern: /\benable-password\s+(?<secret>\S+)/ },
      // An ONU's local accounts: "username admin_control enable admin PW1 user_control enable user PW2".
      { pattern: /\busername \S+ enable \S+\s+(?<secret>\S+)/ },
      { pattern: /\buser_control enable \S+\s+(?<secret>\S+)/ },
      // An ONU's Wi-Fi key.
      { pattern: /\bshared_key\s+(?<secret>\S+)/ },
    ],
  },
  configure: { save: ['write'] },
  getters: {},
  detect: { command: 'show version', pattern: /Olt Device Model:\s+V\d/, priority: 20 },
};
