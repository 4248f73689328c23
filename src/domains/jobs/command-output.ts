import { createHash } from 'node:crypto';
import { stringify } from 'csv-stringify/sync';
import { Zip, ZipDeflate } from 'fflate';
import { z } from 'zod';
import type { Executor } from '../../platform/db/client.ts';
import { conflict } from '../../platform/errors.ts';
import type { Actor } from '../../platform/tenancy.ts';
import { guard } from '../devices/csv.ts';
import { type JobDeviceResult, jobDevicePages } from './device-pages.ts';
import type { runCommandsOutput } from './run-commands.job.ts';
import { getJob } from './service.ts';

/**
 * A run_commands job's answers, the way people read many devices' output: devices that gave the
 * same answers grouped ("28 devices: same output"), and every answer exported as CSV, JSON or a
 * zip of one text file per device.
 */

type CommandOutput = z.infer<typeof runCommandsOutput>[number];
const commandResult = z.object({ command: z.string(), output: z.string(), error: z.string().nullable() });

/** Hostnames shown per group; the count says how many there are. */
const HOSTNAMES_SHOWN = 100;

export const outputGroupsOut = z.object({
  groups: z.array(
    z.object({
      devices: z.number().int(),
      hostnames: z.array(z.string()).describe(`the first ${HOSTNAMES_SHOWN}, in hostname order`),
      results: z.array(commandResult).describe('the answers these devices all gave, command by command'),
    }),
  ),
  withoutOutput: z
    .array(z.object({ devices: z.number().int(), hostnames: z.array(z.string()), reason: z.string() }))
    .describe('devices that gave no answer (not reached, refused, still queued), by reason'),
});
export type OutputGroups = z.infer<typeof outputGroupsOut>;

async function commandsJob(exec: Executor, actor: Actor, jobId: string) {
  const job = await getJob(exec, actor, jobId);
  if (job.type !== 'run_commands') throw conflict('only run_commands jobs have command output', 'type');
  return job;
}

const answersOf = (output: unknown) =>
  ((output as CommandOutput[] | null) ?? []).map((o) => ({
    command: o.command,
    output: o.output,
    error: o.error,
  }));

/** Devices grouped by identical answers (every command's text and rejection), largest group first. */
export async function outputGroups(exec: Executor, actor: Actor, jobId: string): Promise<OutputGroups> {
  await commandsJob(exec, actor, jobId);
  const groups = new Map<string, OutputGroups['groups'][number]>();
  const without = new Map<string, OutputGroups['withoutOutput'][number]>();
  for await (const page of jobDevicePages(exec, jobId)) {
    for (const d of page) {
      if (d.output === null) {
        const reason =
          d.status === 'failed'
            ? `failed: ${d.errorCategory ?? 'error'}`
            : d.status === 'success'
              ? 'no output'
              : d.status;
        const g = without.get(reason) ?? { devices: 0, hostnames: [], reason };
        g.devices++;
        if (g.hostnames.length < HOSTNAMES_SHOWN) g.hostnames.push(d.hostname);
        without.set(reason, g);
        continue;
      }
      const results = answersOf(d.output);
      // A digest of the answers, not the answers: thousands of distinct outputs stay small here.
      const key = createHash('sha1').update(JSON.stringify(results)).digest('base64');
      const g = groups.get(key) ?? { devices: 0, hostnames: [], results };
      g.devices++;
      if (g.hostnames.length < HOSTNAMES_SHOWN) g.hostnames.push(d.hostname);
      groups.set(key, g);
    }
  }
  const bySize = <T extends { devices: number; hostnames: string[] }>(a: T, b: T) =>
    b.devices - a.devices || (a.hostnames[0] ?? '').localeCompare(b.hostnames[0] ?? '');
  return { groups: [...groups.values()].sort(bySize), withoutOutput: [...without.values()].sort(bySize) };
}

export const OUTPUT_FORMATS = ['csv', 'json', 'zip'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

/** One device's answers as a text file: each command under a heading, a rejection said. */
function deviceText(hostname: string, status: string, error: string | null, output: unknown): string {
  const answers = answersOf(output);
  if (answers.length === 0) return `# ${hostname}: no output (${status}${error ? `: ${error}` : ''})\n`;
  return answers
    .map((a) => `# ${hostname}: ${a.command}${a.error ? ` (rejected: ${a.error})` : ''}\n${a.output}\n`)
    .join('\n');
}

/**
 * The job's answers in one format, a chunk at a time (a 100,000-device job is never held whole):
 * CSV with a row per device and command (device, command, status, output; a device without
 * output has one row saying why), JSON as an array of devices with their answers, or a zip of
 * one text file per device.
 */
export async function* exportOutputs(
  exec: Executor,
  actor: Actor,
  jobId: string,
  format: OutputFormat,
): AsyncGenerator<Uint8Array | string> {
  await commandsJob(exec, actor, jobId);
  const pages = jobDevicePages(exec, jobId);
  if (format === 'csv') {
    let header = true;
    for await (const page of pages) {
      const rows = page.flatMap((d) => {
        const answers = answersOf(d.output);
        if (answers.length === 0) return [[d.hostname, '', d.status, d.error ?? '']];
        return answers.map((a) => [d.hostname, a.command, a.error ? `rejected: ${a.error}` : 'ok', a.output]);
      });
      yield stringify(
        rows.map((r) => r.map(guard)),
        header ? { header: true, columns: ['device', 'command', 'status', 'output'] } : {},
      );
      header = false;
    }
    if (header) yield 'device,command,status,output\n';
    return;
  }
  if (format === 'json') {
    let first = true;
    yield '[';
    for await (const page of pages)
      for (const d of page) {
        yield `${first ? '' : ','}\n${JSON.stringify({
          device: d.hostname,
          status: d.status,
          error: d.error,
          results: answersOf(d.output),
        })}`;
        first = false;
      }
    yield '\n]\n';
    return;
  }
  yield* zipOf(pages);
}

/** A zip of one text file per device, deflated as it is written (fflate's streaming Zip). */
async function* zipOf(pages: AsyncIterable<JobDeviceResult[]>): AsyncGenerator<Uint8Array> {
  const chunks: Uint8Array[] = [];
  const zip = new Zip((err, chunk) => {
    if (err) throw err;
    chunks.push(chunk);
  });
  const names = new Set<string>();
  for await (const page of pages) {
    for (const d of page) {
      // Hostnames are unique per customer; a job across customers may hold one twice.
      let name = `${d.hostname.replace(/[^A-Za-z0-9._-]/g, '_')}.txt`;
      for (let n = 2; names.has(name); n++) name = `${d.hostname.replace(/[^A-Za-z0-9._-]/g, '_')}-${n}.txt`;
      names.add(name);
      const file = new ZipDeflate(name, { level: 6 });
      zip.add(file);
      file.push(new TextEncoder().encode(deviceText(d.hostname, d.status, d.error, d.output)), true);
    }
    yield* chunks.splice(0);
  }
  zip.end();
  yield* chunks.splice(0);
}
