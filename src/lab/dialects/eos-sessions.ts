import type { LabDevice } from '../model.ts';
import { runningHeader } from './cisco-shows.ts';
import { afterCommit, restoreManagement } from './management.ts';
import type { CliState, Reply } from './types.ts';

/**
 * EOS configuration sessions: "configure session NAME" edits a copy of the running config;
 * "commit" applies it, "commit timer hh:mm:ss" applies it and reverts unless
 * "configure session NAME commit" confirms in time, "abort" drops it. Checkpoints save and
 * restore whole configurations ("configure checkpoint save", "configure replace checkpoint:").
 */
type Pending = { name: string; previous: string[]; timer: NodeJS.Timeout };
type EosState = {
  sessions: Map<string, string[]>;
  pending: Pending | null;
  checkpoints: Map<string, string[]>;
};
const states = new WeakMap<LabDevice, EosState>();
const stateOf = (d: LabDevice): EosState => {
  let s = states.get(d);
  if (!s) {
    s = { sessions: new Map(), pending: null, checkpoints: new Map() };
    states.set(d, s);
  }
  return s;
};

/** Real timers count seconds; tests shorten the second. */
export const eosClock = { secondMs: 1000 };

function apply(d: LabDevice, lines: string[]): void {
  d.running = [...lines];
  d.changedAt = Date.now();
  const host = d.running.find((l) => l.startsWith('hostname '));
  if (host) d.hostname = host.slice(9);
}

function confirm(d: LabDevice): void {
  const eos = stateOf(d);
  if (eos.pending) clearTimeout(eos.pending.timer);
  eos.pending = null;
}

/** Exec-mode commands of EOS sessions and checkpoints; undefined when the command is not one of them. */
export function eosExec(state: CliState, command: string): Reply | undefined {
  const d = state.device;
  const eos = stateOf(d);
  const session = /^configure session (\S+)(?: (commit|abort))?$/.exec(command);
  if (session) {
    const name = session[1]!;
    if (session[2]) {
      const pending = eos.pending;
      if (pending?.name !== name) return { output: `% No pending commit timer for session ${name}\n` };
      confirm(d);
      // Aborting a session whose commit timer runs puts back the configuration from before it.
      if (session[2] === 'abort') apply(d, pending.previous);
      return { output: '' };
    }
    state.mode = 'config';
    state.context = null;
    state.sub = null;
    state.sessionName = name;
    state.candidate = eos.sessions.get(name) ?? [...d.running];
    eos.sessions.set(name, state.candidate);
    return { output: '' };
  }
  const save = /^configure checkpoint save (\S+)$/.exec(command);
  if (save) {
    eos.checkpoints.set(save[1]!, [...d.running]);
    return { output: '' };
  }
  const replace = /^configure replace checkpoint:(\S+)$/.exec(command);
  if (replace) {
    const saved = eos.checkpoints.get(replace[1]!);
    if (!saved) return { output: `% Error: checkpoint ${replace[1]} not found\n` };
    apply(d, saved);
    return { output: '' };
  }
  if (command === 'show configuration checkpoints') return { output: [...eos.checkpoints.keys()].join('\n') };
  return undefined;
}

/** Commands inside a configuration session; undefined when the line is configuration. */
export function eosSessionCommand(state: CliState, command: string): Reply | undefined {
  const d = state.device;
  const name = state.sessionName;
  if (!name || !state.candidate) return undefined;
  const eos = stateOf(d);
  const leave = () => {
    eos.sessions.delete(name);
    state.mode = 'privileged';
    state.context = null;
    state.sub = null;
    state.candidate = null;
    state.sessionName = null;
  };
  if (command === 'show session-config diffs') {
    const removed = d.running.filter((l) => !state.candidate!.includes(l)).map((l) => `-${l}`);
    const added = state.candidate.filter((l) => !d.running.includes(l)).map((l) => `+${l}`);
    return { output: [...removed, ...added].join('\n') };
  }
  if (command === 'show session-config') {
    // Printed as "show running-config" prints the running config.
    const body = `${state.candidate.join('\n')}\nend\n`;
    return { output: runningHeader(d, 'arista_eos', body) + body };
  }
  if (command === 'abort') {
    leave();
    return { output: '' };
  }
  if (command === 'commit') {
    confirm(d);
    apply(d, state.candidate);
    leave();
    return { output: '' };
  }
  const timer = /^commit timer (\d+):(\d+):(\d+)$/.exec(command);
  if (timer) {
    const seconds = Number(timer[1]) * 3600 + Number(timer[2]) * 60 + Number(timer[3]);
    const previous = [...d.running];
    confirm(d);
    apply(d, state.candidate);
    const handle = setTimeout(() => {
      // Not confirmed in time: EOS restores the configuration from before the commit.
      eos.pending = null;
      restoreManagement(d);
      apply(d, previous);
    }, seconds * eosClock.secondMs);
    handle.unref();
    eos.pending = { name, previous, timer: handle };
    leave();
    return afterCommit(d, previous, { output: '' });
  }
  return undefined;
}
