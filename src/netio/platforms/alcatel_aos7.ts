import type { Platform } from './types.ts';

/**
 * Alcatel-Lucent Enterprise OmniSwitch on AOS 7 and 8 (6860, 6900, 9900): one prompt for
 * everything ("sw1> ", "sw1 # " since 8.8); the snapshot is the config as commands.
 * Oxidized's "aos7".
 */
export const alcatelAos7: Platform = {
  name: 'alcatel_aos7',
  description: 'Alcatel-Lucent Enterprise OmniSwitch (AOS 7/8)',
  vendor: 'alcatel-lucent',
  modes: { cli: { prompt: /^(?<host>[\w.@-]{1,64}) ?[#>]\s?$/ } },
  edges: [],
  commandMode: 'cli',
  configMode: 'cli',
  onOpen: [],
  pager: [{ prompt: /--More--.*$/, answer: ' ' }],
  errors: [/^ERROR: /, /^\s*\^\s*$/],
  backup: {
    commands: ['show configuration snapshot'],
    drop: [],
    insignificant: [],
    redact: [
      { pattern: /^user "?[^"\s]+"? password (?<secret>\S+)/ },
      { pattern: /\bkey (?:hash )?"?(?<secret>[^"\s]+)"?/ },
      { pattern: /^snmp community-map (?:mode \S+ )?"?(?<secret>[^"\s]+)"?/ },
      { pattern: /\b(?:password|auth-key|priv-key) (?:hash )?"?(?<secret>[^"\s]+)"?/ },
    ],
  },
  configure: { save: ['write memory flash-synchro'] },
  getters: {},
  detect: { command: 'show system', pattern: /Alcatel-Lucent|OmniSwitch|ALE /, priority: 15 },
};
