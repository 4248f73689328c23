import { stringify } from 'csv-stringify/sync';
import type { z } from 'zod';
import type { Executor } from '../../platform/db/client.ts';
import { badRequest } from '../../platform/errors.ts';
import type { Actor } from '../../platform/tenancy.ts';
import { guard } from '../devices/csv.ts';
import { jobDevicePages } from '../jobs/device-pages.ts';
import type { runCommandsOutput } from '../jobs/run-commands.job.ts';
import { getJob } from '../jobs/service.ts';

/**
 * One command's records from every device of a run_commands job, in one table with a `device`
 * column: what the job page shows and exports. Devices without records (no template, a
 * template error, a failed device) are listed apart with the reason.
 */
export type JobRecords = {
  command: string;
  index: number;
  templates: string[];
  columns: string[];
  rows: Record<string, string | string[]>[];
  missing: { device: string; reason: string }[];
  truncated: boolean;
};

/** A table past this many rows is cut (and says so): a browser or a spreadsheet would stall. */
export const MAX_ROWS = 100_000;
const CHUNK = 500;

type CommandOutput = z.infer<typeof runCommandsOutput>[number];

export async function jobRecords(
  exec: Executor,
  actor: Actor,
  jobId: string,
  index: number,
): Promise<JobRecords> {
  const job = await getJob(exec, actor, jobId);
  const commands = (job.payload as { commands?: string[] }).commands;
  if (job.type !== 'run_commands' || !commands) throw badRequest('only run_commands jobs have records');
  const command = commands[index];
  if (command === undefined) {
    throw badRequest(`the job ran ${commands.length} commands`, [
      { field: 'command', message: `must be 0 to ${commands.length - 1}` },
    ]);
  }
  const out: JobRecords = {
    command,
    index,
    templates: [],
    columns: ['device'],
    rows: [],
    missing: [],
    truncated: false,
  };
  const columns = new Set(out.columns);
  const templates = new Set<string>();
  for await (const page of jobDevicePages(exec, jobId, CHUNK)) {
    for (const d of page) {
      const result = (d.output as CommandOutput[] | null)?.[index];
      if (!result?.parsed) {
        const reason = result
          ? (result.parse_error ?? 'not parsed (the job ran without parse)')
          : d.status === 'success' || d.status === 'failed'
            ? (d.error ?? 'no output')
            : d.status;
        out.missing.push({ device: d.hostname, reason });
        continue;
      }
      templates.add(result.parsed.template);
      for (const c of result.parsed.columns) columns.add(c);
      for (const r of result.parsed.records) {
        if (out.rows.length >= MAX_ROWS) {
          out.truncated = true;
          break;
        }
        out.rows.push({ device: d.hostname, ...r });
      }
    }
  }
  out.columns = [...columns];
  out.templates = [...templates];
  return out;
}

/** The table as CSV: a List's items joined by "; ", cells a spreadsheet would run guarded. */
export function recordsCsv(t: JobRecords): string {
  const cell = (v: string | string[] | undefined) => guard(Array.isArray(v) ? v.join('; ') : (v ?? ''));
  return stringify(
    t.rows.map((r) => t.columns.map((c) => cell(r[c]))),
    { header: true, columns: t.columns },
  );
}
