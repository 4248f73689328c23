import type { Platform } from './types.ts';

/** Siklu EtherHaul and MultiHaul radios: "host>" only; the config is printed as "set" lines (Oxidized's "siklu"). */
export const sikluEtherhaul: Platform = {
  name: 'siklu_etherhaul',
  description: 'Siklu EtherHaul / MultiHaul radios',
  vendor: 'siklu',
  modes: { cli: { prompt: /^(?<host>[\w\-()]{1,64})>\s?$/ } },
  edges: [],
  commandMode: 'cli',
  configMode: 'cli',
  onOpen: [],
  pager: [],
  errors: [/^%/, /^Error:/i, /^Unknown command/i],
  backup: {
    commands: ['copy running-configuration display'],
    drop: [],
    insignificant: [],
    redact: [
      { pattern: /\bpassword (?<secret>\S+)/ },
      { pattern: /\bcommunity (?<secret>\S+)/ },
      { pattern: /\b(?:auth-key|priv-key|key|secret) (?<secret>\S+)/ },
    ],
  },
  configure: { save: ['copy running-configuration startup-configuration'] },
  getters: {},
  detect: { command: 'show system', pattern: /Siklu|EtherHaul|MultiHaul/i, priority: 15 },
};
