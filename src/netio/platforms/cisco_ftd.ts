import { ciscoAsa } from './cisco_asa.ts';
import type { Platform } from './types.ts';

/**
 * Cisco Firepower Threat Defense (FTD) on its own CLI, the bare ">" prompt. The device is
 * configured from its manager (FMC or FDM), not from the CLI, so webnet backs it up and reads
 * it; it pushes nothing. The running config is the ASA engine's (Oxidized's "firelinuxos").
 */
export const ciscoFtd: Platform = {
  name: 'cisco_ftd',
  description: 'Cisco Firepower Threat Defense (FTD)',
  vendor: 'cisco',
  // No host name in the prompt: nothing to pin.
  modes: { exec: { prompt: /^> ?$/ } },
  edges: [],
  commandMode: 'exec',
  onOpen: [],
  pager: [
    { prompt: /^\s*<--- More --->\s*$/, answer: ' ' },
    { prompt: /^\s*--More--\s*$/, answer: ' ' },
  ],
  errors: [/^Syntax error:/, /^% Invalid/, /^ERROR: /],
  backup: {
    commands: ['show running-config all'],
    // ": Saved", ": Serial Number…", ": end": the engine's own comments; NTP's measured clock period.
    drop: [/^:(?: |$)/, /^ntp clock-period /],
    insignificant: [],
    // The ASA engine's configuration: its secrets are the ASA's.
    redact: ciscoAsa.backup.redact,
  },
  getters: {},
  detect: { command: 'show version', pattern: /Cisco Firepower .*Threat Defense/, priority: 35 },
};
