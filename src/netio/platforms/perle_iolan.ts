import type { Platform } from './types.ts';

const HOST = '(?<host>[\\w.\\-]{1,64})';

/** Perle IOLAN console servers and routers (SCG, SCR, SDS): a Cisco-like CLI (Oxidized's "perle"). */
export const perleIolan: Platform = {
  name: 'perle_iolan',
  description: 'Perle IOLAN console servers (SCG, SCR, SDS)',
  vendor: 'perle',
  modes: {
    exec: { prompt: new RegExp(`^${HOST}#\\s?$`) },
    config: { prompt: new RegExp(`^${HOST}\\(config[^)]*\\)#\\s?$`) },
  },
  edges: [
    { from: 'exec', to: 'config', command: 'configure terminal' },
    { from: 'config', to: 'exec', command: 'end' },
  ],
  commandMode: 'exec',
  configMode: 'config',
  onOpen: ['terminal length 0'],
  pager: [{ prompt: /--More--\s*$/, answer: ' ' }],
  errors: [/^% /, /^\s*\^\s*$/, /^Invalid (?:input|command)/i, /^Unknown command/i],
  backup: {
    commands: ['show running-config'],
    drop: [/^Building running-config/],
    insignificant: [
      // The device encrypts its keys afresh ("$0$…") each time it prints them.
      /^\s*(?:tacacs-server|radius-server) .*\bkey 7 \$0\$/,
    ],
    redact: [
      { pattern: /^\s*(?:tacacs-server|radius-server) .*\bkey (?:\d+ )?(?<secret>\S+)/ },
      { pattern: /^\s*user \S+ .*\bpassword (?:\d+ )?(?<secret>\S+)/ },
      { pattern: /^\s*snmp-server community (?<secret>\S+)/ },
    ],
  },
  configure: { save: ['save'] },
  getters: {},
  detect: { command: 'show version', pattern: /Perle IOLAN/, priority: 20 },
};
