import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { api, unwrap } from '../../api/client';
import { jobKeys } from '../../api/queries/jobs';
import { useSession } from '../../app/session';
import { Badge, Button, Card, cx, ErrorBox, Input, Loading, PageHeader, Select, when } from '../../ui/kit';
import { byAttention, JobDevicesTable } from './job-devices-table';
import { JOB_LABELS, Progress, WORK_ITEM_JOBS } from './jobs-table';
import { OutputGroups } from './output-groups';
import { ParsedRecords } from './parsed-records';
import { type LogLine, useJobStream } from './use-job-stream';

const FINAL = ['success', 'partial', 'failed', 'cancelled'];

function LiveLog({ logs }: { logs: LogLine[] }) {
  const box = useRef<HTMLPreElement>(null);
  const [follow, setFollow] = useState(true);
  useEffect(() => {
    if (follow && box.current) box.current.scrollTop = box.current.scrollHeight;
  });
  return (
    <pre
      ref={box}
      data-testid="job-log"
      onScroll={(e) => {
        const el = e.currentTarget;
        setFollow(el.scrollHeight - el.scrollTop - el.clientHeight < 24);
      }}
      className="mono h-72 overflow-y-auto rounded bg-slate-950 p-2 text-xs leading-5 text-slate-200"
    >
      {logs.length === 0 && <span className="text-slate-400">waiting for the first line…</span>}
      {logs.map((l) => (
        <div
          key={l.id}
          className={cx(l.level === 'error' && 'text-red-400', l.level === 'warn' && 'text-amber-300')}
        >
          <span className="text-slate-400">{new Date(l.at).toLocaleTimeString()} </span>
          {l.hostname && <span className="text-sky-300">{l.hostname} </span>}
          {l.message}
        </div>
      ))}
    </pre>
  );
}

const MAX_ROWS = 500;

export default function JobDetailPage() {
  const { id = '' } = useParams();
  const { can } = useSession();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const stream = useJobStream(id);
  const [status, setStatus] = useState('');
  const [q, setQ] = useState('');
  const job = useQuery({
    queryKey: jobKeys.one(id),
    queryFn: () => unwrap(api.GET('/api/v1/jobs/{id}', { params: { path: { id } } })),
  });
  const cancel = useMutation({
    mutationFn: () => unwrap(api.POST('/api/v1/jobs/{id}/cancel', { params: { path: { id } } })),
    onSuccess: () => qc.invalidateQueries({ queryKey: jobKeys.all }),
  });
  const retry = useMutation({
    mutationFn: () => unwrap(api.POST('/api/v1/jobs/{id}/retry', { params: { path: { id } } })),
    onSuccess: (j) => navigate(`/jobs/${j.id}`),
  });

  // The stream carries the first 500 devices of a job and every change after; a search or a status
  // filter on a larger job asks the server, which sees them all.
  const total = stream.counts?.total ?? job.data?.total ?? 0;
  const fromServer = stream.devices.size < total && Boolean(q || status);
  const found = useQuery({
    queryKey: jobKeys.devices(id, q, status),
    enabled: fromServer,
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/jobs/{id}/devices', {
          params: {
            path: { id },
            query: { pageSize: 500, ...(q ? { q } : {}), ...(status ? { status } : {}) },
          },
        }),
      ),
    refetchInterval: stream.ended ? false : 3_000,
  });

  if (job.isPending) return <Loading />;
  if (job.error) return <ErrorBox error={job.error} />;
  // The stream's counts while it runs; once it closed, the refreshed REST job when that is as far on.
  const rest = job.data;
  const counts =
    !stream.counts || (stream.ended && FINAL.includes(rest.status) && rest.done >= stream.counts.done)
      ? rest
      : stream.counts;
  const final = FINAL.includes(counts.status);
  const { commands, parse } = job.data.payload as { commands?: string[]; parse?: boolean };
  const sweep = job.data.type === 'network_discovery';
  const workItems = WORK_ITEM_JOBS.has(job.data.type);
  const matching = (fromServer ? (found.data?.items ?? []) : [...stream.devices.values()])
    .filter((d) => (!status || d.status === status) && (!q || d.hostname.includes(q)))
    .sort(byAttention);
  // A table of thousands of live rows would stall the page: the first ones, and a way to the rest.
  const devices = matching.slice(0, MAX_ROWS);
  const partialList = (!fromServer && stream.devices.size < counts.total) || matching.length > MAX_ROWS;

  return (
    <div className="space-y-4">
      <PageHeader
        title={
          <span className="flex items-center gap-2">
            {JOB_LABELS[job.data.type]} <Badge value={counts.status} />
            {!final && (
              <span className="text-xs font-normal text-slate-500">
                {stream.connected ? 'live' : 'connecting…'}
              </span>
            )}
          </span>
        }
        actions={
          can('operator') && (
            <>
              {!final && (
                <Button variant="danger" onClick={() => cancel.mutate()} disabled={cancel.isPending}>
                  Cancel
                </Button>
              )}
              {final && counts.failed > 0 && (
                <Button onClick={() => retry.mutate()} disabled={retry.isPending}>
                  Retry {counts.failed} failed
                </Button>
              )}
            </>
          )
        }
      />
      <ErrorBox error={cancel.error ?? retry.error} />
      <Card>
        <div className="mb-2 flex flex-wrap gap-x-6 gap-y-1 text-sm">
          <span>
            <span className="text-slate-500">by</span> {job.data.requestedByName}
          </span>
          <span>
            <span className="text-slate-500">created</span> {when(job.data.createdAt)}
          </span>
          <span>
            <span className="text-slate-500">finished</span> {when(job.data.finishedAt)}
          </span>
          <span data-testid="job-counts">
            {counts.done}/{counts.total} done · {counts.succeeded} ok · {counts.failed} failed ·{' '}
            {counts.cancelled} cancelled
          </span>
          {Object.entries(counts.summary).map(([k, v]) => (
            <span key={k}>
              <span className="text-slate-500">{k}</span> {v}
            </span>
          ))}
        </div>
        <Progress job={counts} />
        {commands && <pre className="mono mt-2 text-xs text-slate-500">{commands.join('\n')}</pre>}
        {sweep && (
          <Link
            className="mt-2 inline-block text-sm text-sky-700 hover:underline dark:text-sky-400"
            to={`/discovery?job=${id}`}
          >
            What it found, to add to the inventory
          </Link>
        )}
        {job.data.type === 'compliance_evaluate' && (
          <Link
            className="mt-2 inline-block text-sm text-sky-700 hover:underline dark:text-sky-400"
            to="/compliance"
          >
            The results, device by device and rule by rule
          </Link>
        )}
      </Card>
      <Card title="Log">
        <LiveLog logs={stream.logs} />
      </Card>
      {job.data.type === 'run_commands' && <OutputGroups jobId={id} live={!final} />}
      {job.data.type === 'run_commands' && parse && commands && (
        <ParsedRecords jobId={id} commands={commands} live={!final} />
      )}
      <Card
        title={workItems ? 'Work items' : 'Devices'}
        actions={
          <>
            <Input
              className="w-48"
              placeholder="hostname"
              aria-label="filter devices by hostname"
              value={q}
              onChange={(e) => setQ(e.target.value)}
            />
            <Select
              className="w-32"
              aria-label="filter devices by status"
              value={status}
              onChange={(e) => setStatus(e.target.value)}
            >
              <option value="">any status</option>
              {['queued', 'running', 'success', 'failed', 'cancelled'].map((s) => (
                <option key={s}>{s}</option>
              ))}
            </Select>
          </>
        }
      >
        {partialList && (
          <p className="mb-2 text-xs text-slate-500">
            Showing {devices.length} of {counts.total} devices; search a hostname or pick a status to find any
            other.
          </p>
        )}
        <JobDevicesTable
          jobId={id}
          jobType={job.data.type}
          devices={devices}
          workItems={workItems}
          final={final}
        />
      </Card>
    </div>
  );
}
