import { CISCO_ERRORS } from './cisco-common.ts';
import type { Platform } from './types.ts';

// "(GS748Tv4) #", "(GS748Tv4)#" or "19sw011#": the name in parentheses on older firmware.
const HOST = '(?<host>\\([^)]+\\) ?|[\\w.\\-]{1,63})';

/** NETGEAR ProSAFE / Smart Managed Pro switches (a Cisco-like CLI). */
export const netgearProsafe: Platform = {
  name: 'netgear_prosafe',
  description: 'NETGEAR ProSAFE and Smart Managed Pro switches',
  vendor: 'netgear',
  modes: {
    config: { prompt: new RegExp(`^\\s*${HOST} ?\\((?:Config|Interface)[^)]*\\) ?#\\s*$`) },
    privileged: { prompt: new RegExp(`^\\s*${HOST}#\\s*$`) },
    exec: { prompt: new RegExp(`^\\s*${HOST}>\\s*$`) },
  },
  edges: [
    {
      from: 'exec',
      to: 'privileged',
      command: 'enable',
      expect: [{ prompt: /[Pp]assword:\s*$/, answer: 'secret' }],
    },
    { from: 'privileged', to: 'config', command: 'configure' },
    { from: 'config', to: 'privileged', command: 'exit' },
  ],
  commandMode: 'privileged',
  configMode: 'config',
  onOpen: ['terminal length 0'],
  pager: [{ prompt: /^--More-- or \(q\)uit\s*$/, answer: ' ' }],
  errors: [...CISCO_ERRORS, /^An invalid /, /^Command not found/],
  backup: {
    commands: ['show running-config'],
    drop: [],
    // The uptime in the config header changes by itself.
    rewrite: [{ pattern: /^(! System Up Time:).*$/, replacement: '$1  <removed>' }],
    insignificant: [],
    redact: [
      { pattern: /^\s*username "[^"]+" (?:secret|password) (?:encrypted )?(?<secret>\S+)/ },
      { pattern: /^\s*snmp user "[^"]+" .* encrypted (?<secret>\S+)/ },
      { pattern: /^\s*snmp-server community (?:"(?<secret>[^"]+)"|\S+)/ },
    ],
  },
  configure: { save: ['write memory confirm'] },
  getters: {},
  detect: { command: 'show version', pattern: /NETGEAR|GS\d{3}T/, priority: 25 },
};
