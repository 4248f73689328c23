import { ciscoModes } from './cisco-common.ts';
import type { Platform } from './types.ts';

const HOST = '(?<host>[\\w.\\-]{1,64})';

/** Dell Networking OS 9 (Force10 FTOS: S4048, S6000, Z9100): an IOS-like CLI (Oxidized's "ftos"). */
export const dellForce10: Platform = {
  name: 'dell_force10',
  description: 'Dell Networking OS 9 (Force10 FTOS)',
  vendor: 'dell',
  ...ciscoModes({ exec: true, host: HOST }),
  commandMode: 'privileged',
  configMode: 'config',
  onOpen: ['terminal length 0'],
  pager: [{ prompt: /^\s*--More--\s*$/, answer: ' ' }],
  errors: [/^% Error: /, /^% /, /^\s*\^\s*$/],
  backup: {
    commands: ['show running-config'],
    drop: [
      /^Current Configuration \.\.\.$/,
      /^! Version /,
      /^! Last configuration change at /,
      /^! Startup-config last updated at /,
    ],
    insignificant: [],
    redact: [
      { pattern: /^username \S+ (?:password|secret) (?:\d+ )?(?<secret>\S+)/ },
      { pattern: /^enable (?:password|secret) (?:level \d+ )?(?:\d+ )?(?<secret>\S+)/ },
      { pattern: /^snmp-server community (?<secret>\S+)/ },
      { pattern: /^(?:tacacs|radius)-server .*\bkey (?:\d+ )?(?<secret>\S+)/ },
      { pattern: /^\s*neighbor \S+ password (?:\d+ )?(?<secret>\S+)/ },
    ],
  },
  configure: { save: ['copy running-config startup-config'] },
  change: { prompts: [{ prompt: /Proceed to copy the file \[confirm yes\/no\]:\s*$/, answer: 'yes' }] },
  getters: {},
  detect: {
    command: 'show version',
    pattern: /Dell (?:Networking|Force10) (?:OS|Operating System)|Force10 Operating System/,
    priority: 20,
  },
};
