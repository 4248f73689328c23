import type { Platform } from './types.ts';

/**
 * Ciena SAOS 10 (the YANG-modelled SAOS on 5100/5160/5170 and 8100 platforms). Its prompt gains a
 * "*" while a configuration is uncommitted. webnet backs these up; changes go through the
 * device's own commit model, which webnet does not drive yet (Oxidized's "saos10").
 */
export const cienaSaos10: Platform = {
  name: 'ciena_saos10',
  description: 'Ciena SAOS 10',
  vendor: 'ciena',
  modes: {
    exec: { prompt: /^(?<host>[\w.-]{1,64})\*?>\s?$/ },
  },
  edges: [],
  commandMode: 'exec',
  onOpen: ['set session more off'],
  pager: [{ prompt: /--More--.*$/, answer: ' ' }],
  errors: [/^Error:/i, /^% /, /^\s*\^\s*$/, /^syntax error/i, /^Invalid (?:input|command)/i],
  backup: {
    commands: ['show running config'],
    // When and where the config was printed.
    drop: [/^! Created: /, /^! On terminal: /],
    insignificant: [],
    redact: [
      { pattern: /\b(?:password|secret|auth-key|priv-key|key) "(?<secret>[^"]+)"/ },
      { pattern: /\bcommunity(?:-name)? "(?<secret>[^"]+)"/ },
    ],
  },
  getters: {},
  detect: { command: 'show software', pattern: /saos-10-/, priority: 15 },
};
