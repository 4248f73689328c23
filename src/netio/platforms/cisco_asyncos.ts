import type { Platform } from './types.ts';

// "(mail.example.com)> ", "mail.example.com> ", "(Machine esa1.example.com)> " in a cluster.
const HOST = '(?:\\((?:Machine )?(?<host>[\\w.\\- ]{1,64})\\)|(?<host>[\\w.\\-]{1,64}))';

/**
 * Cisco Secure Email (ESA, AsyncOS): the configuration is an XML document printed by
 * "showconfig". It asks how to print passphrases; webnet answers "mask", so no secret leaves
 * the appliance at all (a masked file cannot be loaded back, and webnet redacts anyway).
 * Oxidized's "asyncos".
 */
export const ciscoAsyncos: Platform = {
  name: 'cisco_asyncos',
  description: 'Cisco Secure Email / ESA (AsyncOS)',
  vendor: 'cisco',
  modes: { cli: { prompt: new RegExp(`^\\r*${HOST}[#>]\\s?$`) } },
  edges: [],
  commandMode: 'cli',
  onOpen: [],
  pager: [{ prompt: /-Press Any Key For More-+.*$/, answer: ' ' }],
  errors: [/^Unknown command/, /^Error:/i],
  backup: {
    commands: ['showconfig'],
    expect: [{ prompt: /\[\S*\]>\s*$/, answer: '1' }],
    // The passphrase question and its choices, printed before the XML.
    drop: [
      /^Choose the passphrase option:/,
      /^\d\. (?:Mask|Encrypt|Plain) passphrases/,
      /^loadconfig command\)/,
      /^\[\S*\]>\s*\d?\s*$/,
    ],
    insignificant: [],
    redact: [
      {
        pattern:
          /<(?:password|passphrase|shared_secret|secret|community|community_string|auth_password|priv_password|key)>(?<secret>(?!\*+<)[^<]+)</,
      },
    ],
  },
  getters: {},
  detect: { command: 'version', pattern: /AsyncOS/, priority: 15 },
};
