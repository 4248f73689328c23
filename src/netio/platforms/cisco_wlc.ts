import type { Platform } from './types.ts';

/**
 * Cisco AireOS wireless LAN controllers (2500, 5500, 8500): "(Cisco Controller) >", with its
 * own login ("User:" after SSH) and paging. The backup is "show run-config commands", the config
 * as commands. Oxidized's "aireos".
 */
export const ciscoWlc: Platform = {
  name: 'cisco_wlc',
  description: 'Cisco AireOS wireless LAN controllers',
  vendor: 'cisco',
  textfsm: 'cisco_wlc_ssh',
  modes: {
    exec: { prompt: /^\s*\((?<host>[^)]{1,64})\) ?>\s*$/ },
    config: { prompt: /^\s*\((?<host>[^)]{1,64})\) ?config>\s*$/ },
  },
  edges: [
    { from: 'exec', to: 'config', command: 'config' },
    { from: 'config', to: 'exec', command: 'exit' },
  ],
  commandMode: 'exec',
  configMode: 'exec',
  onOpen: ['config paging disable'],
  pager: [{ prompt: /--More-- or \(q\)uit\s*$/, answer: ' ' }],
  errors: [/^Incorrect usage\./, /^Incorrect input! /, /^\s*\^\s*$/, /^Request failed/],
  backup: {
    commands: ['show run-config commands'],
    drop: [],
    insignificant: [],
    redact: [
      {
        pattern:
          /\b(?:secret|shared-secret|key|psk|password|passphrase) (?:ascii |hex )?(?:\d+ )?(?<secret>\S+)/,
      },
      { pattern: /^config snmp community create (?<secret>\S+)/ },
      { pattern: /^config radius (?:auth|acct) add \S+ \S+ \S+ (?:ascii|hex) (?<secret>\S+)/ },
    ],
  },
  configure: { save: ['save config'] },
  change: { prompts: [{ prompt: /Are you sure you want to save\? \(y\/n\)\s*$/, answer: 'y' }] },
  getters: {},
  detect: { command: 'show sysinfo', pattern: /^Product Name\.+ Cisco Controller/m, priority: 30 },
};
