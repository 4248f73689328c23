import type { Platform } from './types.ts';

/**
 * MikroTik RouterOS. One prompt ("[admin@MikroTik] > ", with the current menu path when inside
 * one); "/export show-sensitive" prints the whole configuration, secrets included, so that
 * webnet's own redaction decides what is stored.
 */
export const mikrotikRouteros: Platform = {
  name: 'mikrotik_routeros',
  description: 'MikroTik RouterOS',
  vendor: 'mikrotik',
  modes: { cli: { prompt: /^\s*\[(?<host>[^\]\s]+)\] (?:\/[\w/-]+)?>\s*$/ } },
  edges: [],
  commandMode: 'cli',
  configMode: 'cli',
  onOpen: [],
  pager: [{ prompt: /^-- \[Q quit\|D dump\|down\]\s*$/, answer: 'D' }],
  errors: [
    /^bad command name/,
    /^syntax error/,
    /^failure: /,
    /^expected end of command/,
    /^input does not match/,
  ],
  backup: {
    commands: ['/export show-sensitive'],
    // Long lines come wrapped at the terminal width, a "\\" ending each part.
    unwrap: /\\\n[ \t]*/g,
    // The export's first line is the time it was taken; PoE status changes by itself.
    drop: [
      /^# poe-out status: /,
      /^# \d{4}-\d\d-\d\d \d\d:\d\d:\d\d by RouterOS/,
      /^# \w{3}\/\d\d\/\d{4} \d\d:\d\d:\d\d by RouterOS/,
    ],
    // The terminal pads some lines with blanks; they carry nothing.
    rewrite: [{ pattern: /[ \t]+$/, replacement: '' }],
    insignificant: [],
    redact: [
      {
        pattern:
          /\b(?:password|secret|authentication-key|wpa-pre-shared-key|wpa2-pre-shared-key|pre-shared-key|passphrase|private-key)=(?<secret>"[^"]*"|\S+)/,
      },
    ],
  },
  getters: {},
  detect: { command: '/system resource print', pattern: /platform: MikroTik/, priority: 30 },
};
