import type { Platform } from './types.ts';

const HOST = '(?<host>[\\w.\\-]{1,64})';

/** TP-Link JetStream switches and DeltaStream OLTs: an IOS-like CLI (Oxidized's "tplink"). */
export const tplinkJetstream: Platform = {
  name: 'tplink_jetstream',
  description: 'TP-Link JetStream switches and DeltaStream OLTs',
  vendor: 'tp-link',
  modes: {
    exec: { prompt: new RegExp(`^\\s*${HOST}>\\s*$`) },
    privileged: { prompt: new RegExp(`^\\s*${HOST}#\\s*$`) },
    config: { prompt: new RegExp(`^\\s*${HOST}\\(config[^)]*\\)#\\s*$`) },
  },
  edges: [
    {
      from: 'exec',
      to: 'privileged',
      command: 'enable',
      expect: [{ prompt: /[Pp]assword:\s*$/, answer: 'secret' }],
    },
    { from: 'privileged', to: 'config', command: 'configure' },
    { from: 'config', to: 'privileged', command: 'end' },
  ],
  commandMode: 'privileged',
  configMode: 'config',
  onOpen: ['terminal length 0'],
  pager: [{ prompt: /Press any key to continue \(Q to quit\)\s*$/, answer: ' ' }],
  errors: [/^Error: /, /^% /],
  backup: {
    commands: ['show running-config'],
    // "#" alone separates the sections, and blank lines pad them: no content, dropped as
    // Oxidized drops them.
    drop: [/^#\s*$/, /^\s*$/],
    insignificant: [],
    redact: [
      { pattern: /^user name \S+ .*?(?<secret>(?:secret|password) \d+ \S+)/ },
      { pattern: /^snmp-server community (?<secret>\S+)/ },
      { pattern: /^(?:tacacs|radius)-server .*\bkey (?:\d+ )?(?<secret>\S+)/ },
    ],
  },
  configure: { save: ['copy running-config startup-config'] },
  getters: {},
  detect: { command: 'show system-info', pattern: /TP-LINK|DeltaStream|JetStream/i, priority: 20 },
};
