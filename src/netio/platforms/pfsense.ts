import { opnsense } from './opnsense.ts';
import type { Platform } from './types.ts';

/**
 * pfSense firewalls, over their FreeBSD shell (a user with a shell, not the console menu): the
 * configuration is one XML file, with OPNsense's secret elements (both grew from m0n0wall).
 * What changes by itself goes: the revision note written on every save and the rule-update clock.
 */
export const pfsense: Platform = {
  ...opnsense,
  name: 'pfsense',
  description: 'pfSense (config.xml over the shell)',
  vendor: 'netgate',
  modes: {
    // pfSense's own "[2.7.2-RELEASE][admin@fw.example]/root: ", or a plain "user@host:~ #".
    shell: {
      prompt:
        /^\s*(?:\[[^\]]*\]\[(?<host>[\w.-]+@[\w.-]+)\]\S*:|(?<host>[\w.-]+@[\w.-]+)(?::[^\s#$%]*)? ?[#$%])\s*$/,
    },
  },
  backup: {
    ...opnsense.backup,
    commands: ['cat /cf/conf/config.xml'],
    drop: [/^\s*<last_rule_upd_time>\d*<\/last_rule_upd_time>\s*$/],
    dropBlocks: [{ from: /^\s*<revision>/, to: /<\/revision>/ }],
    insignificant: [/^\s*<lastchange>/],
  },
  detect: { command: 'cat /etc/version', pattern: /^\d+\.\d+(?:\.\d+)?-RELEASE/m, priority: 15 },
};
