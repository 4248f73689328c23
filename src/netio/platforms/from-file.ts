/**
 * Platforms without code: a YAML or JSON file holding the same tables a platform file holds
 * (modes and prompts, edges, paging, errors, the backup and its cleaning, configuration, a
 * detection probe), patterns written as strings. Users add the device types webnet lacks this
 * way: backups, commands and configuration work at once; getters need parsers, which a file
 * cannot hold. A file with a mistake is refused whole, with the file, the line and the field.
 */
import fs from 'node:fs';
import path from 'node:path';
import { isMap, LineCounter, parseDocument } from 'yaml';
import { z } from 'zod';
import type { Platform } from './types.ts';

const pattern = z.string().transform((source, ctx) => {
  try {
    return new RegExp(source);
  } catch (err) {
    ctx.addIssue({ code: 'custom', message: `not a regular expression: ${(err as Error).message}` });
    return z.NEVER;
  }
});

const secretPattern = pattern.refine((re) => re.source.includes('(?<secret>'), {
  message: 'must mark the secret with a (?<secret>…) group',
});

const commands = z.array(z.string().min(1));
const answers = z
  .array(z.strictObject({ prompt: pattern, answer: z.string() }))
  .optional()
  .describe('answer "secret" or "password" for the stored ones, or a literal text');

const platformFile = z
  .strictObject({
    name: z
      .string()
      .regex(/^[a-z][a-z0-9_]{1,62}$/, 'lower-case letters, digits and "_", starting with a letter'),
    description: z.string().min(1),
    vendor: z.string().min(1),
    modes: z.record(z.string(), z.strictObject({ prompt: pattern })),
    channel: z.literal('exec').optional().describe('"exec": no shell, each command its own exec request'),
    edges: z
      .array(
        z.strictObject({
          from: z.string(),
          to: z.string(),
          command: z.string().min(1),
          expect: answers,
        }),
      )
      .default([]),
    commandMode: z.string(),
    configMode: z.string().optional(),
    onOpen: commands.default([]),
    pager: z.array(z.strictObject({ prompt: pattern, answer: z.string() })).default([]),
    errors: z.array(pattern).default([]),
    backup: z
      .strictObject({
        commands: commands.default([]),
        files: z.array(z.string().regex(/^\/?[\w.][\w./-]*$/, 'a plain path')).optional(),
        expect: answers,
        json: z.strictObject({ drop: z.array(z.array(z.string().min(1)).min(1)).optional() }).optional(),
        drop: z.array(pattern).default([]),
        dropBlocks: z.array(z.strictObject({ from: pattern, to: pattern })).optional(),
        rewrite: z.array(z.strictObject({ pattern, replacement: z.string() })).optional(),
        insignificant: z.array(pattern).default([]),
        redact: z
          .array(
            z.strictObject({
              pattern: secretPattern,
              within: pattern.optional(),
              until: pattern.optional(),
              parent: pattern.optional(),
            }),
          )
          .default([]),
      })
      .refine((b) => b.commands.length + (b.files?.length ?? 0) > 0, {
        message: 'at least one command or file',
        path: ['commands'],
      }),
    configure: z.strictObject({ commit: commands.optional(), save: commands.optional() }).optional(),
    textfsm: z
      .string()
      .regex(/^[a-z][a-z0-9_]*$/, 'an ntc-templates platform name, e.g. cisco_ios')
      .optional()
      .describe('the ntc-templates platform whose templates read its show commands (default: name)'),
    detect: z
      .strictObject({ command: z.string().min(1), pattern, priority: z.number().int().optional() })
      .optional(),
  })
  .superRefine((p, ctx) => {
    const known = (mode: string, where: (string | number)[]) => {
      if (!Object.hasOwn(p.modes, mode))
        ctx.addIssue({ code: 'custom', path: where, message: `no mode "${mode}" in modes` });
    };
    known(p.commandMode, ['commandMode']);
    if (p.configMode) known(p.configMode, ['configMode']);
    p.edges.forEach((e, i) => {
      known(e.from, ['edges', i, 'from']);
      known(e.to, ['edges', i, 'to']);
    });
  });

export type PlatformFileError = { file: string; line?: number | undefined; message: string };

/** One platform file's text as a platform, or why not (its line and field). */
export function platformFromText(
  file: string,
  text: string,
): { platform: Platform } | { error: PlatformFileError } {
  const lines = new LineCounter();
  // YAML reads JSON too.
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  const [syntax] = doc.errors;
  if (syntax)
    return {
      error: { file, line: lines.linePos(syntax.pos[0]).line, message: syntax.message.split('\n')[0]! },
    };
  if (!isMap(doc.contents)) return { error: { file, line: 1, message: 'a platform file is a mapping' } };
  const parsed = platformFile.safeParse(doc.toJS());
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const at = issue.path.filter((k): k is string | number => typeof k !== 'symbol');
    let line: number | undefined;
    for (let p = at; line === undefined; p = p.slice(0, -1)) {
      const range = (doc.getIn(p, true) as { range?: [number, number, number] } | undefined)?.range;
      if (range) line = lines.linePos(range[0]).line;
      if (p.length === 0) break;
    }
    const field = at.length ? `${at.join('.')}: ` : '';
    return { error: { file, line, message: `${field}${issue.message}` } };
  }
  return { platform: { ...parsed.data, getters: {} } };
}

/** Every platform file (*.yml, *.yaml, *.json) in a folder: the platforms, and the files refused. */
export function loadPlatformDir(dir: string): {
  platforms: { platform: Platform; file: string }[];
  errors: PlatformFileError[];
} {
  const platforms: { platform: Platform; file: string }[] = [];
  const errors: PlatformFileError[] = [];
  let names: string[];
  try {
    names = fs.readdirSync(dir).filter((f) => /\.(?:ya?ml|json)$/i.test(f));
  } catch (err) {
    return {
      platforms,
      errors: [{ file: dir, message: `cannot read the folder: ${(err as Error).message}` }],
    };
  }
  for (const name of names.sort()) {
    const result = platformFromText(name, fs.readFileSync(path.join(dir, name), 'utf8'));
    if ('error' in result) errors.push(result.error);
    else platforms.push({ platform: result.platform, file: name });
  }
  return { platforms, errors };
}
