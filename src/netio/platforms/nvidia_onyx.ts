import { ciscoModes } from './cisco-common.ts';
import type { Platform } from './types.ts';

// "switch-1 [standalone: master] >", "#" when enabled, "(config) #" configuring; the host name
// may be empty (" [standalone: master] >").
const HOST = '\\s*(?<host>[\\w.\\-]{0,64}) \\[[^\\]]+\\] ?';

/** NVIDIA (Mellanox) Onyx and MLNX-OS switches: Oxidized's "mlnxos". */
export const nvidiaOnyx: Platform = {
  name: 'nvidia_onyx',
  description: 'NVIDIA (Mellanox) Onyx / MLNX-OS',
  vendor: 'nvidia',
  ...ciscoModes({ exec: true, host: HOST, config: '\\(config[^)]*\\) ?#', leave: 'exit' }),
  commandMode: 'privileged',
  configMode: 'config',
  onOpen: ['no cli session paging enable'],
  // Its pager is less: "lines 1-23" in reverse video, "(END)" at the end.
  pager: [
    { prompt: /^lines \d+-\d+(?:\/\d+)?(?: \(END\))?\s*$/, answer: ' ' },
    { prompt: /^\(END\)\s*$/, answer: 'q' },
  ],
  errors: [/^% /, /^\s*\^\s*$/],
  backup: {
    commands: ['show running-config'],
    // When the listing was made.
    drop: [/^## Generated at /],
    insignificant: [],
    redact: [
      { pattern: /^\s*username \S+ password (?:\d+ )?(?<secret>\S+)/ },
      { pattern: /^\s*snmp-server community (?<secret>\S+)/ },
      { pattern: /^\s*(?:radius|tacacs)-server .*\bkey (?:\d+ )?(?<secret>(?!\*+$)\S+)/ },
      { pattern: /^\s*snmp-server user \S+ v3 .*\b(?:auth|priv) \S+ (?<secret>\S+)/ },
    ],
  },
  configure: { save: ['configuration write'] },
  getters: {},
  detect: { command: 'show version', pattern: /^Product name:\s+(?:Onyx|MLNX-OS)/m, priority: 25 },
};
