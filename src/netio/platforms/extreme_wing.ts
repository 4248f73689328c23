import { ciscoModes } from './cisco-common.ts';
import type { Platform } from './types.ts';

// "VX9k-WiNG7#", "ap1*>" (the "*" marks unsaved changes), "ap1(config)#".
const HOST = '(?<host>[\\w.\\-]{1,64})\\*?';

/** Extreme (Motorola, Zebra) WiNG wireless controllers and APs (RFS, NX, VX): Oxidized's "mtrlrfs". */
export const extremeWing: Platform = {
  name: 'extreme_wing',
  description: 'Extreme / Motorola WiNG wireless (RFS, NX, VX)',
  vendor: 'extreme',
  ...ciscoModes({ exec: true, host: HOST, config: '\\(config[^)]*\\)#', enable: [] }),
  commandMode: 'privileged',
  configMode: 'config',
  onOpen: ['terminal length 0'],
  pager: [{ prompt: /--More--\s*$/, answer: ' ' }],
  errors: [/^% /, /^\s*\^\s*$/],
  backup: {
    commands: ['show running-config'],
    // The device pads lines with spaces and stray carriage returns.
    rewrite: [{ pattern: /[ \t]+$/, replacement: '' }],
    drop: [],
    insignificant: [],
    redact: [
      { pattern: /^\s*(?:user \S+ )?password (?:\d+ )?(?<secret>\S+)/ },
      { pattern: /^\s*(?:wpa-wpa2 psk|psk|key|authentication-key|passphrase) (?:\d+ )?(?<secret>\S+)/ },
      { pattern: /^\s*snmp-server (?:community|manager v[12] community) (?:\d+ )?(?<secret>\S+)/ },
      { pattern: /\bkey (?:\d+ )?(?<secret>\S+)$/ },
    ],
  },
  configure: { commit: ['commit'], save: ['write memory'] },
  getters: {},
  detect: { command: 'show version', pattern: /WiNG|RFS\d|Motorola/, priority: 20 },
};
