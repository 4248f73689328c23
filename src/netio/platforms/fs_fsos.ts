import { ciscoModes } from './cisco-common.ts';
import type { Platform } from './types.ts';

const HOST = '(?<host>[\\w.@\\-/()]{1,64})';

/** FS.com (Fiberstore) switches on FSOS: an IOS-like CLI (Oxidized's "fsos"). */
export const fsFsos: Platform = {
  name: 'fs_fsos',
  description: 'FS.com (Fiberstore) switches, FSOS',
  vendor: 'fs.com',
  ...ciscoModes({ exec: true, host: HOST }),
  commandMode: 'privileged',
  configMode: 'config',
  onOpen: ['terminal length 0', 'terminal width 0'],
  pager: [{ prompt: /^\s*--More--.*$/, answer: ' ' }],
  errors: [/^% /, /^\s*\^\s*$/, /^Invalid input/i, /^Unknown command/i],
  backup: {
    commands: ['show running-config'],
    drop: [/^Building configuration/],
    insignificant: [],
    redact: [
      { pattern: /^username \S+ (?:password|secret) \d+ (?<secret>\S+)/ },
      { pattern: /^enable (?:password|secret) (?:(?:level \d+ )?\d+ )?(?<secret>\S+)/ },
      { pattern: /^snmp-server community (?:\d+ )?(?<secret>\S+)/ },
      // A v3 user holds two keys: the authentication key, then the privacy key.
      { pattern: /^snmp-server user \S+ \S+ v3 .*?auth \S+ \d+ (?<secret>\S+)/ },
      { pattern: /^snmp-server user \S+ \S+ v3 .*?auth \S+ \d+ \S+ (?<secret>\S+)/ },
      {
        pattern:
          /^snmp-server host \S+(?: udp-port \d+)?(?: (?:permit|deny) \d+)?(?: informs?)?(?: traps?)?(?: version (?:v3 \S+|v1|v2c))? (?<secret>\S+)/,
      },
      { pattern: /\bkey \d+ (?<secret>\S+)/ },
    ],
  },
  configure: { save: ['write'] },
  getters: {},
  detect: { command: 'show version', pattern: /Fiberstore|FS\.COM/, priority: 20 },
};
