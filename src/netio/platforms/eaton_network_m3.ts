import { EXEC_PROMPT_PATTERN } from '../exec-channel.ts';
import type { Platform } from './types.ts';

const ACCOUNTS = ['features', 'userAndSessionManagement', 'data', 'settings', 'all', '1.0', 'local', '1.0'];

/**
 * Eaton Gigabit Network Card M3 (UPS and PDU management): no shell for automation, only exec
 * requests. "save_configuration -p <passphrase>" prints the whole configuration as one JSON
 * document, its secrets encrypted with the passphrase (the login password, as Oxidized does);
 * the encryption is new on every export, so those values are redacted and not counted as a
 * change. Login bookkeeping (attempts, password history) is dropped. Oxidized's "eatonnetwork".
 */
export const eatonNetworkM3: Platform = {
  name: 'eaton_network_m3',
  description: 'Eaton Gigabit Network Card M3 (UPS, PDU)',
  vendor: 'eaton',
  channel: 'exec',
  modes: { exec: { prompt: EXEC_PROMPT_PATTERN } },
  edges: [],
  commandMode: 'exec',
  onOpen: [],
  pager: [],
  errors: [/^Error\b/i, /^Unknown command/i, /^Invalid /i],
  backup: {
    commands: ['save_configuration -p {password}'],
    json: {
      drop: [
        [...ACCOUNTS, 'predefinedAccounts', '*', 'attemptLogin'],
        [...ACCOUNTS, 'predefinedAccounts', '*', 'password', 'history'],
        [...ACCOUNTS, 'createdAccounts', '*', 'attemptLogin'],
        [...ACCOUNTS, 'createdAccounts', '*', 'password', 'history'],
      ],
    },
    drop: [],
    insignificant: [/^\s*"(?:cyphered|ciphered)": "/, /^\s*"passphrase": "/],
    redact: [
      {
        pattern:
          /^\s*"(?:cyphered|ciphered|plaintext|passphrase|proxyPassword|defaultPassword)": "(?<secret>[^"]+)"/,
      },
    ],
  },
  getters: {},
  detect: undefined,
};
