import { describe, expect, it } from 'vitest';
import { runCommands } from './operations.ts';
import { platformByName } from './platforms/index.ts';
import { Session } from './session.ts';
import { ReplayChannel } from './testing/replay.ts';

/**
 * Some devices (and emulators) print the prompt straight after the last line of output, with no
 * line break before it. The session must still see the prompt, and keep the text before it.
 */
describe('a prompt glued to the output before it', () => {
  it('ends the command, and the output keeps its last line without the prompt', async () => {
    const channel = new ReplayChannel(
      {
        initPrompt: 'edge-1#',
        entries: [['show clock\n', 'show clock\r\n*10:22:41.123 UTC Wed Dec 2 2026edge-1#']],
      },
      { unknown: () => '' },
    );
    const session = await Session.open(channel, { platform: platformByName('cisco_ios')!, timeoutMs: 1500 });
    try {
      const [result] = await runCommands(session, ['show clock']);
      expect(result!.output).toBe('*10:22:41.123 UTC Wed Dec 2 2026');
      expect(result!.error).toBeUndefined();
    } finally {
      session.close();
    }
  });

  it('does not take a line that only mentions the host for a prompt', async () => {
    const channel = new ReplayChannel(
      {
        initPrompt: 'edge-1#',
        entries: [
          ['show run | include hostname\n', 'show run | include hostname\r\nhostname edge-1\r\nedge-1#'],
        ],
      },
      { unknown: () => '' },
    );
    const session = await Session.open(channel, { platform: platformByName('cisco_ios')!, timeoutMs: 1500 });
    try {
      const [result] = await runCommands(session, ['show run | include hostname']);
      expect(result!.output).toBe('hostname edge-1');
    } finally {
      session.close();
    }
  });
});

describe('the commands a session runs when it opens', () => {
  it('goes on without one the device never answers, from the next prompt', async () => {
    const channel = new ReplayChannel(
      {
        initPrompt: 'edge-1#',
        // An emulator that swallows "terminal width 0": no echo, no prompt.
        entries: [
          ['terminal width 0\n', ''],
          ['show clock\n', 'show clock\r\n*10:22:41.123 UTC Wed Dec 2 2026\r\nedge-1#'],
        ],
      },
      { unknown: () => '' },
    );
    const session = await Session.open(channel, { platform: platformByName('cisco_ios')!, timeoutMs: 300 });
    try {
      expect(session.openWarnings).toEqual(['"terminal width 0" not answered; went on without it']);
      const [result] = await runCommands(session, ['show clock']);
      expect(result!.output).toBe('*10:22:41.123 UTC Wed Dec 2 2026');
    } finally {
      session.close();
    }
  });
});
