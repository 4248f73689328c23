import { useNavigate } from 'react-router';
import { api, unwrap } from '../../api/client';
import { useComplianceResults } from '../../api/queries/compliance';
import { useSession } from '../../app/session';
import { useFormMutation } from '../../ui/forms';
import { ago, Badge, Button, Empty, ErrorBox } from '../../ui/kit';

type Finding = { message: string; at?: number; context: string[] };

/** A device's compliance tab: each failing rule with its lines and its fix, and a change for them all. */
export function DeviceCompliance({ deviceId, customerId }: { deviceId: string; customerId: string }) {
  const { can } = useSession();
  const navigate = useNavigate();
  const results = useComplianceResults({ deviceId, pageSize: 500 });
  const items = results.data?.items ?? [];
  const failing = items.filter((r) => r.status === 'fail' || r.status === 'error');
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
            {(Array.isArray(r.findings) ? (r.findings as Finding[]) : []).map((f) => (
              <div key={`${f.context.join('/')}:${f.at ?? ''}:${f.message}`} className="mono ml-4 text-xs">
                {f.at ? `line ${f.at}: ` : ''}
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
    </div>
  );
}
