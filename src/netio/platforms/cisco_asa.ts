import { CISCO_ERRORS, CISCO_STYLE_SECRETS, ciscoModes, MORE_PAGER } from './cisco-common.ts';
import type { Platform } from './types.ts';

export const ciscoAsa: Platform = {
  name: 'cisco_asa',
  description: 'Cisco ASA firewalls',
  vendor: 'cisco',
  ...ciscoModes({ exec: true }),
  commandMode: 'privileged',
  configMode: 'config',
  onOpen: ['terminal pager 0'],
  pager: [{ prompt: /^\s*<--- More --->\s*$/, answer: ' ' }, ...MORE_PAGER],
  errors: [...CISCO_ERRORS, /^ERROR: /],
  backup: {
    commands: ['more system:running-config'],
    // ": Saved", ": Written by … at <time>", ": end": the ASA's own comments, with clocks in them.
    drop: [/^:(?: |$)/],
    insignificant: [],
    redact: [
      ...CISCO_STYLE_SECRETS,
      { pattern: /^\s+key (?<secret>\S+)$/, within: /^aaa-server / },
      { pattern: /^\s*(?:enable )?(?:password|passwd) (?<secret>\S+)(?: (?:pbkdf2|encrypted))?$/ },
      { pattern: /\s(?:ikev[12] )?(?:local|remote)-authentication pre-shared-key (?<secret>\S+)/ },
    ],
  },
  configure: { save: ['write memory'] },
  getters: { startupConfig: { command: 'show startup-config' } },
  detect: { command: 'show version', pattern: /Cisco Adaptive Security Appliance/, priority: 30 },
};
