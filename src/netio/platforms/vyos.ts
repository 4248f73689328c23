import type { Platform } from './types.ts';

// "user@router:~$ " in operational mode, "user@router# " in configuration mode.
const HOST = '(?<host>[\\w.\\-]+@[\\w.\\-]+)';

export const vyos: Platform = {
  name: 'vyos',
  description: 'VyOS routers',
  vendor: 'vyos',
  modes: {
    configuration: { prompt: new RegExp(`^\\s*${HOST}#\\s*$`) },
    operational: { prompt: new RegExp(`^\\s*${HOST}(?::[^\\s$]*)?[$>]\\s*$`) },
  },
  edges: [
    { from: 'operational', to: 'configuration', command: 'configure' },
    {
      from: 'configuration',
      to: 'operational',
      command: 'exit discard',
    },
  ],
  commandMode: 'operational',
  configMode: 'configuration',
  onOpen: ['set terminal length 0', 'set terminal width 0'],
  pager: [{ prompt: /^:\s*$|^lines \d+-\d+\s*$/, answer: ' ' }],
  errors: [/^\s*Invalid command:/, /^\s*Set failed/, /^\s*Commit failed/, /is not valid$/],
  backup: {
    commands: ['show configuration commands | no-more'],
    drop: [],
    insignificant: [],
    redact: [
      { pattern: / (?:password|preshared-key|private-key|private key|secret|key) '(?<secret>[^']*)'/ },
      { pattern: / encrypted-password '(?<secret>[^']*)'/ },
      { pattern: / community (?<secret>'[^']*'|\S+)/ },
      { pattern: /:\/\/[^:/@\s'"]+:(?<secret>[^@\s'"]+)@/ },
    ],
  },
  configure: { commit: ['commit', 'save'] },
  getters: {},
  detect: { command: 'show version', pattern: /^Version:\s+VyOS/m, priority: 30 },
};
