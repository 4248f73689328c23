import { NetioError } from './errors.ts';
import { allPlatforms } from './platforms/index.ts';
import type { Platform } from './platforms/types.ts';
import { Session } from './session.ts';
import { openShell, type SshTarget } from './ssh.ts';

/**
 * A platform that knows nothing but "a line ending in >, #, $ or %": enough to send the probe
 * commands of the real platforms and read their answers.
 */
export const GENERIC: Platform = {
  name: 'generic',
  description: 'Any command line (used to detect the platform)',
  vendor: '',
  modes: { any: { prompt: /^\s*(?:\{\w+(?::\w+)?\}\s*)?\[?(?<host>[\w.\-@:/~()[\] ]{1,80}?)\]?[>#$%]\s*$/ } },
  edges: [],
  commandMode: 'any',
  onOpen: [],
  pager: [
    { prompt: /^\s*-+ ?More ?-+.*$/, answer: ' ' },
    { prompt: /^---\(more(?: \d+%)?\)---\s*$/, answer: ' ' },
  ],
  errors: [/^% /, /^error: /, /command not found/, /^syntax error/, /^unknown command/],
  backup: { commands: [], drop: [], insignificant: [], redact: [] },
  getters: {},
};

/** Probes in priority order (most specific first): the first whose pattern matches names the platform. */
export async function detectPlatformOn(session: Session): Promise<string> {
  return detectBy(async (command) => (await session.run(command)).output);
}

/** The probes against `run`, which answers a command with the device's output; each command runs once. */
export async function detectBy(run: (command: string) => Promise<string>): Promise<string> {
  const probes = allPlatforms()
    .map((p) => p.platform)
    .filter((p) => p.detect)
    .sort((a, b) => (b.detect!.priority ?? 0) - (a.detect!.priority ?? 0));
  const answers = new Map<string, string>();
  for (const platform of probes) {
    const { command, pattern } = platform.detect!;
    let output = answers.get(command);
    if (output === undefined) {
      output = await run(command);
      answers.set(command, output);
    }
    if (pattern.test(output)) return platform.name;
  }
  throw new NetioError('unsupported', 'no known platform answered the probes');
}

export async function detectPlatform(target: SshTarget & { commandTimeoutMs?: number }): Promise<string> {
  const shell = await openShell(target);
  try {
    const session = await Session.open(shell.channel, {
      platform: GENERIC,
      password: target.password,
      timeoutMs: target.commandTimeoutMs ?? 15_000,
      signal: target.signal,
    });
    return await detectPlatformOn(session);
  } finally {
    shell.close();
  }
}
