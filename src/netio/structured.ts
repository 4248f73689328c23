import { NTC_TEMPLATES_DIR, type ParseResult, TemplateLibrary } from '../textfsm/index.ts';
import { platformByName } from './platforms/index.ts';
import type { Platform } from './platforms/types.ts';

/**
 * Structured output of show commands, as Netmiko's `use_textfsm=True` gives it: the command's
 * text read by the ntc-templates template that the index names for the platform and command.
 * Templates in the user's folder (WEBNET_TEMPLATES_DIR) come first: they extend the index and
 * override shipped templates of the same file name.
 */
let library = new TemplateLibrary([NTC_TEMPLATES_DIR]);

/** Uses `dir` (or none) before the shipped templates; returns the library for its problems. */
export function setTemplateDir(dir: string | undefined): TemplateLibrary {
  library = new TemplateLibrary(dir ? [dir, NTC_TEMPLATES_DIR] : [NTC_TEMPLATES_DIR]);
  return library;
}

export const templateLibrary = (): TemplateLibrary => library;

/** ntc-templates' name for a platform: its own `textfsm` name, or its name; unknown names pass as they are. */
export function textfsmPlatform(platform: Platform | string): string {
  const p = typeof platform === 'string' ? platformByName(platform) : platform;
  return p ? (p.textfsm ?? p.name) : (platform as string);
}

/** Parses a command's output into records; never throws for the template or the text. */
export function parse(platform: Platform | string, command: string, text: string): ParseResult {
  try {
    return library.parse(textfsmPlatform(platform), command, text);
  } catch (err) {
    // A template can still fail in a way no rule foresaw (a regex the engine throws on at run
    // time): the command keeps its text and says why, and the job goes on.
    return { ok: false, reason: 'parse-error', message: `parsing failed: ${(err as Error).message}` };
  }
}
