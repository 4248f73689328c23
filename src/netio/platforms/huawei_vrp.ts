import type { Platform } from './types.ts';

// User view "<host>", system view "[host]" and sub-views "[host-GigabitEthernet0/0/1]"; on
// two-stage-commit models (CloudEngine, NE) "[~host]" holds uncommitted changes, "[*host]" too.
const HOST = '(?<host>[\\w.\\-]{1,64})';

/**
 * Huawei VRP (S-series switches, AR routers, CE and NE): Comware's family ("display", views,
 * "return"), with its own secrets ("cipher" and "irreversible-cipher") and a commit on
 * two-stage models. Oxidized's "vrp".
 */
export const huaweiVrp: Platform = {
  name: 'huawei_vrp',
  description: 'Huawei VRP (S, AR, CE, NE)',
  vendor: 'huawei',
  modes: {
    system: { prompt: new RegExp(`^\\s*\\[[~*]?${HOST}(?:-[^\\]]+)?\\]\\s*$`) },
    user: { prompt: new RegExp(`^\\s*<${HOST}>\\s*$`) },
  },
  edges: [
    { from: 'user', to: 'system', command: 'system-view' },
    { from: 'system', to: 'user', command: 'return' },
  ],
  commandMode: 'user',
  configMode: 'system',
  onOpen: ['screen-length 0 temporary', 'screen-width 512'],
  pager: [{ prompt: /^\s*---- More ----\s*$/, answer: ' ' }],
  errors: [/^Error: /, /^\s*\^\s*$/, /^\s*% (?:Unrecognized|Incomplete|Too many|Wrong|Ambiguous)/],
  backup: {
    commands: ['display current-configuration'],
    // When the configuration was last saved or changed, stamped into the text.
    drop: [/^!Last configuration was (?:updated|saved) at /, /^!Time:/],
    insignificant: [],
    redact: [
      {
        pattern:
          /\b(?:password|shared-key|authentication-key|pre-shared-key|key|psk) (?:cipher|irreversible-cipher|simple|hash|sha2|md5 cipher|hmac-sha256 cipher) (?<secret>\S+)/,
      },
      { pattern: /^\s*super password (?:level \d+ )?(?:cipher|irreversible-cipher) (?<secret>\S+)/ },
      { pattern: /^\s*snmp-agent community (?:read|write) (?:cipher )?(?<secret>\S+)/ },
      { pattern: /^\s*snmp-agent usm-user .* authentication-mode \S+ (?:cipher )?(?<secret>\S+)/ },
      { pattern: /^\s*snmp-agent usm-user .* privacy-mode \S+ (?:cipher )?(?<secret>\S+)/ },
      { pattern: /^\s*authentication-mode \S+ (?:\d+ )?(?:cipher|simple|plain) (?<secret>\S+)/ },
    ],
  },
  configure: { commit: [], save: ['save'] },
  change: { prompts: [{ prompt: /Are you sure to continue\?\s*\[Y\/N\]:?\s*$/, answer: 'y' }] },
  getters: {},
  detect: {
    command: 'display version',
    pattern: /Huawei Versatile Routing Platform|VRP \(R\) software/,
    priority: 30,
  },
};
