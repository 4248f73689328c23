import type { Platform } from './types.ts';

// "tnsr-23-02 tnsr#": the host name, then the product name.
const HOST = '(?<host>[\\w.\\-]+ tnsr)';

/** Netgate TNSR. Its pager cannot be turned off from the session, so it is answered. */
export const netgateTnsr: Platform = {
  name: 'netgate_tnsr',
  description: 'Netgate TNSR',
  vendor: 'netgate',
  modes: {
    config: { prompt: new RegExp(`^\\s*${HOST}\\(config[^)]*\\)#\\s*$`) },
    privileged: { prompt: new RegExp(`^\\s*${HOST}#\\s*$`) },
  },
  edges: [
    { from: 'privileged', to: 'config', command: 'configure' },
    { from: 'config', to: 'privileged', command: 'exit' },
  ],
  commandMode: 'privileged',
  configMode: 'config',
  onOpen: [],
  // TNSR may print its pager in the middle of a line ("…read systemvi--More--").
  pager: [{ prompt: /--More--\s*$/, answer: ' ' }],
  errors: [/^CLI syntax error: /, /^% /],
  backup: {
    commands: ['show configuration running cli'],
    drop: [],
    insignificant: [],
    redact: [
      { pattern: /^\s+password (?<secret>\S+)/ },
      { pattern: /^\s*snmp community community-name (?<secret>\S+)/ },
      { pattern: /^\s+(?:secret|pre-shared-key|key) (?<secret>\S+)$/ },
    ],
  },
  getters: {},
  detect: { command: 'show version', pattern: /\+tnsr-v/, priority: 30 },
};
