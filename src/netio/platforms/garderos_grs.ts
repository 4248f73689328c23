import type { Platform } from './types.ts';

/**
 * Garderos routers (GRS): the config is one "path.to.setting=value" per line. The prompt is
 * underlined with escape codes, which the session's terminal reading removes. webnet backs them
 * up; it pushes nothing (Oxidized's "garderos").
 */
export const garderosGrs: Platform = {
  name: 'garderos_grs',
  description: 'Garderos routers (GRS)',
  vendor: 'garderos',
  modes: { exec: { prompt: /^(?<host>[\w.-]{1,64})#\s?$/ } },
  edges: [],
  commandMode: 'exec',
  onOpen: [],
  pager: [],
  errors: [/^Unknown command /, /^Error:/i, /^Invalid /],
  backup: {
    commands: ['show configuration running'],
    drop: [],
    insignificant: [],
    redact: [
      // Keys, pre-shared keys, passwords, the system secret and SNMP communities, encrypted
      // ("{enc2}…") or hashed ("{sha256}…") or not.
      { pattern: /^[\w.-]*\.(?:key|psk|password|secret)=(?<secret>.+)$/ },
      { pattern: /^system\.secret=(?<secret>.+)$/ },
      { pattern: /\.community\.\d+\.name=(?<secret>.+)$/ },
    ],
  },
  getters: {},
  detect: { command: 'show system version', pattern: /\(Garderos;/, priority: 15 },
};
