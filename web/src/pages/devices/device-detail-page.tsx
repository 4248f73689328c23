import { useQuery } from '@tanstack/react-query';
import { lazy, Suspense, useState } from 'react';
import { Link, useParams } from 'react-router';
import { api, unwrap } from '../../api/client';
import { useCredentials } from '../../api/queries/admin';
import { deviceKeys } from '../../api/queries/devices';
import { jobKeys } from '../../api/queries/jobs';
import { useRecordings } from '../../api/queries/terminal';
import { topologyKeys } from '../../api/queries/topology';
import { useUrlState } from '../../app/hooks';
import { useSession } from '../../app/session';
import { ago, Badge, Button, Card, cx, Empty, ErrorBox, Loading, Modal, PageHeader } from '../../ui/kit';
import { DeviceCompliance } from '../compliance/device-compliance';
import { ConfigHistory } from '../configs/config-history';
import { JobsTable } from '../jobs/jobs-table';
import { RecordingsTable } from '../terminal/recordings-page';
import { neighboursOf } from '../topology/graph';
import { DeviceForm } from './device-form';
import { LastBackupCard } from './last-backup';

const TABS = ['overview', 'configs', 'compliance', 'neighbours', 'jobs'] as const;
// xterm.js loads with the terminal tab, not with every device page.
const TerminalPane = lazy(() =>
  import('../terminal/terminal-pane').then((m) => ({ default: m.TerminalPane })),
);

/** Tabs for operators and admins: a terminal is theirs to open, recordings theirs to watch. */
const OPERATOR_TABS = ['terminal', 'recordings'] as const;

function Facts({ facts }: { facts: Record<string, unknown> }) {
  const entries = Object.entries(facts);
  if (!entries.length) return <Empty>No facts yet: run "Refresh facts".</Empty>;
  return (
    <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1 text-sm">
      {entries.map(([k, v]) => (
        <div key={k} className="contents">
          <dt className="text-slate-500">{k}</dt>
          <dd className="mono break-all">{typeof v === 'string' ? v : JSON.stringify(v)}</dd>
        </div>
      ))}
    </dl>
  );
}

function Neighbours({ deviceId }: { deviceId: string }) {
  const links = useQuery({
    queryKey: topologyKeys.ofDevice(deviceId),
    queryFn: () =>
      unwrap(api.GET('/api/v1/topology/links', { params: { query: { deviceId, pageSize: 1000 } } })),
  });
  if (links.isPending) return <Loading />;
  if (links.error) return <ErrorBox error={links.error} />;
  const rows = neighboursOf(deviceId, links.data.items);
  if (!rows.length) return <Empty>No neighbours known: run topology discovery.</Empty>;
  return (
    <table className="w-full text-sm" data-testid="neighbours">
      <thead className="text-xs text-slate-500">
        <tr>
          <th className="text-left">Local interface</th>
          <th className="text-left">Neighbour</th>
          <th className="text-left">Remote interface</th>
          <th className="text-left">Seen by</th>
          <th className="text-left">Last seen</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((l) => (
          <tr
            key={`${l.localInterface}|${l.deviceId ?? l.name}|${l.remoteInterface}`}
            className={cx('border-t border-slate-200 dark:border-slate-800', l.stale && 'text-slate-400')}
          >
            <td className="mono py-1">{l.localInterface}</td>
            <td>
              {l.deviceId ? (
                <Link
                  className="text-sky-700 hover:underline dark:text-sky-400"
                  to={`/devices/${l.deviceId}?tab=neighbours`}
                >
                  {l.name}
                </Link>
              ) : (
                l.name
              )}
              {l.stale && ' (stale)'}
            </td>
            <td className="mono">{l.remoteInterface}</td>
            <td>
              {[...l.protocols]
                .sort()
                .map((p) => p.toUpperCase())
                .join(', ')}
            </td>
            <td>{ago(l.lastSeenAt)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function DeviceJobs({ deviceId }: { deviceId: string }) {
  const jobs = useQuery({
    queryKey: jobKeys.ofDevice(deviceId),
    queryFn: () => unwrap(api.GET('/api/v1/jobs', { params: { query: { deviceId, pageSize: 25 } } })),
  });
  if (jobs.error) return <ErrorBox error={jobs.error} />;
  return <JobsTable rows={jobs.data?.items ?? []} />;
}

function DeviceRecordings({ deviceId }: { deviceId: string }) {
  const list = useRecordings({ deviceId, pageSize: 50 });
  if (list.error) return <ErrorBox error={list.error} />;
  return <RecordingsTable rows={list.data?.items ?? []} pending={list.isPending} />;
}

export default function DeviceDetailPage() {
  const { id = '' } = useParams();
  const { can, customerName } = useSession();
  const { get, set } = useUrlState();
  const [editing, setEditing] = useState(false);
  const tabs: readonly string[] = can('operator') ? [...TABS, ...OPERATOR_TABS] : TABS;
  const tab = tabs.includes(get('tab')) ? get('tab') : get('snapshot') ? 'configs' : 'overview';
  const device = useQuery({
    queryKey: deviceKeys.one(id),
    queryFn: () => unwrap(api.GET('/api/v1/devices/{id}', { params: { path: { id } } })),
  });
  const credentials = useCredentials(device.data?.customerId);

  if (device.isPending) return <Loading />;
  if (device.error) return <ErrorBox error={device.error} />;
  const d = device.data;
  const credential = credentials.data?.items.find((c) => c.id === d.credentialId);

  return (
    <div className="space-y-4">
      <PageHeader
        title={
          <span>
            {d.hostname}{' '}
            <span className="mono text-sm font-normal text-slate-500">
              {d.mgmtIp}:{d.port}
            </span>
          </span>
        }
        actions={
          can('operator') && (
            <>
              <Link
                className="rounded bg-sky-700 px-3 py-1.5 text-sm font-medium text-white hover:bg-sky-600"
                to="/jobs/new"
                state={{ deviceIds: [d.id] }}
              >
                Run job…
              </Link>
              <Button onClick={() => set({ tab: 'terminal', snapshot: null })}>Terminal</Button>
              <Button onClick={() => setEditing(true)}>Edit</Button>
            </>
          )
        }
      />
      <div className="flex flex-wrap gap-1 border-b border-slate-200 dark:border-slate-800" role="tablist">
        {tabs.map((t) => (
          <button
            key={t}
            type="button"
            role="tab"
            aria-selected={tab === t}
            className={cx(
              'px-3 py-1.5 text-sm capitalize',
              tab === t ? 'border-b-2 border-sky-600 font-semibold' : 'text-slate-500',
            )}
            onClick={() => set({ tab: t, snapshot: null })}
          >
            {t}
          </button>
        ))}
      </div>
      {tab === 'overview' && (
        <div className="grid gap-4 lg:grid-cols-2">
          <Card title="Device">
            <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1 text-sm">
              <dt className="text-slate-500">Customer</dt>
              <dd>{customerName(d.customerId)}</dd>
              <dt className="text-slate-500">Platform</dt>
              <dd>
                {d.platform || '—'} {d.vendor && `(${d.vendor})`}
              </dd>
              <dt className="text-slate-500">Role / site</dt>
              <dd>
                {d.role || '—'} / {d.site || '—'}
              </dd>
              <dt className="text-slate-500">Tags</dt>
              <dd>{d.tags.join(', ') || '—'}</dd>
              <dt className="text-slate-500">Reachability</dt>
              <dd>
                <Badge value={d.reachability} /> last seen {ago(d.lastSeenAt)}
              </dd>
              <dt className="text-slate-500">Credential</dt>
              <dd>
                {d.credentialId
                  ? credential
                    ? `${credential.name} (${credential.username})`
                    : 'set'
                  : 'none'}
              </dd>
              <dt className="text-slate-500">Host key</dt>
              <dd className="mono break-all">{d.sshHostKeyFingerprint ?? 'not pinned yet'}</dd>
              <dt className="text-slate-500">Enabled</dt>
              <dd>
                {d.enabled ? 'yes' : 'no'}
                {d.legacySsh && ', legacy SSH algorithms'}
                {d.transport === 'telnet' && (
                  <>
                    , <Badge value="telnet: cleartext" tone="failed" />
                  </>
                )}
              </dd>
              <dt className="text-slate-500">Description</dt>
              <dd>{d.description || '—'}</dd>
            </dl>
          </Card>
          <LastBackupCard d={d} />
          <Card title="Facts">
            <Facts facts={d.facts} />
          </Card>
        </div>
      )}
      {tab === 'configs' && <ConfigHistory deviceId={d.id} hostname={d.hostname} />}
      {tab === 'compliance' && <DeviceCompliance deviceId={d.id} customerId={d.customerId} />}
      {tab === 'neighbours' && (
        <Card>
          <Neighbours deviceId={d.id} />
        </Card>
      )}
      {tab === 'jobs' && <DeviceJobs deviceId={d.id} />}
      {tab === 'terminal' && (
        <Card>
          <Suspense fallback={<Loading />}>
            <TerminalPane deviceId={d.id} />
          </Suspense>
        </Card>
      )}
      {tab === 'recordings' && <DeviceRecordings deviceId={d.id} />}
      {editing && (
        <Modal title={`Edit ${d.hostname}`} onClose={() => setEditing(false)} wide>
          <DeviceForm device={d} onDone={() => setEditing(false)} />
        </Modal>
      )}
    </div>
  );
}
