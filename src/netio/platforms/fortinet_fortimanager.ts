import { fortinetFortigate } from './fortinet_fortigate.ts';
import type { Platform } from './types.ts';

/**
 * FortiManager and FortiAnalyzer: FortiOS's CLI and config language (prompt, pager, secrets
 * and their fresh salts are FortiGate's), but "show" takes no pipe (Oxidized's "fortios").
 */
export const fortinetFortimanager: Platform = {
  ...fortinetFortigate,
  name: 'fortinet_fortimanager',
  textfsm: undefined,
  description: 'Fortinet FortiManager and FortiAnalyzer',
  backup: { ...fortinetFortigate.backup, commands: ['show'] },
  detect: {
    command: 'get system status',
    pattern: /^Platform Full Name\s*: Forti(?:Manager|Analyzer)/m,
    priority: 35,
  },
};
