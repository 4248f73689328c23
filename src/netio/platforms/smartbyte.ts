import type { Platform } from './types.ts';

const HOST = '(?<host>[\\w.@\\-]{1,64})';

/**
 * SmartByte switches (STC series): an IOS-like CLI whose user mode already shows the running
 * config, so webnet works from whichever of ">" and "#" the login lands in (Oxidized's "smartbyte").
 */
export const smartbyte: Platform = {
  name: 'smartbyte',
  description: 'SmartByte switches (STC series)',
  vendor: 'smartbyte',
  modes: {
    exec: { prompt: new RegExp(`^${HOST}[>#]\\s?$`) },
    config: { prompt: new RegExp(`^${HOST}\\(config[^)]*\\)#\\s?$`) },
  },
  edges: [
    { from: 'exec', to: 'config', command: 'configure terminal' },
    { from: 'config', to: 'exec', command: 'end' },
  ],
  commandMode: 'exec',
  configMode: 'config',
  onOpen: ['terminal length 0'],
  pager: [{ prompt: /--More--\s*$/, answer: ' ' }],
  errors: [/^% /, /^\s*\^\s*$/, /^Invalid input/i, /^Unknown command/i],
  backup: {
    commands: ['show running-config'],
    drop: [],
    insignificant: [],
    redact: [
      { pattern: /^username \S+ (?:privilege \d+ )?(?:password|secret) \d+ (?<secret>\S+)/ },
      { pattern: /^snmp-server community (?<secret>\S+)/ },
      // A v2c group is named by its community.
      { pattern: /^snmp-server group (?<secret>\S+) v2c/ },
      { pattern: /\bkey (?:\d+ )?(?<secret>\S+)/ },
    ],
  },
  configure: { save: ['write'] },
  getters: {},
  detect: { command: 'show version', pattern: /Vendor oid: 56166\b|PID: STC-/, priority: 20 },
};
