import { useMutation, useQuery } from '@tanstack/react-query';
import { Fragment, useEffect, useState } from 'react';
import { Link } from 'react-router';
import { api, unwrap } from '../../api/client';
import { jobKeys } from '../../api/queries/jobs';
import { useSession } from '../../app/session';
import { Badge, Button, cx, ErrorBox, Loading } from '../../ui/kit';
import { DeviceTranscript } from './device-transcript';
import { CommandStatus } from './output-groups';
import type { JobDevice } from './use-job-stream';

/** A device row as the stream or the REST list gives it (the stream's carry only what moved). */
type Row = Pick<JobDevice, 'deviceId' | 'hostname' | 'status'> &
  Partial<Pick<JobDevice, 'summary' | 'errorCategory' | 'attempts' | 'durationMs' | 'credentialName'>> & {
    startedAt?: string | Date | null;
  };

/** Failed devices first (what needs a look), then those still working, then the rest. */
const ORDER: Record<string, number> = { failed: 0, running: 1, queued: 2, cancelled: 3, success: 4 };
export const byAttention = (a: Row, b: Row) =>
  (ORDER[a.status] ?? 5) - (ORDER[b.status] ?? 5) || a.hostname.localeCompare(b.hostname);

/** Seconds since `from`, counting while it shows. */
function Elapsed({ from }: { from: string | Date }) {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, []);
  return (
    <span data-testid="elapsed">{Math.max(0, Math.round((now - new Date(from).getTime()) / 1000))} s</span>
  );
}

/** Lets one running device go; its session is aborted and the job goes on. */
function SkipButton({ jobId, deviceId }: { jobId: string; deviceId: string }) {
  const skip = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/api/v1/jobs/{id}/devices/{deviceId}/skip', { params: { path: { id: jobId, deviceId } } }),
      ),
  });
  return (
    <>
      <Button
        variant="ghost"
        disabled={skip.isPending || skip.isSuccess}
        onClick={(e) => {
          e.stopPropagation();
          skip.mutate();
        }}
      >
        {skip.isSuccess ? 'skipping…' : 'Skip'}
      </Button>
      {skip.error && <ErrorBox error={skip.error} />}
    </>
  );
}

function DeviceOutput({ jobId, hostname }: { jobId: string; hostname: string }) {
  const out = useQuery({
    queryKey: jobKeys.output(jobId, hostname),
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/jobs/{id}/devices', {
          params: { path: { id: jobId }, query: { q: hostname, output: 'true', pageSize: 5 } },
        }),
      ),
  });
  const row = out.data?.items.find((d) => d.hostname === hostname);
  if (out.isPending) return <Loading />;
  if (out.error) return <ErrorBox error={out.error} />;
  // Each job type's output has its own shape; the row's jobType tells which.
  if (row?.jobType !== 'run_commands' || !row.output)
    return <pre className="mono text-xs">{JSON.stringify(row?.output ?? null, null, 2)}</pre>;
  const outputs = row.output;
  return (
    <div className="space-y-2" data-testid="device-output">
      {outputs.map((o, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: a fixed list in which a command may repeat
        <div key={`${i}:${o.command}`}>
          <div className="mono text-xs font-semibold">
            <CommandStatus error={o.error} /> # {o.command}{' '}
            {o.error && <span className="text-red-600">— {o.error}</span>}
            {o.parsed && (
              <span className="font-normal text-slate-500">
                {' '}
                · {o.parsed.records.length} records ({o.parsed.template})
              </span>
            )}
            {o.parse_error && !o.error && (
              <span className="font-normal text-amber-700 dark:text-amber-300"> · {o.parse_error}</span>
            )}
          </div>
          <pre className="mono max-h-64 overflow-auto rounded bg-slate-100 p-2 text-xs dark:bg-slate-950">
            {o.output}
          </pre>
        </div>
      ))}
    </div>
  );
}

/** A device's result, and the session's transcript behind it (a failed device opens on that). */
function DeviceDetails({ jobId, device }: { jobId: string; device: Row }) {
  const [tab, setTab] = useState<'output' | 'transcript'>(
    device.status === 'failed' ? 'transcript' : 'output',
  );
  return (
    <div className="space-y-2">
      <div className="flex gap-1 text-xs" role="tablist">
        {(['output', 'transcript'] as const).map((t) => (
          <button
            key={t}
            type="button"
            role="tab"
            aria-selected={tab === t}
            className={cx(
              'px-2 py-1 capitalize',
              tab === t ? 'border-b-2 border-sky-600 font-semibold' : 'text-slate-500',
            )}
            onClick={() => setTab(t)}
          >
            {t}
          </button>
        ))}
      </div>
      {tab === 'output' ? (
        <DeviceOutput jobId={jobId} hostname={device.hostname} />
      ) : (
        <DeviceTranscript jobId={jobId} deviceId={device.deviceId} />
      )}
    </div>
  );
}

/** Snapshots a finished backup stored, by device: its "changed" opens the diff it produced. */
function useBackupSnapshots(jobId: string, enabled: boolean): Map<string, string> {
  const rows = useQuery({
    queryKey: [...jobKeys.output(jobId, ''), 'snapshots'],
    enabled,
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/jobs/{id}/devices', {
          params: { path: { id: jobId }, query: { output: 'true', status: 'success', pageSize: 500 } },
        }),
      ),
  });
  const out = new Map<string, string>();
  for (const d of rows.data?.items ?? [])
    if (d.jobType === 'config_backup' && d.output?.snapshotId) out.set(d.deviceId, d.output.snapshotId);
  return out;
}

/** Jobs whose devices may be let go one by one (those that open a session of their own). */
const SKIPPABLE = new Set([
  'config_backup',
  'run_commands',
  'refresh_facts',
  'reachability',
  'topology_discovery',
]);

export function JobDevicesTable({
  jobId,
  jobType,
  devices,
  workItems,
  final,
}: {
  jobId: string;
  jobType: string;
  devices: Row[];
  /** The rows are work items (address blocks, groups of devices), not inventory devices. */
  workItems: boolean;
  final: boolean;
}) {
  const { can } = useSession();
  const [open, setOpen] = useState<string | null>(null);
  const snapshots = useBackupSnapshots(jobId, jobType === 'config_backup' && final);
  const skippable = can('operator') && SKIPPABLE.has(jobType);
  return (
    <table className="w-full text-sm" data-testid="job-devices">
      <thead className="text-xs text-slate-500">
        <tr>
          <th className="text-left">{workItems ? 'Work item' : 'Device'}</th>
          <th className="text-left">Status</th>
          <th className="text-left">Result</th>
          <th className="text-right">Attempts</th>
          <th className="text-right">Time</th>
        </tr>
      </thead>
      <tbody>
        {devices.map((d) => {
          const snapshot = d.summary === 'changed' ? snapshots.get(d.deviceId) : undefined;
          return (
            <Fragment key={d.deviceId}>
              <tr
                className="cursor-pointer border-t border-slate-200 hover:bg-slate-50 dark:border-slate-800 dark:hover:bg-slate-800/50"
                onClick={() => setOpen(open === d.deviceId ? null : d.deviceId)}
              >
                <td className="py-1">
                  {workItems ? (
                    // Not an inventory device: nothing to link to.
                    <span className="mono">{d.hostname}</span>
                  ) : (
                    <Link
                      className="text-sky-700 hover:underline dark:text-sky-400"
                      to={`/devices/${d.deviceId}`}
                      onClick={(e) => e.stopPropagation()}
                    >
                      {d.hostname}
                    </Link>
                  )}
                </td>
                <td>
                  <Badge value={d.status} />
                </td>
                <td className={cx(d.errorCategory && 'text-red-700 dark:text-red-400')}>
                  {d.errorCategory ? `${d.errorCategory}: ` : ''}
                  {snapshot ? (
                    <Link
                      className="text-sky-700 hover:underline dark:text-sky-400"
                      to={`/devices/${d.deviceId}?tab=configs&snapshot=${snapshot}`}
                      onClick={(e) => e.stopPropagation()}
                    >
                      changed: the diff
                    </Link>
                  ) : (
                    d.summary
                  )}
                  {d.credentialName && (
                    <span className="text-xs text-slate-500"> (logged in as {d.credentialName})</span>
                  )}
                </td>
                <td className="text-right">{d.attempts ?? ''}</td>
                <td className="whitespace-nowrap text-right">
                  {d.status === 'running' && d.startedAt ? (
                    <>
                      <Elapsed from={d.startedAt} />
                      {skippable && <SkipButton jobId={jobId} deviceId={d.deviceId} />}
                    </>
                  ) : d.durationMs != null ? (
                    `${(d.durationMs / 1000).toFixed(1)} s`
                  ) : (
                    ''
                  )}
                </td>
              </tr>
              {open === d.deviceId && (
                <tr>
                  <td colSpan={5} className="p-2">
                    <DeviceDetails jobId={jobId} device={d} />
                  </td>
                </tr>
              )}
            </Fragment>
          );
        })}
      </tbody>
    </table>
  );
}
