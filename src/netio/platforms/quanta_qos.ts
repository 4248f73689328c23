import type { Platform } from './types.ts';

const HOST = '\\((?<host>[^)\\s]{1,64})\\)';

/** Quanta (QCT) switches on QuantaOS / FASTPATH: "(host) >", "(host) #" (Oxidized's "quantaos"). */
export const quantaQos: Platform = {
  name: 'quanta_qos',
  description: 'Quanta (QCT) switches, QuantaOS',
  vendor: 'quanta',
  modes: {
    exec: { prompt: new RegExp(`^${HOST} ?>\\s?$`) },
    privileged: { prompt: new RegExp(`^${HOST} ?#\\s?$`) },
    config: { prompt: new RegExp(`^${HOST} ?\\((?:Config|[^)]*)\\)#\\s?$`) },
  },
  edges: [
    {
      from: 'exec',
      to: 'privileged',
      command: 'enable',
      expect: [{ prompt: /(?:enable )?password:\s*$/i, answer: 'secret' }],
    },
    { from: 'privileged', to: 'config', command: 'configure' },
    { from: 'config', to: 'privileged', command: 'exit' },
  ],
  commandMode: 'privileged',
  configMode: 'config',
  onOpen: ['terminal length 0'],
  pager: [{ prompt: /--More-- or \(q\)uit\s*$/, answer: ' ' }],
  errors: [/^% /, /^\s*\^\s*$/, /^Command not found/i, /^Error!/],
  backup: {
    commands: ['show run'],
    // Comments only: the time the config was shown, the uptime.
    drop: [/^!/],
    insignificant: [],
    redact: [
      { pattern: /^username "?\S+?"? password (?:\d+ )?(?<secret>\S+)/ },
      { pattern: /^snmp-server community "?(?<secret>[^"\s]+)"?/ },
      { pattern: /^(?:tacacs-server|radius-server) .*\bkey (?:\d+ )?"?(?<secret>[^"\s]+)"?/ },
    ],
  },
  configure: { save: ['write memory confirm'] },
  getters: {},
  detect: { command: 'show version', pattern: /Quanta/i, priority: 20 },
};
