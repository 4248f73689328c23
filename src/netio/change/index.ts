/**
 * Changing a device safely: preview a change the device's own way (or compute it where the
 * device has no candidate), commit it so that it reverts unless confirmed, confirm or revert it.
 * What a platform needs for each step is data (`Platform.change`); this module only runs it.
 *
 * A change is pushed whole or not at all: a line the device rejects stops the push and, where a
 * candidate holds it, nothing reaches the running config; without a candidate the caller reverts
 * to the rollback point saved first.
 */
import { cleanConfig, REDACTED, restoreSecrets, secretsIn, UnknownSecretError } from '../clean/index.ts';
import { NetioError } from '../errors.ts';
import { backup } from '../operations.ts';
import type { ChangeRules, Platform, PromptAnswer } from '../platforms/types.ts';
import type { Session } from '../session.ts';
import { linesToReach, mergeConfig } from './computed.ts';

export { linesToReach, mergeConfig } from './computed.ts';

export type ChangeMethod = 'candidate' | 'computed';

export type ChangeInput = {
  /** Configuration lines in the device's own syntax, indented as in its running config. */
  lines: string[];
  /** Names the candidate session and rollback point: letters, digits, "-" and "_". */
  name: string;
  redactionKey?: Uint8Array | undefined;
  /**
   * The lines are a whole configuration that takes the candidate's place (only where the
   * platform `loadsWhole`); its secret markers are filled from the device's running config.
   */
  whole?: boolean;
};

export type Preview = {
  method: ChangeMethod;
  /** The running config just read, as a backup stores it. */
  running: { config: string; hash: string };
  /** What the running config becomes, cleaned and redacted the same way. */
  candidate: { config: string; hash: string };
  /** The device's own diff (Junos "show | compare", EOS session diffs), where it has one. */
  deviceDiff: string | null;
  /** The change alters nothing significant. */
  noop: boolean;
};

/** How a committed change is confirmed or reverted: the device's timer, or a saved copy. */
export type CommitMethod = 'confirmed-commit' | 'rollback-point';

/** How `commitChange` will make a change on this platform revert unless confirmed. */
export const commitMethodOf = (platform: Platform): CommitMethod =>
  platform.change?.candidate ? 'confirmed-commit' : 'rollback-point';

const NAME = /^[A-Za-z0-9_-]{1,40}$/;

function rulesOf(session: Session): ChangeRules {
  const rules = session.platform.change;
  if (!rules || !session.platform.configMode)
    throw new NetioError('unsupported', `webnet cannot change ${session.platform.name} devices`);
  return rules;
}

function fill(command: string, name: string, confirmSeconds = 0): string {
  const hms = [confirmSeconds / 3600, (confirmSeconds % 3600) / 60, confirmSeconds % 60]
    .map((n) => String(Math.floor(n)).padStart(2, '0'))
    .join(':');
  return command
    .replaceAll('{name}', name)
    .replaceAll('{seconds}', String(confirmSeconds))
    .replaceAll('{minutes}', String(Math.max(1, Math.ceil(confirmSeconds / 60))))
    .replaceAll('{hms}', hms);
}

/** Runs a command that must succeed; the device's complaint becomes the error. */
async function must(session: Session, command: string, prompts?: PromptAnswer[]): Promise<string> {
  const result = await session.run(command, prompts);
  if (result.error)
    throw new NetioError('command_error', `"${command}": ${result.error}`, { output: result.output });
  return result.output;
}

async function runAll(session: Session, commands: string[], name: string, seconds?: number) {
  const prompts = session.platform.change?.prompts;
  for (const c of commands) await must(session, fill(c, name, seconds), prompts);
}

function checkName(name: string): void {
  if (!NAME.test(name)) throw new NetioError('unsupported', `"${name}" is not a change name`);
}

/** The configuration lines to send: blank and structural-only lines carry nothing. */
const sendable = (lines: string[]) => lines.filter((l) => l.trim() !== '');

/** A configuration line that renames the device: its prompt changes, so it goes on its own. */
const RENAME = /^\s*(?:set system )?host-?name\s+\S/i;

/** Lines per paste: bounded so a device's input buffer is never asked to hold a whole config. */
const PASTE = 50;

/**
 * Sends the lines into the open candidate or configuration mode; the first rejected line stops it.
 * Indentation is the hierarchy, as in the running config: going back out of a block sends "exit",
 * so a global line after "interface X" lands globally on every device (IOS would otherwise try
 * it in the interface first). Lines go as pastes of up to PASTE lines, one round trip each
 * (a rejected line may be followed by the rest of its paste: the caller discards the candidate
 * or reverts to the rollback point either way).
 */
async function sendLines(session: Session, lines: string[]): Promise<void> {
  const list = sendable(lines);
  const commands: string[] = [];
  const open: number[] = [];
  for (const [i, line] of list.entries()) {
    const depth = line.length - line.trimStart().length;
    while (open.length > 0 && open.at(-1)! >= depth) {
      open.pop();
      commands.push('exit');
    }
    const next = list[i + 1];
    if (next !== undefined && next.length - next.trimStart().length > depth) open.push(depth);
    commands.push(line.trim());
  }
  for (let at = 0; at < commands.length; ) {
    const rename = commands.findIndex((c, i) => i >= at && RENAME.test(c));
    const end = Math.min(at + PASTE, rename === at ? at + 1 : rename === -1 ? commands.length : rename);
    const batch = commands.slice(at, end);
    const results = rename === at ? [await session.run(batch[0]!)] : await session.runPipelined(batch);
    const rejected = results.find((r) => r.error);
    if (rejected)
      throw new NetioError(
        'command_error',
        rejected.command === 'exit'
          ? `the device did not leave a block: ${rejected.error}`
          : `the device rejected "${rejected.command}": ${rejected.error}`,
        { output: rejected.output },
      );
    at = end;
  }
}

/** The platform replaces its candidate with a whole configuration natively (Junos "load override"). */
export const loadsWhole = (platform: Platform) => platform.change?.candidate?.replace !== undefined;

/**
 * Loads a whole configuration into the open candidate, its secrets restored from the running
 * config. The device echoes what it is given: only its own lines are kept for an error, never
 * the text (which now holds secrets).
 */
async function loadWhole(session: Session, input: ChangeInput, running: string): Promise<void> {
  const replace = rulesOf(session).candidate?.replace;
  if (!replace)
    throw new NetioError('unsupported', `${session.platform.name} cannot load a whole configuration`);
  let text: string;
  try {
    text = restoreSecrets(
      input.lines.join('\n'),
      running,
      session.platform.backup.redact,
      input.redactionKey,
    );
  } catch (err) {
    if (err instanceof UnknownSecretError) throw new NetioError('unsupported', err.message);
    throw err;
  }
  const result = await session.runWithInput(replace.command, text, replace.end);
  if (!replace.loaded.test(result.output)) {
    const sent = new Set(text.split('\n').map((l) => l.trim()));
    const said = result.output
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l !== '' && !sent.has(l));
    throw new NetioError('command_error', `the device did not load the configuration: ${said.join(' / ')}`);
  }
  await keepSecrets(session, replace.statements, secretsIn(running, session.platform.backup.redact));
}

/**
 * Sets again each secret statement of the running config whose place the loaded text left
 * empty: the statement up to its secret (`set system root-authentication encrypted-password`)
 * is nowhere in the candidate. A text stating that place with another value keeps its value.
 */
async function keepSecrets(
  session: Session,
  commands: { running: string; candidate: string },
  secrets: string[],
): Promise<void> {
  if (secrets.length === 0) return;
  const statements = async (command: string) =>
    (await must(session, command)).split('\n').filter((l) => l.startsWith('set '));
  const candidate = await statements(commands.candidate);
  for (const statement of await statements(commands.running)) {
    const secret = secrets.find((s) => statement.includes(s));
    if (!secret) continue;
    const place = statement.slice(0, statement.indexOf(secret));
    if (candidate.some((c) => c.startsWith(place))) continue;
    // The statement holds the secret in clear: an error names only its place.
    const result = await session.run(statement);
    if (result.error)
      throw new NetioError('command_error', `keeping the secret at "${place.trim()}": ${result.error}`);
  }
}

/** Opens the candidate, runs `inside`, and always discards the candidate again. */
async function inCandidate<T>(
  session: Session,
  input: ChangeInput,
  inside: (rules: NonNullable<ChangeRules['candidate']>) => Promise<T>,
): Promise<T> {
  const candidate = rulesOf(session).candidate!;
  await session.enterMode(session.platform.commandMode);
  await runAll(session, candidate.open, input.name);
  try {
    return await inside(candidate);
  } finally {
    await runAll(session, candidate.discard, input.name).catch(() => undefined);
    await session.enterMode(session.platform.commandMode).catch(() => undefined);
  }
}

/**
 * Previews a change without applying it: in the device's candidate where it has one (which is
 * then discarded), else computed here against a fresh running config.
 */
export async function previewChange(session: Session, input: ChangeInput): Promise<Preview> {
  checkName(input.name);
  const rules = rulesOf(session);
  const running = await backup(session, { redactionKey: input.redactionKey });
  const clean = (text: string) => {
    const b = session.platform.backup;
    return cleanConfig(b.unwrap ? text.replace(b.unwrap, '') : text, b, input.redactionKey);
  };
  let method: ChangeMethod;
  let candidateText: string;
  let deviceDiff: string | null = null;
  if (rules.candidate) {
    method = 'candidate';
    [deviceDiff, candidateText] = await inCandidate(session, input, async (candidate) => {
      if (input.whole) await loadWhole(session, input, running.unredacted);
      else await sendLines(session, input.lines);
      return [await must(session, candidate.compare), await must(session, candidate.show)];
    });
  } else {
    method = 'computed';
    candidateText = mergeConfig(running.unredacted, sendable(input.lines), rules);
  }
  const candidate = clean(candidateText);
  return {
    method,
    running: { config: running.config, hash: running.hash },
    candidate: { config: candidate.config, hash: candidate.hash },
    deviceDiff,
    noop: candidate.hash === running.hash,
  };
}

/**
 * Applies a change so that it reverts unless `confirmChange` follows: the device's own
 * confirmed commit where it has a candidate, else after saving a rollback point on the device.
 * Without a candidate a rejected line leaves what came before it applied: the caller must then
 * `revertChange` (the error says so).
 */
export async function commitChange(
  session: Session,
  input: ChangeInput & { confirmSeconds: number },
): Promise<CommitMethod> {
  checkName(input.name);
  const rules = rulesOf(session);
  if (rules.candidate) {
    const candidate = rules.candidate;
    // The secrets a whole configuration needs are the device's own, read just before.
    const running = input.whole
      ? (await backup(session, { redactionKey: input.redactionKey })).unredacted
      : '';
    await session.enterMode(session.platform.commandMode);
    await runAll(session, candidate.open, input.name);
    try {
      if (input.whole) await loadWhole(session, input, running);
      else await sendLines(session, input.lines);
    } catch (err) {
      await runAll(session, candidate.discard, input.name).catch(() => undefined);
      throw err;
    }
    await runAll(session, [candidate.commitConfirmed], input.name, input.confirmSeconds);
    await session.enterMode(session.platform.commandMode);
    return 'confirmed-commit';
  }
  if (!rules.rollbackPoint)
    throw new NetioError('unsupported', `${session.platform.name} has no way to revert a change`);
  await session.enterMode(session.platform.commandMode);
  await runAll(session, rules.rollbackPoint.save, input.name);
  await session.enterMode(session.platform.configMode!);
  try {
    await sendLines(session, input.lines);
  } finally {
    await session.enterMode(session.platform.commandMode).catch(() => undefined);
  }
  return 'rollback-point';
}

/** Makes a committed change permanent (and saves it where the device keeps a startup config). */
export async function confirmChange(session: Session, input: { name: string }): Promise<void> {
  checkName(input.name);
  const rules = rulesOf(session);
  await session.enterMode(session.platform.commandMode);
  if (rules.candidate) await runAll(session, rules.candidate.confirm, input.name);
  else await runAll(session, rules.rollbackPoint?.remove ?? [], input.name);
  await session.enterMode(session.platform.commandMode);
  for (const command of session.platform.configure?.save ?? []) await must(session, command);
}

/** Undoes a committed, unconfirmed change now: the running config is what it was before it. */
export async function revertChange(session: Session, input: { name: string }): Promise<void> {
  checkName(input.name);
  const rules = rulesOf(session);
  await session.enterMode(session.platform.commandMode);
  if (rules.candidate) await runAll(session, rules.candidate.revert, input.name);
  else {
    await runAll(session, rules.rollbackPoint?.restore ?? [], input.name);
    await runAll(session, rules.rollbackPoint?.remove ?? [], input.name);
  }
  await session.enterMode(session.platform.commandMode);
}

/**
 * The lines that take the device's running config back to `target` (a stored snapshot, cleaned
 * and redacted with the same key), computed against a fresh read of it. Secret lines are left as
 * they are on the device: a snapshot holds only their markers.
 */
export async function linesToSnapshot(
  session: Session,
  target: string,
  redactionKey?: Uint8Array,
): Promise<string[]> {
  const rules = rulesOf(session);
  if (!rules.inverse)
    throw new NetioError(
      'unsupported',
      `webnet cannot yet roll ${session.platform.name} devices back to a snapshot`,
    );
  const running = await backup(session, { redactionKey });
  return linesToReach(running.config, target, { ...rules, secret: REDACTED.slice(0, -1) });
}

/**
 * A replace computed as lines: what takes the running config to `target`, a whole configuration
 * in the device's own running-config form (cleaned the way a backup is first, so headers and
 * volatile lines do not count). Secret lines of the running config are left alone unless the
 * target states them again; a target that omits a secret line does not remove it.
 */
export async function linesToConfig(
  session: Session,
  target: string,
  redactionKey?: Uint8Array,
): Promise<string[]> {
  const rules = rulesOf(session);
  if (!rules.inverse)
    throw new NetioError('unsupported', `replace is not available for ${session.platform.name} devices yet`);
  const b = session.platform.backup;
  const cleaned = cleanConfig(b.unwrap ? target.replace(b.unwrap, '') : target, b, redactionKey);
  const running = await backup(session, { redactionKey });
  return linesToReach(running.config, cleaned.unredacted(), { ...rules, secret: REDACTED.slice(0, -1) });
}
