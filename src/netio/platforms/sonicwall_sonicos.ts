import type { Platform } from './types.ts';

// "admin@C0EAE4000000>"; configuring: "config(C0EAE4000000)#".
const HOST = '(?<host>[\\w.\\-]{1,64})';

/** SonicWall firewalls on SonicOS 6.5 and 7 (NSA, TZ): the SonicOS CLI (Oxidized's "sonicos"). */
export const sonicwallSonicos: Platform = {
  name: 'sonicwall_sonicos',
  description: 'SonicWall firewalls, SonicOS 6.5/7',
  vendor: 'sonicwall',
  modes: {
    exec: { prompt: new RegExp(`^\\w[\\w.\\-]*@${HOST}>\\s?$`) },
    config: { prompt: new RegExp(`^config\\(${HOST}\\)#\\s?$`) },
  },
  edges: [
    { from: 'exec', to: 'config', command: 'configure terminal' },
    { from: 'config', to: 'exec', command: 'end' },
  ],
  commandMode: 'exec',
  configMode: 'config',
  onOpen: ['no cli pager session'],
  pager: [{ prompt: /--MORE--\s*$/i, answer: ' ' }],
  errors: [/^% /, /^Error:/i, /^\s*\^\s*$/],
  backup: {
    commands: ['show current-config'],
    // The clock, the uptime and a checksum of the text change by themselves.
    drop: [/^\s*system-time "/, /^\s*system-uptime "/, /^\s*checksum \d+/, /^: /],
    insignificant: [],
    redact: [
      // SonicOS prints secrets as "<encoding>,<value>": "secret 1,AbC…".
      { pattern: /\b(?:shared-secret|secret|password(?: default)?) \d,(?<secret>\S+)/ },
      { pattern: /\bcommunity "?(?<secret>[^"\s]+)"?/ },
    ],
  },
  configure: { commit: ['commit'] },
  getters: {},
  detect: { command: 'show version', pattern: /SonicOS/, priority: 20 },
};
