import type { LabDevice } from '../model.ts';
import { restoreManagement } from './management.ts';
import type { CliState, Reply } from './types.ts';

/**
 * How Cisco-style devices go back to an earlier configuration: IOS copies the running config to
 * flash and "configure replace"s it; NX-OS takes named checkpoints and rolls back to them; IOS-XR
 * keeps its commits, reverts a "commit confirmed" unless a later commit confirms it, and
 * "rollback configuration last N" undoes commits.
 */
type Pending = { previous: string[]; timer: NodeJS.Timeout };
type Saved = {
  /** IOS flash files and NX-OS checkpoints, by name. */
  files: Map<string, string[]>;
  /** IOS-XR: the running config before each commit, newest first. */
  commits: string[][];
  pending: Pending | null;
};
const saved = new WeakMap<LabDevice, Saved>();
function savedOf(d: LabDevice): Saved {
  let s = saved.get(d);
  if (!s) {
    s = { files: new Map(), commits: [], pending: null };
    saved.set(d, s);
  }
  return s;
}

/** IOS-XR counts a confirm window in seconds; tests shorten the second. */
export const xrClock = { secondMs: 1000 };

function apply(d: LabDevice, lines: string[]): void {
  d.running = [...lines];
  d.changedAt = Date.now();
  const host = d.running.find((l) => l.startsWith('hostname '));
  if (host) d.hostname = host.slice(9);
}

/** Exec commands that save or restore whole configurations; undefined for anything else. */
export function rollbackExec(flavor: string, state: CliState, command: string): Reply | undefined {
  const d = state.device;
  const s = savedOf(d);
  const missing = (what: string) => ({ output: `%Error opening ${what} (No such file or directory)\n` });
  if (flavor === 'cisco_ios') {
    const copy = /^copy running-config flash:(\S+)$/.exec(command);
    if (copy)
      return {
        output: '',
        ask: {
          prompt: `Destination filename [${copy[1]}]? `,
          onAnswer: (answer) => {
            const lines = [...d.running];
            s.files.set(answer.trim() || copy[1]!, lines);
            return { output: `${lines.join('\n').length} bytes copied in 0.052 secs\n` };
          },
        },
      };
    const replace = /^configure replace flash:(\S+?)(?: force)?$/.exec(command);
    if (replace) {
      const file = s.files.get(replace[1]!);
      if (!file) return missing(`flash:${replace[1]}`);
      apply(d, file);
      return { output: 'Total number of passes: 1\nRollback Done\n' };
    }
    const del = /^delete \/force flash:(\S+)$/.exec(command);
    if (del) return s.files.delete(del[1]!) ? { output: '' } : missing(`flash:${del[1]}`);
  }
  if (flavor === 'cisco_nxos') {
    const take = /^checkpoint (\S+)$/.exec(command);
    if (take) {
      s.files.set(take[1]!, [...d.running]);
      return { output: 'Done\n' };
    }
    const back = /^rollback running-config checkpoint (\S+)$/.exec(command);
    if (back) {
      const file = s.files.get(back[1]!);
      if (!file) return { output: `% Error: checkpoint ${back[1]} does not exist\n` };
      apply(d, file);
      return {
        output: 'Collecting Running-Config\nGenerating Rollback Patch\nRollback completed successfully.\n',
      };
    }
    const drop = /^no checkpoint (\S+)$/.exec(command);
    if (drop)
      return s.files.delete(drop[1]!)
        ? { output: 'Done\n' }
        : { output: `% Error: checkpoint ${drop[1]} does not exist\n` };
  }
  if (flavor === 'cisco_iosxr') {
    const last = /^rollback configuration last (\d+)$/.exec(command);
    if (last) {
      const n = Number(last[1]);
      const before = s.commits[n - 1];
      if (!before) return { output: `% Error: there are only ${s.commits.length} commits to roll back\n` };
      settle(s);
      s.commits.splice(0, n);
      apply(d, before);
      return { output: 'Loading Rollback Changes.\nCommitting.\nUpdated Commit database\n' };
    }
  }
  return undefined;
}

function settle(s: Saved): void {
  if (s.pending) clearTimeout(s.pending.timer);
  s.pending = null;
}

/**
 * IOS-XR: commits the candidate, optionally as a trial that reverts after `confirmSeconds`.
 * A commit with nothing to commit while a trial is pending confirms it.
 */
export function xrCommit(state: CliState, confirmSeconds?: number): string {
  const d = state.device;
  const s = savedOf(d);
  const candidate = state.candidate ?? d.running;
  if (candidate.join('\n') === d.running.join('\n')) {
    if (s.pending) {
      settle(s);
      return '';
    }
    return '% No configuration changes to commit.\n';
  }
  settle(s);
  const previous = [...d.running];
  s.commits.unshift(previous);
  apply(d, candidate);
  state.candidate = [...d.running];
  if (confirmSeconds !== undefined) {
    const timer = setTimeout(() => {
      // Not confirmed in time: XR rolls the trial commit back.
      s.pending = null;
      s.commits.shift();
      restoreManagement(d);
      apply(d, previous);
    }, confirmSeconds * xrClock.secondMs);
    timer.unref();
    s.pending = { previous, timer };
  }
  return '';
}

/** IOS-XR "show commit changes diff": the candidate against the running config. */
export function xrChangesDiff(d: LabDevice, candidate: string[]): string {
  const removed = d.running.filter((l) => !candidate.includes(l)).map((l) => `- ${l}`);
  const added = candidate.filter((l) => !d.running.includes(l)).map((l) => `+ ${l}`);
  return `Building configuration...\n${[...removed, ...added].join('\n')}\nend\n`;
}
