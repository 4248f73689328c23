import { z } from 'zod';
import { redact, runCommands } from '../../netio/index.ts';
import { label } from '../../platform/http/schemas.ts';
import { defineJob } from './contract.ts';
import { onDevice } from './device-target.ts';

/** Output beyond this per command is cut (a `show tech` can run to megabytes). */
const MAX_OUTPUT = 512 * 1024;

export const runCommandsPayload = z.strictObject({
  commands: z.array(label(1000).min(1)).min(1).max(100).describe('run in order in command (exec) mode'),
});

export const runCommandsOutput = z.array(
  z.object({
    command: z.string(),
    output: z.string().describe("the device's answer, secrets redacted"),
    error: z.string().nullable().describe('why the device rejected the command'),
  }),
);

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
      const results = (await runCommands(session, payload.commands)).map((r) => {
        const output = redact(r.output, rules, ctx.redactionKey);
        return {
          command: r.command,
          output: output.length > MAX_OUTPUT ? `${output.slice(0, MAX_OUTPUT)}\n[… cut at 512 KiB]` : output,
          error: r.error ?? null,
        };
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
