import { CISCO_ERRORS, ciscoModes } from './cisco-common.ts';
import type { Platform } from './types.ts';

// AOS-CX prompts may hold spaces ("ssh prompt# ").
const HOST = '(?<host>[\\w.\\-/: ]{1,63}?)';

export const arubaAoscx: Platform = {
  name: 'aruba_aoscx',
  description: 'Aruba (HPE) AOS-CX switches',
  vendor: 'aruba',
  ...ciscoModes({ exec: true, host: HOST }),
  commandMode: 'privileged',
  configMode: 'config',
  onOpen: ['no page'],
  pager: [{ prompt: /^\s*-- MORE --.*$/, answer: ' ' }],
  errors: [...CISCO_ERRORS, /^Invalid input: /],
  backup: {
    commands: ['show running-config'],
    drop: [],
    insignificant: [],
    redact: [
      { pattern: /^\s*snmp-server community (?<secret>\S+)/ },
      { pattern: /^\s*snmp-server host \S+ (?:trap|inform) version \S+ community (?<secret>\S+)/ },
      { pattern: /^\s*snmpv3 user \S+ auth \S+ auth-pass (?:plaintext|ciphertext) (?<secret>\S+)/ },
      { pattern: /^\s*snmpv3 user \S+ .* priv-pass (?:plaintext|ciphertext) (?<secret>\S+)/ },
      { pattern: /^\s*user \S+ group \S+ password (?:plaintext|ciphertext) (?<secret>\S+)/ },
      { pattern: /^\s*(?:radius|tacacs)-server (?:host \S+ )?key (?:plaintext|ciphertext) (?<secret>\S+)/ },
    ],
  },
  configure: { save: ['write memory'] },
  getters: {},
  detect: { command: 'show version', pattern: /ArubaOS-CX/, priority: 30 },
};
