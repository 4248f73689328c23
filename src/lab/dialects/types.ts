import type { LabDevice } from '../model.ts';

/** What one simulated CLI session knows: where the user is and what they have typed so far. */
export type CliState = {
  device: LabDevice;
  mode: string;
  /** The configuration block being edited ("interface Ethernet1"), Cisco style. */
  context: string | null;
  /** A block inside it ("neighbor 10.0.0.1" under "router bgp 65000", NX-OS style). */
  sub?: string | null;
  paging: boolean;
  /** Uncommitted changes, on platforms with a candidate (Junos, EOS sessions). */
  candidate: string[] | null;
  /** Name of the EOS configuration session being edited. */
  sessionName: string | null;
};

export type Reply = {
  output: string;
  /** Ask for a line without echo (a password), then continue with `onAnswer`. */
  ask?: { prompt: string; onAnswer: (answer: string) => Reply };
  /**
   * Take what is typed next as text, up to a line holding only `end` (Junos "load … terminal"
   * ends at Ctrl-D), then continue with `onInput`. No prompt is shown meanwhile.
   */
  collect?: { end: string; onInput: (text: string) => Reply };
  /** End the session after the output (exit, logout). */
  close?: boolean;
};

/** A platform's command line, simulated: its banner, prompts, pager and commands. */
export type Dialect = {
  banner: (device: LabDevice) => string;
  initialMode: string;
  prompt: (state: CliState) => string;
  /** Shown when output fills a page and paging is on; the engine waits for a key. */
  pagerPrompt: string;
  /** Lines per page while paging is on. */
  pageLines: number;
  handle: (state: CliState, line: string) => Reply;
};
