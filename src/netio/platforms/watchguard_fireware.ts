import type { Platform } from './types.ts';

/**
 * WatchGuard Firebox on Fireware OS: the prompt carries the device's state, not its name
 * ("[FAULT]WG<managed-by-wsm><master>>"), so there is nothing to pin. The configuration is XML,
 * exported to the console. webnet backs it up; Fireware is configured from its manager.
 * Oxidized's "firewareos".
 */
export const watchguardFireware: Platform = {
  name: 'watchguard_fireware',
  description: 'WatchGuard Firebox (Fireware OS)',
  vendor: 'watchguard',
  modes: { cli: { prompt: /^(?:\[\w*\])?\w*(?:<[\w-]+>)*[#>]\s*$/ } },
  edges: [],
  commandMode: 'cli',
  onOpen: [],
  pager: [{ prompt: /--More--.*$/, answer: ' ' }],
  errors: [/^% /, /^Error:/i, /^\s*\^\s*$/],
  backup: {
    commands: ['export config to console'],
    drop: [],
    insignificant: [],
    redact: [
      {
        pattern:
          /<(?:password|passphrase|shared-secret|pre-shared-key|psk|secret|community|auth-password|priv-password|key|private-key)>(?<secret>[^<]+)</,
      },
    ],
  },
  getters: {},
  detect: { command: 'show sysinfo', pattern: /Fireware|WatchGuard/, priority: 15 },
};
