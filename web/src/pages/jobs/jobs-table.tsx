import { Link } from 'react-router';
import type { GetResult } from '../../api/client';
import { ago, Badge } from '../../ui/kit';
import { type Column, Table } from '../../ui/table';

export type Job = GetResult<'/api/v1/jobs'>['items'][number];

export const JOB_LABELS: Record<Job['type'], string> = {
  config_backup: 'Config backup',
  run_commands: 'Run commands',
  refresh_facts: 'Refresh facts',
  reachability: 'Reachability',
  topology_discovery: 'Topology discovery',
  change_preview: 'Change preview',
  change_commit: 'Change commit',
  compliance_evaluate: 'Compliance evaluation',
  compliance_check: 'Compliance state check',
  network_discovery: 'Network discovery',
  netbox_sync: 'NetBox sync',
};

/**
 * Job types whose rows are work items, not inventory devices: a discovery's address blocks, a
 * NetBox sync's source, a compliance evaluation's groups of devices (JobHandler on the server).
 */
export const WORK_ITEM_JOBS: ReadonlySet<Job['type']> = new Set([
  'network_discovery',
  'netbox_sync',
  'compliance_evaluate',
]);

export function Progress({
  job,
}: {
  job: Pick<Job, 'total' | 'done' | 'succeeded' | 'failed' | 'cancelled'>;
}) {
  const pct = (n: number) => (job.total ? (100 * n) / job.total : 0);
  return (
    <div
      className="flex h-2 w-full min-w-24 overflow-hidden rounded bg-slate-200 dark:bg-slate-800"
      role="progressbar"
      aria-valuenow={job.done}
      aria-valuemax={job.total}
      aria-label="devices done"
    >
      <div className="bg-emerald-500" style={{ width: `${pct(job.succeeded)}%` }} />
      <div className="bg-red-500" style={{ width: `${pct(job.failed)}%` }} />
      <div className="bg-slate-400" style={{ width: `${pct(job.cancelled)}%` }} />
    </div>
  );
}

/** What a job ran on, in a few words: the selection's size, or the filter's fields. */
export function targetsText(j: Pick<Job, 'targets' | 'type'>): string {
  const { deviceIds, filter } = j.targets;
  const parts: string[] = [];
  if (deviceIds?.length) parts.push(`${deviceIds.length} selected`);
  for (const [k, v] of Object.entries(filter ?? {})) {
    if (k === 'customerId') continue;
    parts.push(`${k}: ${Array.isArray(v) ? v.join(', ') : String(v)}`);
  }
  if (parts.length) return parts.join(' · ');
  return filter ? 'every enabled device' : '—';
}

/** How long it ran (or has run so far). */
export function duration(j: Pick<Job, 'startedAt' | 'finishedAt'>, now = Date.now()): string {
  if (!j.startedAt) return '—';
  const s =
    ((j.finishedAt ? new Date(j.finishedAt).getTime() : now) - new Date(j.startedAt).getTime()) / 1000;
  if (s < 60) return `${s.toFixed(1)} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`;
  return `${Math.floor(s / 3600)} h ${Math.round((s % 3600) / 60)} min`;
}

const columns: Column<Job>[] = [
  {
    key: 'type',
    header: 'Job',
    cell: (j) => (
      <Link className="text-sky-700 hover:underline dark:text-sky-400" to={`/jobs/${j.id}`}>
        {JOB_LABELS[j.type]}
      </Link>
    ),
  },
  { key: 'status', header: 'Status', cell: (j) => <Badge value={j.status} /> },
  {
    key: 'progress',
    header: 'Progress',
    cell: (j) => (
      <div className="flex items-center gap-2">
        <Progress job={j} />
        <span className="whitespace-nowrap text-xs text-slate-500">
          {/* A discovery's blocks, a compliance evaluation's groups: not devices. */}
          {j.done}/{j.total} {WORK_ITEM_JOBS.has(j.type) ? 'items' : 'devices'}
        </span>
      </div>
    ),
  },
  {
    key: 'targets',
    header: 'Targets',
    className: 'hidden md:table-cell',
    cell: (j) => <span className="text-xs">{targetsText(j)}</span>,
  },
  {
    key: 'outcome',
    header: 'Outcome',
    className: 'hidden md:table-cell',
    // The handler's own counts (changed, unchanged, …): a backup's "changed" opens the job, whose
    // changed devices link to the diffs they produced.
    cell: (j) => (
      <span className="whitespace-nowrap text-xs">
        {j.failed > 0 && <span className="text-red-700 dark:text-red-400">{j.failed} failed </span>}
        {Object.entries(j.summary).map(([k, v]) =>
          k === 'changed' && v > 0 ? (
            <Link key={k} className="text-sky-700 hover:underline dark:text-sky-400" to={`/jobs/${j.id}`}>
              {v} changed{' '}
            </Link>
          ) : (
            <span key={k} className="text-slate-500">
              {v} {k}{' '}
            </span>
          ),
        )}
      </span>
    ),
  },
  {
    key: 'duration',
    header: 'Duration',
    cell: (j) => <span className="whitespace-nowrap">{duration(j)}</span>,
  },
  { key: 'by', header: 'By', className: 'hidden md:table-cell', cell: (j) => j.requestedByName },
  {
    key: 'created',
    header: 'Created',
    className: 'hidden md:table-cell',
    cell: (j) => <span title={j.createdAt}>{ago(j.createdAt)}</span>,
  },
];

export function JobsTable({ rows, empty }: { rows: Job[]; empty?: string }) {
  return (
    <Table label="jobs" rows={rows} columns={columns} rowKey={(j) => j.id} empty={empty ?? 'No jobs yet.'} />
  );
}
