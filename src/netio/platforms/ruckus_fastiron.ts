import { ciscoModes } from './cisco-common.ts';
import type { Platform } from './types.ts';

// "SSH@switch-001#", "telnet@core-1(config)#"; stack members in the name ("SSH@sw/002/003#").
const HOST = '(?:SSH|ssh|telnet|TELNET)@(?<host>[\\w.\\-/#]{1,64}?)';

/**
 * Ruckus (Brocade, Foundry) ICX and FastIron switches, and IronWare routers: Oxidized's
 * "ironware" and "fastiron".
 */
export const ruckusFastiron: Platform = {
  name: 'ruckus_fastiron',
  description: 'Ruckus ICX / Brocade FastIron and IronWare',
  vendor: 'ruckus',
  ...ciscoModes({ exec: true, host: HOST, config: '\\(config[^)]*\\)#' }),
  commandMode: 'privileged',
  configMode: 'config',
  onOpen: ['skip-page-display'],
  pager: [{ prompt: /--More--, next page: Space, next line: Return key, quit: Control-c\s*$/, answer: ' ' }],
  errors: [/^Invalid input ->/, /^Error - /, /^Incomplete command\./, /^Unrecognized command/],
  backup: {
    commands: ['show running-config'],
    // "Current configuration:" and the "!" under it (the first "!" in the config stays otherwise).
    drop: [],
    dropBlocks: [{ from: /^Current configuration:/, to: /^!$/ }],
    insignificant: [],
    redact: [
      {
        pattern:
          /^\s*(?:enable )?(?:super-user-password|password|port-security.*\bpassword) (?:\d+ )?(?<secret>\S+)/,
      },
      { pattern: /^username \S+ (?:privilege \d+ )?password (?:\d+ )?(?<secret>\S+)/ },
      { pattern: /^snmp-server community (?:\d+ )?(?<secret>\S+)/ },
      { pattern: /^snmp-server host \S+ version v(?:1|2c) (?:\d+ )?(?<secret>\S+)/ },
      { pattern: /^(?:tacacs-server|radius-server) .*\bkey (?:\d+ )?(?<secret>\S+)/ },
      {
        pattern: /^\s*(?:md5-)?authentication(?:-key)? (?:md5 )?(?:key-id \d+ )?(?:key )?\d+ (?<secret>\S+)/,
      },
    ],
  },
  configure: { save: ['write memory'] },
  getters: {},
  detect: { command: 'show version', pattern: /Ruckus|Brocade|Foundry|IronWare|FastIron/, priority: 20 },
};
