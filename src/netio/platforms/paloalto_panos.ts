import type { Platform } from './types.ts';

/**
 * Palo Alto Networks firewalls (PAN-OS): "user@fw1> " operational, "user@fw1# " configuring.
 * The running config prints as "set" commands with "set cli config-output-format set"; secrets
 * are stored hashed or encrypted ("-AQ==…") and still redacted. Oxidized's "panos".
 */
export const paloaltoPanos: Platform = {
  name: 'paloalto_panos',
  description: 'Palo Alto Networks firewalls (PAN-OS)',
  vendor: 'paloaltonetworks',
  modes: {
    op: {
      prompt: /^\s*[\w.-]+@(?<host>[\w.-]+)(?:\((?:active|passive|suspended|non-functional)[^)]*\))?>\s*$/,
    },
    config: {
      prompt: /^\s*[\w.-]+@(?<host>[\w.-]+)(?:\((?:active|passive|suspended|non-functional)[^)]*\))?#\s*$/,
    },
  },
  edges: [
    { from: 'op', to: 'config', command: 'configure' },
    { from: 'config', to: 'op', command: 'exit' },
  ],
  commandMode: 'op',
  configMode: 'config',
  onOpen: ['set cli pager off', 'set cli scripting-mode on', 'set cli config-output-format set'],
  pager: [{ prompt: /^lines \d+-\d+\s*$/, answer: ' ' }],
  errors: [/^Unknown command: /, /^Invalid syntax\./, /^\s*\^\s*$/, /^Server error :/],
  backup: {
    commands: ['show config running'],
    drop: [],
    insignificant: [],
    redact: [
      {
        pattern:
          /\b(?:phash|password|secret|pre-shared-key|authentication-key|key|community|auth-password|priv-password|api-key) "?(?<secret>[^"\s]+)"?/,
      },
    ],
  },
  configure: { commit: ['commit'] },
  getters: {},
  detect: { command: 'show system info', pattern: /^sw-version: /m, priority: 30 },
};
