import { z } from 'zod';
import { parse, redact, runCommands } from '../../netio/index.ts';
import { label } from '../../platform/http/schemas.ts';
import { defineJob } from './contract.ts';
import { onDevice } from './device-target.ts';

/** Output beyond this per command is cut (a `show tech` can run to megabytes). */
const MAX_OUTPUT = 512 * 1024;

export const runCommandsPayload = z.strictObject({
  commands: z.array(label(1000).min(1)).min(1).max(100).describe('run in order in command (exec) mode'),
  parse: z
    .boolean()
    .default(false)
    .describe("also read each answer into records with the platform's TextFSM template (ntc-templates)"),
});

/** A parsed cell: text, or a TextFSM List value's items. */
export const parsedCell = z.union([z.string(), z.array(z.string())]);

export const parsedOutput = z.object({
  template: z.string().describe('the TextFSM template(s) that read it'),
  columns: z.array(z.string()).describe("the template's values, lower-cased, in its order"),
  records: z.array(z.record(z.string(), parsedCell)),
});

export const runCommandsOutput = z.array(
  z.object({
    command: z.string(),
    output: z.string().describe("the device's answer, secrets redacted"),
    error: z.string().nullable().describe('why the device rejected the command'),
    parsed: parsedOutput.nullable().optional().describe('with parse: the records read from the output'),
    parse_error: z
      .string()
      .nullable()
      .optional()
      .describe('with parse: why there are no records (no template for the command, a template error)'),
  }),
);

type CommandOutput = z.infer<typeof runCommandsOutput>[number];

/**
 * Reads the stored (redacted, cut) text, so records never hold a secret the text hides. A
 * missing template or a broken one is said per command; the text stays either way.
 */
function withRecords(platform: string, r: CommandOutput): CommandOutput {
  if (r.error) return { ...r, parsed: null, parse_error: 'not parsed: the device rejected the command' };
  const result = parse(platform, r.command, r.output);
  if (!result.ok) return { ...r, parsed: null, parse_error: result.message };
  return {
    ...r,
    parsed: { template: result.template, columns: result.header, records: result.records },
    parse_error: null,
  };
}

export const runCommandsJob = defineJob({
  type: 'run_commands',
  description: 'Run show commands; each answer is kept, with secrets redacted as in backups',
  payload: runCommandsPayload,
  output: runCommandsOutput,
  needsCredential: true,
  run: (device, payload, ctx) =>
    onDevice(device, ctx, async (session, hostKey) => {
      // Output is stored and shown to viewers: the platform's secrets are redacted exactly as in
      // backups (a `show running-config` here must not reveal what a backup hides).
      const rules = session.platform.backup.redact;
      const results = (await runCommands(session, payload.commands)).map((r): CommandOutput => {
        const output = redact(r.output, rules, ctx.redactionKey);
        const stored = {
          command: r.command,
          output: output.length > MAX_OUTPUT ? `${output.slice(0, MAX_OUTPUT)}\n[… cut at 512 KiB]` : output,
          error: r.error ?? null,
        };
        return payload.parse
          ? withRecords(session.platform.textfsm ?? session.platform.name, stored)
          : stored;
      });
      const rejected = results.filter((r) => r.error);
      const n = results.length;
      return {
        summary: `${n} command${n === 1 ? '' : 's'}${rejected.length ? `, ${rejected.length} rejected` : ''}`,
        output: results,
        hostKey,
        // The outputs are kept either way; a rejected command makes the device count as failed.
        error: rejected.length
          ? { category: 'command_error', message: `rejected: ${rejected.map((r) => r.command).join('; ')}` }
          : undefined,
      };
    }),
});
