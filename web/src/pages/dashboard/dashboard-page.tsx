import { useQuery } from '@tanstack/react-query';
import { lazy, Suspense } from 'react';
import { Link, useNavigate } from 'react-router';
import { api, unwrap } from '../../api/client';
import { dashboardKeys } from '../../api/queries/dashboard';
import { jobKeys } from '../../api/queries/jobs';
import { useCustomerFilter } from '../../app/session';
import { ago, Card, ErrorBox, Loading, PageHeader } from '../../ui/kit';
import { JobsTable } from '../jobs/jobs-table';
import { GettingStarted } from './getting-started';

const CountBars = lazy(() => import('./charts').then((m) => ({ default: m.CountBars })));
const ReachabilityPie = lazy(() => import('./charts').then((m) => ({ default: m.ReachabilityPie })));
const HourlyChanges = lazy(() => import('./charts').then((m) => ({ default: m.HourlyChanges })));

function Stat({
  label,
  value,
  to,
  tone,
}: {
  label: string;
  value: number;
  to?: string;
  tone?: 'bad' | 'good';
}) {
  const color =
    tone === 'bad' && value > 0
      ? 'text-red-600 dark:text-red-400'
      : tone === 'good'
        ? 'text-emerald-600 dark:text-emerald-400'
        : '';
  const body = (
    <div className="rounded border border-slate-200 p-3 dark:border-slate-800" data-stat={label}>
      <div className={`text-2xl font-semibold ${color}`}>{value.toLocaleString()}</div>
      <div className="text-xs text-slate-500">{label}</div>
    </div>
  );
  if (!to) return body;
  // A "#…" target is a part of this page (the list of changes below): the browser scrolls to it.
  return to.startsWith('#') ? <a href={to}>{body}</a> : <Link to={to}>{body}</Link>;
}

export default function DashboardPage() {
  const navigate = useNavigate();
  const filter = useCustomerFilter();
  const summary = useQuery({
    queryKey: dashboardKeys.summary(filter),
    queryFn: () => unwrap(api.GET('/api/v1/dashboard', { params: { query: filter } })),
    refetchInterval: 15_000,
  });
  const active = useQuery({
    queryKey: jobKeys.active(filter),
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/jobs', {
          params: { query: { ...filter, status: ['queued', 'running'], pageSize: 10 } },
        }),
      ),
    refetchInterval: 5_000,
  });
  const recent = useQuery({
    queryKey: jobKeys.recent(filter),
    queryFn: () => unwrap(api.GET('/api/v1/jobs', { params: { query: { ...filter, pageSize: 8 } } })),
    refetchInterval: 10_000,
  });

  if (summary.isPending) return <Loading />;
  if (summary.error) return <ErrorBox error={summary.error} />;
  const d = summary.data;
  const reach = (v: string) => d.devices.reachability.find((r) => r.value === v)?.count ?? 0;
  const backup = (v: string) => d.devices.backup.find((r) => r.value === v)?.count ?? 0;
  const platforms = d.devices.platform
    .slice(0, 8)
    .map((p) => ({ label: p.value || '(none)', count: p.count }));

  return (
    <div className="space-y-4">
      <PageHeader title="Dashboard" />
      <GettingStarted devices={d.devices.total} backedUp={d.backups.backedUp} />
      <div className="grid grid-cols-2 gap-3 md:grid-cols-3 xl:grid-cols-9">
        <Stat label="devices" value={d.devices.total} to="/devices" />
        <Stat label="enabled" value={d.devices.enabled} to="/devices?enabled=true" />
        <Stat label="reachable" value={reach('reachable')} to="/devices?reachability=reachable" tone="good" />
        <Stat
          label="unreachable"
          value={reach('unreachable')}
          to="/devices?reachability=unreachable"
          tone="bad"
        />
        {/* Each backup tile counts a backup state and opens the list filtered on it. */}
        <Stat label="backed up in 24 h" value={backup('ok')} to="/devices?backup=ok" tone="good" />
        <Stat label="backup older than 24 h" value={backup('stale')} to="/devices?backup=stale" />
        <Stat label="never backed up" value={backup('never')} to="/devices?backup=never" tone="bad" />
        <Stat label="last backup failed" value={backup('failed')} to="/devices?backup=failed" tone="bad" />
        <Stat label="config changes 24 h" value={d.changes.total} to="#latest-changes" />
      </div>
      <Suspense fallback={<Loading />}>
        <div className="grid gap-4 lg:grid-cols-3">
          <Card title="Reachability">
            <ReachabilityPie
              data={d.devices.reachability.map((r) => ({ label: r.value, count: r.count }))}
              onPick={(v) => navigate(`/devices?reachability=${encodeURIComponent(v)}`)}
            />
          </Card>
          <Card title="Platforms">
            {platforms.length ? (
              <CountBars
                data={platforms}
                // "(none)" has no value a filter could name.
                onPick={(v) => v !== '(none)' && navigate(`/devices?platform=${encodeURIComponent(v)}`)}
              />
            ) : (
              <p className="text-sm text-slate-500">No devices yet.</p>
            )}
          </Card>
          <Card title="Configuration changes, last 24 h">
            <HourlyChanges
              data={d.changes.byHour}
              onPick={() => document.getElementById('latest-changes')?.scrollIntoView({ behavior: 'smooth' })}
            />
          </Card>
        </div>
      </Suspense>
      <div className="grid gap-4 lg:grid-cols-2">
        <Card
          title={`Running and queued jobs (${active.data?.total ?? 0})`}
          actions={
            <Link className="text-sm text-sky-700 hover:underline dark:text-sky-400" to="/jobs">
              all jobs
            </Link>
          }
        >
          {active.error ? (
            <ErrorBox error={active.error} />
          ) : (
            <JobsTable rows={active.data?.items ?? []} empty="Nothing running." />
          )}
        </Card>
        <Card title="Latest configuration changes" id="latest-changes">
          {d.changes.latest.length === 0 ? (
            <p className="text-sm text-slate-500">No changes in the last 24 hours.</p>
          ) : (
            <ul className="divide-y divide-slate-200 text-sm dark:divide-slate-800">
              {d.changes.latest.map((c) => (
                <li key={c.snapshotId} className="flex justify-between py-1.5">
                  <Link
                    className="text-sky-700 hover:underline dark:text-sky-400"
                    to={`/devices/${c.deviceId}?tab=configs&snapshot=${c.snapshotId}`}
                  >
                    {c.hostname}
                  </Link>
                  <span className="text-slate-500">{ago(c.createdAt)}</span>
                </li>
              ))}
            </ul>
          )}
        </Card>
      </div>
      <Card title="Recent jobs">
        {recent.error ? <ErrorBox error={recent.error} /> : <JobsTable rows={recent.data?.items ?? []} />}
      </Card>
    </div>
  );
}
