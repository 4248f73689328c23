import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { lazy, Suspense, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { api, unwrap } from '../../api/client';
import {
  type Change,
  type ChangeDevice,
  changeKeys,
  isMoving,
  useChange,
  useChangeDevices,
} from '../../api/queries/changes';
import { useSession } from '../../app/session';
import { ago, Badge, Button, Card, ErrorBox, Input, Loading, Modal, PageHeader } from '../../ui/kit';
import { type Column, Table } from '../../ui/table';
import { ChangeForm } from './change-form';

const DiffView = lazy(() => import('../configs/diff-view'));

type Output = {
  diff?: string | null;
  deviceDiff?: string | null;
  checks?: { check: string; ok: boolean; detail: string }[];
};

/**
 * One device's output in this change's jobs (its preview, and the batch that committed it),
 * asked for when the device is opened: a change of thousands of devices is never loaded whole.
 */
function useDeviceOutput(jobIds: string[], hostname: string | undefined, version: string) {
  return useQuery({
    queryKey: ['jobs', 'change-output', ...jobIds, hostname ?? '', version],
    enabled: !!hostname && jobIds.length > 0,
    queryFn: async () => {
      const found: Output[] = [];
      for (const id of jobIds) {
        const page = await unwrap(
          api.GET('/api/v1/jobs/{id}/devices', {
            params: { path: { id }, query: { q: hostname!, output: 'true', pageSize: 50 } },
          }),
        );
        const mine = page.items.find((d) => d.hostname === hostname) as { output?: Output } | undefined;
        found.push(mine?.output ?? {});
      }
      return found;
    },
  });
}

function previewWord(d: ChangeDevice): { value: string; tone?: string } {
  if (d.renderError) return { value: 'render error', tone: 'failed' };
  if (d.previewError) return { value: 'preview failed', tone: 'failed' };
  if (d.noop === null) return { value: 'not previewed', tone: 'queued' };
  return d.noop ? { value: 'no change', tone: 'cancelled' } : { value: 'changes', tone: 'running' };
}

function Actions({ change, onEdit }: { change: Change; onEdit(): void }) {
  const { can, me } = useSession();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const [comment, setComment] = useState('');
  const act = useMutation({
    mutationFn: async (action: 'preview' | 'commit' | 'cancel' | 'approve' | 'reject' | 'rollback') => {
      const path = { params: { path: { id: change.id } } };
      if (action === 'approve' || action === 'reject')
        return unwrap(api.POST(`/api/v1/changes/{id}/${action}`, { ...path, body: { comment } }));
      if (action === 'rollback') return unwrap(api.POST('/api/v1/changes/{id}/rollback', path));
      return unwrap(api.POST(`/api/v1/changes/{id}/${action}`, path));
    },
    onSuccess: (result, action) => {
      void qc.invalidateQueries({ queryKey: changeKeys.all });
      if (action === 'rollback') navigate(`/changes/${result.id}`);
    },
  });
  if (!can('operator')) return null;
  const s = change.status;
  const editable = ['draft', 'previewed', 'awaiting_approval', 'approved', 'rejected'].includes(s);
  const previewed = change.previewedRevision === change.revision;
  const mine = change.createdBy === me.id;
  const ready =
    previewed &&
    (change.needsApproval ? change.approved && s === 'approved' : ['previewed', 'approved'].includes(s));
  return (
    <div className="flex flex-wrap items-center gap-2">
      <ErrorBox error={act.error} />
      {editable && !change.rollbackOf && <Button onClick={onEdit}>Edit</Button>}
      {editable && (
        <Button onClick={() => act.mutate('preview')} disabled={act.isPending || isMoving(change)}>
          {previewed ? 'Preview again' : 'Preview'}
        </Button>
      )}
      {previewed && (s === 'awaiting_approval' || s === 'approved') && !mine && (
        <>
          <Input
            aria-label="decision comment"
            placeholder="comment"
            className="w-48"
            value={comment}
            onChange={(e) => setComment(e.target.value)}
          />
          <Button onClick={() => act.mutate('approve')}>Approve</Button>
          <Button onClick={() => act.mutate('reject')}>Reject</Button>
        </>
      )}
      {ready && (
        <Button variant="primary" onClick={() => act.mutate('commit')} disabled={act.isPending}>
          Commit
        </Button>
      )}
      {s === 'running' && <Button onClick={() => act.mutate('cancel')}>Cancel</Button>}
      {['succeeded', 'partial', 'failed', 'cancelled'].includes(s) && (
        <Button onClick={() => act.mutate('rollback')}>Roll back this change</Button>
      )}
    </div>
  );
}

export default function ChangeDetailPage() {
  const { id = '' } = useParams();
  const change = useChange(id);
  const moving = isMoving(change.data);
  const version = `${change.data?.status}/${change.data?.updatedAt}`;
  const devices = useChangeDevices(id, moving, version);
  const [open, setOpen] = useState<string | null>(null);
  const openDevice = devices.data?.items.find((d) => d.deviceId === open);
  const jobIds = change.data
    ? [change.data.previewJobId, ...change.data.commitJobIds].filter((j): j is string => !!j)
    : [];
  const outputs = useDeviceOutput(jobIds, openDevice?.hostname, version);
  const [editing, setEditing] = useState(false);
  if (change.isPending) return <Loading />;
  if (change.error) return <ErrorBox error={change.error} />;
  const c = change.data;
  const columns: Column<ChangeDevice>[] = [
    {
      key: 'hostname',
      header: 'Device',
      cell: (d) => (
        <button
          type="button"
          className="text-sky-700 hover:underline dark:text-sky-400"
          onClick={() => setOpen(open === d.deviceId ? null : d.deviceId)}
        >
          {d.hostname}
        </button>
      ),
    },
    {
      key: 'preview',
      header: 'Preview',
      cell: (d) => <Badge {...previewWord(d)} tone={previewWord(d).tone as 'failed'} />,
    },
    { key: 'state', header: 'Commit', cell: (d) => <Badge value={d.state} /> },
    {
      key: 'why',
      header: 'Detail',
      cell: (d) => <span className="text-xs">{d.renderError ?? d.previewError ?? d.reason ?? ''}</span>,
    },
    {
      key: 'links',
      header: '',
      cell: (d) => (
        <Link
          className="text-xs text-sky-700 hover:underline dark:text-sky-400"
          to={`/devices/${d.deviceId}`}
        >
          device
        </Link>
      ),
    },
  ];
  // The preview job first, then the batches: the batch that holds the device has its result.
  const [previewOut, ...batches] = c.previewJobId
    ? (outputs.data ?? [])
    : [undefined, ...(outputs.data ?? [])];
  const commitOut = batches.find((o) => o?.diff || o?.checks?.length);
  const counts = new Map<string, number>();
  for (const d of devices.data?.items ?? []) counts.set(d.state, (counts.get(d.state) ?? 0) + 1);
  return (
    <div className="space-y-4">
      <PageHeader
        title={
          <span className="flex items-center gap-2">
            {c.title} <Badge value={c.status} />
          </span>
        }
        actions={<Actions change={c} onEdit={() => setEditing(true)} />}
      />
      <Card>
        <dl className="grid grid-cols-2 gap-x-4 gap-y-1 text-sm sm:grid-cols-4">
          <dt className="text-slate-500">Author</dt>
          <dd>{c.createdByName}</dd>
          <dt className="text-slate-500">Revision</dt>
          <dd>
            {c.revision} {c.previewedRevision === c.revision ? '(previewed)' : '(not previewed)'}
          </dd>
          <dt className="text-slate-500">Confirm window</dt>
          <dd>{c.confirmMinutes} min</dd>
          <dt className="text-slate-500">Rollout</dt>
          <dd>
            canary {c.rollout.canary}, batches of {c.rollout.batchSize}
            {c.rollout.pauseSeconds ? `, ${c.rollout.pauseSeconds} s apart` : ''}
          </dd>
          <dt className="text-slate-500">Approval</dt>
          <dd data-testid="approval">
            {c.needsApproval ? (c.approved ? 'approved' : 'needed') : 'not needed for this customer'}
          </dd>
          <dt className="text-slate-500">Devices</dt>
          <dd>{[...counts].map(([s, n]) => `${n} ${s}`).join(', ')}</dd>
        </dl>
        {c.description && <p className="mt-2 text-sm">{c.description}</p>}
        {c.commitJobIds.length > 0 && (
          <p className="mt-2 text-xs">
            Batches:{' '}
            {c.commitJobIds.map((j, i) => (
              <Link key={j} className="mr-2 text-sky-700 hover:underline dark:text-sky-400" to={`/jobs/${j}`}>
                {i === 0 && c.rollout.canary ? 'canary' : `batch ${i + 1}`} (live log)
              </Link>
            ))}
          </p>
        )}
      </Card>
      {c.approvals.length > 0 && (
        <Card title="Decisions">
          <ul className="space-y-1 text-sm">
            {c.approvals.map((a) => (
              <li key={a.id}>
                <Badge value={a.decision === 'approve' ? 'approved' : 'rejected'} /> {a.username}, revision{' '}
                {a.revision}, {ago(a.at)}
                {a.comment ? `: “${a.comment}”` : ''}
                {a.revision !== c.revision && <span className="text-slate-500"> (an earlier revision)</span>}
              </li>
            ))}
          </ul>
        </Card>
      )}
      {!c.rollbackOf && (
        <Card title="Template">
          <pre className="mono max-h-64 overflow-auto text-xs">{c.template}</pre>
        </Card>
      )}
      <ErrorBox error={devices.error} />
      <Table
        rows={devices.data?.items ?? []}
        columns={columns}
        rowKey={(d) => d.deviceId}
        empty="Preview the change to see it per device."
      />
      {openDevice && (
        <Card title={`${openDevice.hostname}`}>
          {openDevice.rendered && (
            <>
              <h3 className="text-xs font-semibold text-slate-500">Lines for this device</h3>
              <pre className="mono mb-2 max-h-48 overflow-auto text-xs" data-testid="rendered">
                {openDevice.rendered}
              </pre>
            </>
          )}
          {commitOut?.checks?.length ? (
            <ul className="mb-2 text-xs">
              {commitOut.checks.map((k) => (
                <li key={k.check}>
                  <Badge value={k.ok ? 'success' : 'failed'} /> {k.check}: {k.detail}
                </li>
              ))}
            </ul>
          ) : null}
          <Suspense fallback={<Loading />}>
            {commitOut?.diff ? (
              <>
                <h3 className="text-xs font-semibold text-slate-500">What the change did (before → after)</h3>
                <DiffView unified={commitOut.diff} layout="side-by-side" name={openDevice.hostname} />
              </>
            ) : previewOut?.diff ? (
              <>
                <h3 className="text-xs font-semibold text-slate-500">Preview (running → after the change)</h3>
                <DiffView unified={previewOut.diff} layout="side-by-side" name={openDevice.hostname} />
              </>
            ) : null}
          </Suspense>
          {previewOut?.deviceDiff && (
            <>
              <h3 className="mt-2 text-xs font-semibold text-slate-500">The device's own diff</h3>
              <pre className="mono max-h-48 overflow-auto text-xs">{previewOut.deviceDiff}</pre>
            </>
          )}
        </Card>
      )}
      {editing && (
        <Modal title={`Edit ${c.title}`} onClose={() => setEditing(false)} wide>
          <ChangeForm change={c} onDone={() => setEditing(false)} />
        </Modal>
      )}
    </div>
  );
}
