import { useMutation, useQuery } from '@tanstack/react-query';
import { lazy, Suspense, useState } from 'react';
import { useNavigate } from 'react-router';
import { api, unwrap } from '../../api/client';
import { configKeys } from '../../api/queries/configs';
import { useUrlState } from '../../app/hooks';
import { useSession } from '../../app/session';
import { Button, Card, Empty, ErrorBox, Loading, Pager, when } from '../../ui/kit';

const DiffView = lazy(() => import('./diff-view'));
const ConfigViewer = lazy(() => import('./config-viewer'));

/**
 * A device's configuration history: pick any two versions (newest against the one before by
 * default) and see their diff side by side or unified; read any version in the browser (a
 * link to one of its lines is the page's URL), or download it as text.
 */
export function ConfigHistory({ deviceId, hostname }: { deviceId: string; hostname: string }) {
  const { get, set } = useUrlState();
  const [page, setPage] = useState(1);
  const [layout, setLayout] = useState<'side-by-side' | 'line-by-line'>('side-by-side');
  const [from, setFrom] = useState<string | null>(null);
  const to = get('snapshot') || null;
  const viewing = get('view') || null;
  const line = Number(get('line')) || undefined;
  const { can } = useSession();
  const navigate = useNavigate();
  // A rollback is a change like any other: drafted here, previewed and committed on its page.
  const rollback = useMutation({
    mutationFn: (snapshotId: string) =>
      unwrap(api.POST('/api/v1/changes/rollback', { body: { snapshotId } })),
    onSuccess: (c) => navigate(`/changes/${c.id}`),
  });
  const history = useQuery({
    queryKey: configKeys.history(deviceId, page),
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/devices/{id}/configs', {
          params: { path: { id: deviceId }, query: { page, pageSize: 25 } },
        }),
      ),
  });
  const diff = useQuery({
    queryKey: configKeys.diff(deviceId, from, to),
    enabled: (history.data?.total ?? 0) > 1 || Boolean(from),
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/devices/{id}/configs/diff', {
          params: { path: { id: deviceId }, query: { ...(from ? { from } : {}), ...(to ? { to } : {}) } },
        }),
      ),
  });

  if (history.isPending) return <Loading />;
  if (history.error) return <ErrorBox error={history.error} />;
  if (history.data.total === 0) return <Empty>No configuration stored yet: run a backup.</Empty>;
  const latestId = history.data.items[0]?.id;

  return (
    <div className="space-y-4">
      <Card title={`Versions (${history.data.total})`}>
        <ErrorBox error={rollback.error} />
        <table className="w-full text-sm">
          <thead className="text-xs text-slate-500">
            <tr>
              <th className="text-left">Taken</th>
              <th className="text-left">By</th>
              <th className="text-right">Lines</th>
              <th className="text-center">From</th>
              <th className="text-center">To</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {history.data.items.map((s) => (
              <tr key={s.id} className="border-t border-slate-200 dark:border-slate-800" data-snapshot={s.id}>
                <td className="py-1">{when(s.createdAt)}</td>
                <td>{s.requestedByName || s.source}</td>
                <td className="text-right">{s.lines}</td>
                <td className="text-center">
                  <input
                    type="radio"
                    name="diff-from"
                    aria-label={`diff from ${s.createdAt}`}
                    checked={diff.data?.from.id === s.id}
                    onChange={() => setFrom(s.id)}
                  />
                </td>
                <td className="text-center">
                  <input
                    type="radio"
                    name="diff-to"
                    aria-label={`diff to ${s.createdAt}`}
                    checked={(diff.data?.to.id ?? to ?? latestId) === s.id}
                    onChange={() => set({ snapshot: s.id === latestId ? null : s.id })}
                  />
                </td>
                <td className="space-x-2 text-right">
                  <button
                    type="button"
                    className="text-sky-700 hover:underline dark:text-sky-400"
                    aria-pressed={viewing === s.id}
                    onClick={() => set({ view: s.id, line: null })}
                  >
                    view
                  </button>
                  <a
                    className="text-sky-700 hover:underline dark:text-sky-400"
                    href={`/api/v1/configs/${s.id}/raw`}
                    download
                  >
                    download
                  </a>
                  {can('operator') && s.id !== latestId && (
                    <button
                      type="button"
                      className="text-sky-700 hover:underline dark:text-sky-400"
                      onClick={() => rollback.mutate(s.id)}
                    >
                      roll back to this
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <Pager
          page={history.data.page}
          pageSize={history.data.pageSize}
          total={history.data.total}
          onPage={setPage}
        />
      </Card>
      {(viewing || history.data.total === 1) && (
        <ConfigCard
          snapshotId={viewing ?? latestId!}
          taken={history.data.items.find((s) => s.id === (viewing ?? latestId))?.createdAt}
          hostname={hostname}
          line={line}
          onLine={(n) => set({ view: viewing ?? latestId!, line: String(n) })}
          onClose={history.data.total > 1 ? () => set({ view: null, line: null }) : undefined}
        />
      )}
      <Card
        title={
          diff.data
            ? `Diff: ${when(diff.data.from.createdAt)} → ${when(diff.data.to.createdAt)}  (+${diff.data.added} −${diff.data.removed})`
            : 'Diff'
        }
        actions={
          <>
            <Button
              variant={layout === 'side-by-side' ? 'primary' : 'secondary'}
              onClick={() => setLayout('side-by-side')}
            >
              Side by side
            </Button>
            <Button
              variant={layout === 'line-by-line' ? 'primary' : 'secondary'}
              onClick={() => setLayout('line-by-line')}
            >
              Unified
            </Button>
          </>
        }
      >
        {history.data.total < 2 && !from ? (
          <Empty>Only one version so far: a diff needs two.</Empty>
        ) : diff.isPending ? (
          <Loading />
        ) : diff.error ? (
          <ErrorBox error={diff.error} />
        ) : diff.data.unified ? (
          <Suspense fallback={<Loading />}>
            <DiffView unified={diff.data.unified} layout={layout} name={hostname} />
          </Suspense>
        ) : (
          <Empty>These two versions are the same.</Empty>
        )}
      </Card>
    </div>
  );
}

function ConfigCard({
  snapshotId,
  taken,
  hostname,
  line,
  onLine,
  onClose,
}: {
  snapshotId: string;
  taken: string | undefined;
  hostname: string;
  line: number | undefined;
  onLine: (line: number) => void;
  onClose: (() => void) | undefined;
}) {
  return (
    <Card
      title={`Configuration${taken ? ` of ${when(taken)}` : ''}`}
      actions={onClose && <Button onClick={onClose}>Close</Button>}
    >
      <Suspense fallback={<Loading />}>
        <ConfigViewer
          snapshotId={snapshotId}
          line={line}
          onLine={onLine}
          label={`configuration of ${hostname}`}
        />
      </Suspense>
    </Card>
  );
}
