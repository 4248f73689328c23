import type { Platform } from './types.ts';

/**
 * FortiGate (FortiOS). One prompt for everything ("fw1 # ", "fw1 (global) # ", with an HA or
 * FortiADC prefix); configuration is "config … / set … / end" typed at that prompt. Paging can
 * only be turned off by changing the configuration, so the pager is answered instead.
 */
export const fortinetFortigate: Platform = {
  name: 'fortinet_fortigate',
  textfsm: 'fortinet',
  description: 'Fortinet FortiGate (FortiOS)',
  vendor: 'fortinet',
  modes: {
    cli: { prompt: /^\s*(?:\([A-Z]\) )?(?<host>[\w.-]+(?:\([\w-]+\))?)(?: \([\w-]+\))? [#$]\s*$/ },
  },
  edges: [],
  commandMode: 'cli',
  configMode: 'cli',
  onOpen: [],
  pager: [{ prompt: /^\s*--More--\s*$/, answer: ' ' }],
  errors: [/^Command fail\. Return code/, /^command parse error/, /^Unknown action/, /^entry not found/],
  backup: {
    commands: ['show | grep .'],
    drop: [/^#conf_file_ver=/],
    insignificant: [
      // Encrypted values get a new salt on every "show"; FortiGuard updates rewrite service names.
      /\bENC \S+/,
      /^\s*config firewall internet-service-name/,
      /^\s*set internet-service-id \d+/,
      /-----(?:BEGIN|END) [A-Z ]*PRIVATE KEY-----/,
      /^[A-Za-z0-9+/=]{20,}$/,
    ],
    redact: [
      { pattern: /\bENC (?<secret>\S+)/ },
      {
        pattern:
          /^\s*set (?:password|passwd|psksecret|auth-pwd|priv-pwd|key|secondary-key|secret) (?<secret>(?!ENC\b)\S+)/,
      },
      {
        pattern: /^\s*set private-key "(?<secret>-----BEGIN[^"]*)/,
        until: /^[^"]*-----END [A-Z ]*PRIVATE KEY-----/,
      },
    ],
  },
  getters: {},
  detect: { command: 'get system status', pattern: /^Version: Forti/m, priority: 30 },
};
