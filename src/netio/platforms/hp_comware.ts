import type { Platform } from './types.ts';

/**
 * HPE/H3C Comware (5130, 5940…): user view "<host>", system view "[host]" (and sub-views such
 * as "[host-GigabitEthernet1/0/1]"), "display" for "show", "return" to leave.
 */
export const hpComware: Platform = {
  name: 'hp_comware',
  description: 'HPE and H3C Comware',
  vendor: 'hpe',
  modes: {
    system: { prompt: /^\s*\[(?<host>[\w.-]+)(?:-[^\]]+)?\]\s*$/ },
    user: { prompt: /^\s*<(?<host>[\w.-]+)>\s*$/ },
  },
  edges: [
    { from: 'user', to: 'system', command: 'system-view' },
    { from: 'system', to: 'user', command: 'return' },
  ],
  commandMode: 'user',
  configMode: 'system',
  onOpen: ['screen-length disable'],
  pager: [{ prompt: /^\s*---- More ----\s*$/, answer: ' ' }],
  errors: [/^\s*% (?:Unrecognized|Incomplete|Too many|Wrong|Ambiguous)/],
  backup: {
    commands: ['display current-configuration'],
    drop: [],
    insignificant: [],
    redact: [
      {
        pattern: /\b(?:password|key|authentication-key|pre-shared-key) (?:cipher|simple|hash) (?<secret>\S+)/,
      },
      { pattern: /^\s*snmp-agent community (?:read|write) (?:(?:simple|cipher) )?(?<secret>\S+)/ },
      { pattern: /^\s*snmp-agent usm-user .* (?:authentication-mode|privacy-mode) \S+ (?<secret>\S+)/ },
    ],
  },
  configure: { save: ['save force'] },
  getters: {},
  detect: { command: 'display version', pattern: /Comware Software/, priority: 30 },
};
