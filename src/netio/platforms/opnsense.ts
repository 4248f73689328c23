import type { Platform } from './types.ts';

/**
 * OPNsense firewalls, over their FreeBSD shell: the whole configuration is one XML file.
 * Secrets are XML elements (password hashes, keys, shared secrets, SNMP communities).
 */
export const opnsense: Platform = {
  name: 'opnsense',
  description: 'OPNsense (config.xml over the shell)',
  vendor: 'opnsense',
  modes: { shell: { prompt: /^\s*(?<host>[\w.-]+@[\w.-]+)(?::[^\s#$%]*)? ?[#$%]\s*$/ } },
  edges: [],
  commandMode: 'shell',
  onOpen: [],
  pager: [],
  errors: [/: No such file or directory$/, /: Command not found\.?$/, /: Permission denied$/],
  backup: {
    commands: ['cat /conf/config.xml'],
    drop: [],
    insignificant: [/^\s*<(?:revision|time|lastchange)>/],
    redact: [
      {
        pattern:
          /<(?:password|bcrypt-hash|sha512-hash|md5-hash|pre-shared-key|presharedkey|radius_secret|rocommunity|secret|prv|privatekey|authorizedkeys|apikey|api_secret)>(?<secret>[^<]+)</,
      },
    ],
  },
  getters: {},
  detect: { command: 'opnsense-version', pattern: /^OPNsense /m, priority: 30 },
};
