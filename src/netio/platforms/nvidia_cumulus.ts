import { linux } from './linux.ts';
import type { Platform } from './types.ts';

/**
 * NVIDIA Cumulus Linux 5 with NVUE: a Linux shell whose whole switch configuration is NVUE's
 * YAML document ("nv config show"); "nv set …" lines change the candidate and "nv config apply"
 * makes it running (Oxidized's "cumulus" with NVUE).
 */
export const nvidiaCumulus: Platform = {
  ...linux,
  name: 'nvidia_cumulus',
  description: 'NVIDIA Cumulus Linux 5 (NVUE)',
  vendor: 'nvidia',
  textfsm: 'linux',
  modes: {
    // "root@spine1:~# ", "cumulus@leaf1:mgmt:~$ ", and "user@host~$" on some images.
    shell: { prompt: /^\s*(?<host>[\w.-]+@[\w.-]+)(?::[^\s$#]*|~[^\s$#]*)?[$#]\s*$/ },
  },
  configMode: 'shell',
  backup: {
    commands: ['nv config show --color off'],
    drop: [],
    insignificant: [],
    redact: [
      {
        pattern:
          /^\s*(?:password|hashed-password|secret|key|auth-key|priv-key|authentication-password|encryption-password|community-password):\s*(?<secret>(?!'?\*'?$)\S+)/,
      },
      // SNMP communities are the keys under "readonly-community:".
      { pattern: /^\s+'?(?<secret>[^\s:']+)'?:\s*(?:\{\})?\s*$/, parent: /^\s*readonly-community:\s*$/ },
    ],
  },
  configure: { commit: ['nv config apply --assume-yes'] },
  getters: linux.getters,
  detect: { command: 'nv --version', pattern: /^\d+\.\d+/m, priority: 12 },
};
