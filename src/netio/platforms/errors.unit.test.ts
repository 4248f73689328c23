import { describe, expect, it } from 'vitest';
import { platformByName } from './index.ts';

/**
 * Each vendor's ways of refusing a command, as their devices print them: unknown or incomplete
 * commands, commands the user is not allowed (local privilege and TACACS+ authorization), and
 * commands the hardware lacks. A refusal missed here reads as output, and a push as applied.
 */
const refusals: Record<string, string[]> = {
  cisco_ios: [
    "% Invalid input detected at '^' marker.",
    '% Incomplete command.',
    '% Ambiguous command:  "sh int"',
    '% Unrecognized command',
    'Command authorization failed.',
    '% Authorization failed.',
    '% Permission denied',
    '% Access denied',
  ],
  cisco_nxos: [
    "% Invalid command at '^' marker.",
    '% Permission denied for the role',
    "% Incomplete command at '^' marker.",
  ],
  arista_eos: [
    '% Invalid input',
    '% Unavailable command (not supported on this hardware platform)',
    "% Authorization denied for command 'configure'",
    '% Incomplete command',
  ],
  cisco_iosxr: [
    "% Invalid input detected at '^' marker.",
    '% Failed to commit one or more configuration items',
  ],
  juniper_junos: [
    'error: permission denied',
    'syntax error, expecting <command>.',
    'unknown command.',
    'error: configuration check-out failed',
  ],
};

describe('command refusals, per vendor', () => {
  it.each(Object.entries(refusals).flatMap(([p, lines]) => lines.map((l) => [p, l] as const)))(
    '%s refuses with "%s"',
    (platform, line) => {
      const errors = platformByName(platform)!.errors;
      expect(errors.some((re) => re.test(line))).toBe(true);
    },
  );

  it.each([
    ['cisco_ios', 'GigabitEthernet0/1 is up, line protocol is up'],
    ['cisco_ios', '  Description: access denied for guests'],
    ['arista_eos', 'Ethernet1 is up, line protocol is up (connected)'],
    ['juniper_junos', 'Physical interface: ge-0/0/0, Enabled, Physical link is Up'],
  ])('%s does not take ordinary output for a refusal: "%s"', (platform, line) => {
    expect(platformByName(platform)!.errors.some((re) => re.test(line))).toBe(false);
  });
});
