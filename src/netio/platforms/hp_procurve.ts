import { ciscoModes } from './cisco-common.ts';
import type { Platform } from './types.ts';

// "sw1> ", "sw1# ", "sw1(config)# ", "sw1(eth-1/1/1)# ".
const HOST = '(?<host>[\\w.\\-]{1,64})';

/** HPE Aruba switches on ArubaOS-Switch / ProVision (ProCurve 2530, 2930, 3810, 5400): Oxidized's "procurve". */
export const hpProcurve: Platform = {
  name: 'hp_procurve',
  description: 'HPE Aruba ArubaOS-Switch / ProCurve',
  vendor: 'hpe',
  ...ciscoModes({
    exec: true,
    host: HOST,
    config: '\\([^)]+\\)#',
    enable: [
      { prompt: /Username:\s*$/, answer: 'username' },
      { prompt: /Password:\s*$/, answer: 'secret' },
    ],
  }),
  commandMode: 'privileged',
  configMode: 'config',
  onOpen: ['no page', 'terminal width 1920'],
  pager: [{ prompt: /-- MORE --, next page: Space, next line: Enter, quit: Control-C\s*$/, answer: ' ' }],
  errors: [/^Invalid input: /, /^Ambiguous input: /, /^Incomplete input: /, /^\s*\^\s*$/],
  backup: {
    commands: ['show running-config'],
    // Its header says when it was printed.
    drop: [/^Running configuration:$/, /^; .* Configuration Editor; Created on release/],
    insignificant: [],
    redact: [
      {
        pattern:
          /^\s*password (?:manager|operator) (?:user-name \S+ )?(?:sha1|plaintext|sha256) "?(?<secret>[^"\s]+)"?/,
      },
      { pattern: /^snmp-server community "(?<secret>[^"]+)"/ },
      { pattern: /^snmpv3 user "?[^"\s]+"? auth \S+ "?(?<secret>[^"\s]+)"?/ },
      { pattern: /^snmpv3 user "?[^"\s]+"? auth \S+ \S+ priv \S+ "?(?<secret>[^"\s]+)"?/ },
      { pattern: /^(?:radius|tacacs)-server .*\bkey "?(?<secret>[^"\s]+)"?/ },
      { pattern: /^\s*encrypted-key "?(?<secret>[^"\s]+)"?/ },
    ],
  },
  configure: { save: ['write memory'] },
  getters: {},
  detect: {
    command: 'show system',
    pattern: /Status and Counters - General System Information/,
    priority: 20,
  },
};
