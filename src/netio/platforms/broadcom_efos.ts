import type { Platform } from './types.ts';

// "(switch)>" in user mode, "(switch)#" privileged, "(switch) (Config)#" configuring.
const HOST = '\\((?<host>[^)\\s]{1,64})\\)';

/** Broadcom EFOS (FASTPATH) switches, e.g. NetApp BES-53248 cluster switches: Oxidized's "efos". */
export const broadcomEfos: Platform = {
  name: 'broadcom_efos',
  description: 'Broadcom EFOS / FASTPATH switches (NetApp BES-53248)',
  vendor: 'broadcom',
  modes: {
    exec: { prompt: new RegExp(`^\\s*${HOST}\\s*>\\s*$`) },
    privileged: { prompt: new RegExp(`^\\s*${HOST}\\s*#\\s*$`) },
    config: { prompt: new RegExp(`^\\s*${HOST}\\s*\\((?:Config|[Ii]nterface|[^)]*)[^)]*\\)\\s*#\\s*$`) },
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
  pager: [{ prompt: /--More-- or \(q\)uit\s*$/, answer: ' ' }],
  errors: [/^% /, /^\s*\^\s*$/, /^Command not found/],
  backup: {
    commands: ['show running-config'],
    // The clock and the uptime change by themselves.
    drop: [/^!System Up Time\s/, /^!Current System Time:/],
    insignificant: [],
    redact: [
      { pattern: /^username "?\S+?"? password (?<secret>\S+)/ },
      { pattern: /^snmp-server community "?(?<secret>[^"\s]+)"?/ },
      { pattern: /^(?:tacacs-server|radius-server) .*\bkey (?:\d+ )?"?(?<secret>[^"\s]+)"?/ },
    ],
  },
  configure: { save: ['write memory confirm'] },
  getters: {},
  detect: { command: 'show version', pattern: /EFOS|FASTPATH/, priority: 20 },
};
