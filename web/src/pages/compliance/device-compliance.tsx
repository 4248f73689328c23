import { lazy, Suspense, useState } from 'react';
import { useNavigate } from 'react-router';
import { api, unwrap } from '../../api/client';
import { useComplianceHistory, useComplianceResults } from '../../api/queries/compliance';
import { useSession } from '../../app/session';
import { useFormMutation } from '../../ui/forms';
import { ago, Badge, Button, Card, Empty, ErrorBox, Loading } from '../../ui/kit';
import type { FlaggedLine } from '../configs/config-viewer';

const ConfigViewer = lazy(() => import('../configs/config-viewer'));

type Finding = { message: string; at?: number; context: string[] };
type Failing = { rule: string; findings: unknown; snapshotId: string | null };

const findingsOf = (r: { findings: unknown }) => (Array.isArray(r.findings) ? (r.findings as Finding[]) : []);

/** The line (1-based) of a block's header in the text: its headers matched one after the other. */
function headerLine(lines: string[], context: string[]): number | undefined {
  let from = 0;
  let at: number | undefined;
  for (const header of context) {
    const i = lines.findIndex((l, n) => n >= from && l.trimEnd() === header.trimEnd());
    if (i < 0) return undefined;
    at = i + 1;
    from = i + 1;
  }
  return at;
}

/**
 * The lines to flag in the configuration the verdicts were made on: a line that is there and
 * should not be, and the header of a block a line is missing from.
 */
export function flaggedLines(failing: Failing[], text: string): FlaggedLine[] {
  const lines = text.split('\n');
  return failing.flatMap((r) =>
    findingsOf(r).flatMap((f): FlaggedLine[] => {
      const title = `${r.rule}: ${f.message}`;
      if (f.at) return [{ line: f.at, tone: 'fail', title }];
      const header = f.context.length ? headerLine(lines, f.context) : undefined;
      return header ? [{ line: header, tone: 'block', title }] : [];
    }),
  );
}

/** A device's compliance tab: each failing rule with its lines and its fix, and a change for them all. */
export function DeviceCompliance({ deviceId, customerId }: { deviceId: string; customerId: string }) {
  const { can } = useSession();
  const navigate = useNavigate();
  const results = useComplianceResults({ deviceId, pageSize: 500 });
  const items = results.data?.items ?? [];
  const failing = items.filter((r) => r.status === 'fail' || r.status === 'error');
  const [line, setLine] = useState<number | undefined>();
  // The configuration the latest configuration verdicts were made on.
  const snapshotId = items.find((r) => r.kind === 'config' && r.snapshotId)?.snapshotId ?? null;
  const onSnapshot = failing.filter((r) => r.snapshotId === snapshotId);
  const remediate = useFormMutation(
    () => unwrap(api.POST('/api/v1/compliance/remediate', { body: { customerId, deviceIds: [deviceId] } })),
    { invalidate: [['changes']], onSuccess: (c) => navigate(`/changes/${c.id}`) },
  );
  if (results.error) return <ErrorBox error={results.error} />;
  if (results.data && items.length === 0)
    return <Empty>No policy of this customer covers this device yet.</Empty>;
  return (
    <div className="space-y-3" data-testid="device-compliance">
      <div className="flex flex-wrap items-center justify-between gap-2 text-sm">
        <span>
          {failing.length === 0
            ? `Complies with all ${items.length} rules.`
            : `${failing.length} of ${items.length} rules fail.`}
        </span>
        {can('operator') && failing.some((r) => r.remediation) && (
          <Button variant="primary" disabled={remediate.isPending} onClick={() => remediate.mutate()}>
            Create change to fix
          </Button>
        )}
      </div>
      <ErrorBox error={remediate.error} />
      <ul className="space-y-2">
        {[...failing, ...items.filter((r) => !failing.includes(r))].map((r) => (
          <li
            key={`${r.policyId}/${r.rule}`}
            className="rounded border border-slate-200 p-2 text-sm dark:border-slate-700"
          >
            <div>
              <Badge
                value={r.status}
                tone={r.status === 'pass' ? 'success' : r.status === 'fail' ? 'failed' : 'queued'}
              />{' '}
              <span className="font-medium">{r.rule}</span>{' '}
              <span className="text-xs text-slate-500">
                {r.policyName} · {r.severity} · since {ago(r.since)}
              </span>
            </div>
            {findingsOf(r).map((f) => (
              <div key={`${f.context.join('/')}:${f.at ?? ''}:${f.message}`} className="mono ml-4 text-xs">
                {f.at && r.snapshotId === snapshotId ? (
                  <button
                    type="button"
                    className="text-sky-700 hover:underline dark:text-sky-400"
                    onClick={() => setLine(f.at)}
                  >
                    line {f.at}
                  </button>
                ) : f.at ? (
                  `line ${f.at}`
                ) : (
                  ''
                )}
                {f.at ? ': ' : ''}
                {f.context.length ? `${f.context.join(' › ')}: ` : ''}
                {f.message}
              </div>
            ))}
            {r.remediation && (
              <pre className="mono mt-1 overflow-x-auto rounded bg-slate-100 p-2 text-xs dark:bg-slate-800">
                {r.remediation}
              </pre>
            )}
          </li>
        ))}
      </ul>
      <StatusHistory deviceId={deviceId} />
      {snapshotId && (
        <Card title="The configuration these verdicts were made on">
          <p className="mb-2 text-xs text-slate-500">
            Red: a line that must not be there. Amber: the section a required line is missing from.
          </p>
          <Suspense fallback={<Loading />}>
            <ConfigViewer
              snapshotId={snapshotId}
              flagsOf={(text) => flaggedLines(onSnapshot, text)}
              line={line}
              onLine={setLine}
              label="configuration with its compliance findings"
            />
          </Suspense>
        </Card>
      )}
    </div>
  );
}

/** When the device's rules started and stopped complying: the last 50 changes, newest first. */
function StatusHistory({ deviceId }: { deviceId: string }) {
  const history = useComplianceHistory({ deviceId, pageSize: 50 });
  if (history.error) return <ErrorBox error={history.error} />;
  const items = history.data?.items ?? [];
  if (items.length === 0) return null;
  return (
    <Card title="History">
      <ul className="space-y-1 text-sm" data-testid="compliance-history">
        {items.map((h) => (
          <li key={`${h.policyId}/${h.rule}/${String(h.at)}/${h.status}`}>
            <span className="text-xs text-slate-500" title={new Date(h.at).toLocaleString()}>
              {ago(h.at)}
            </span>{' '}
            <span className="font-medium">{h.rule}</span>{' '}
            <span className="text-xs text-slate-500">({h.policyName})</span>{' '}
            {h.status === 'pass'
              ? 'started complying'
              : h.status === 'fail'
                ? 'started failing'
                : h.status.replace('_', ' ')}
          </li>
        ))}
      </ul>
    </Card>
  );
}
