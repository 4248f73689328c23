import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { api, unwrap } from '../../api/client';
import { complianceKeys, type Policy, useComplianceResults } from '../../api/queries/compliance';
import { useSession } from '../../app/session';
import { RowActions, useFormMutation } from '../../ui/forms';
import { Badge, Button, ErrorBox, Modal, PageHeader, Select } from '../../ui/kit';
import { type Column, Table } from '../../ui/table';
import { ComplianceMatrix } from './compliance-matrix';
import { PolicyEditor } from './policy-editor';

/** The customer's policies with how many devices comply, and the matrix of one policy. */
export default function CompliancePage() {
  const { can, customerId } = useSession();
  const navigate = useNavigate();
  const [editing, setEditing] = useState<Policy | 'new' | null>(null);
  const [selected, setSelected] = useState<string>('');
  const query = { pageSize: 200, ...(customerId ? { customerId } : {}) };
  const policies = useQuery({
    queryKey: complianceKeys.policies(query),
    queryFn: () => unwrap(api.GET('/api/v1/compliance/policies', { params: { query } })),
    // A policy with rules and no results yet is being evaluated.
    refetchInterval: (q) =>
      q.state.data?.items.some((p) => p.ruleCount > 0 && p.devices === 0) ? 2000 : 10_000,
  });
  // Policies deleted here: gone from the page at once, before the list comes back without them.
  const [gone, setGone] = useState<string[]>([]);
  const items = (policies.data?.items ?? []).filter((p) => !gone.includes(p.id));
  const policy = items.find((p) => p.id === selected) ?? items[0];
  const qc = useQueryClient();
  const remove = useMutation({
    mutationFn: (id: string) =>
      unwrap(api.DELETE('/api/v1/compliance/policies/{id}', { params: { path: { id } } })),
    onSuccess: (_, id) => {
      setGone((g) => [...g, id]);
      void qc.invalidateQueries({ queryKey: ['compliance', 'policies'] });
    },
  });
  const columns: Column<Policy>[] = [
    {
      key: 'name',
      header: 'Policy',
      cell: (p) => (
        <button
          type="button"
          className="font-medium text-sky-700 hover:underline dark:text-sky-400"
          onClick={() => setSelected(p.id)}
        >
          {p.name}
        </button>
      ),
    },
    { key: 'rules', header: 'Rules', cell: (p) => `${p.ruleCount} config, ${p.stateCount} state` },
    {
      key: 'share',
      header: 'Compliant devices',
      cell: (p) =>
        p.devices === 0 ? (
          <span className="text-xs text-slate-500">not evaluated yet</span>
        ) : (
          <span data-testid={`share-${p.name}`}>
            <Badge
              value={`${Math.round((100 * p.compliant) / p.devices)}%`}
              tone={p.compliant === p.devices ? 'success' : 'partial'}
            />{' '}
            <span className="text-xs">
              {p.compliant} of {p.devices}
            </span>
          </span>
        ),
    },
    { key: 'author', header: 'By', cell: (p) => p.createdByName },
    {
      key: 'actions',
      header: '',
      cell: (p) =>
        can('operator') && (
          <RowActions name={p.name} onEdit={() => setEditing(p)} onDelete={() => remove.mutate(p.id)} />
        ),
    },
  ];
  return (
    <div className="space-y-4">
      <PageHeader
        title="Compliance"
        actions={
          can('operator') && (
            <Button variant="primary" onClick={() => setEditing('new')}>
              New policy
            </Button>
          )
        }
      />
      <ErrorBox error={policies.error ?? remove.error} />
      <Table
        rows={items}
        columns={columns}
        rowKey={(p) => p.id}
        empty="No policies yet. A policy states what every device in its scope must (and must not) have."
      />
      {policy && (
        <PolicyResults key={policy.id} policy={policy} onChange={(c) => navigate(`/changes/${c}`)} />
      )}
      {editing && (
        <Modal
          title={editing === 'new' ? 'New policy' : `Edit ${editing.name}`}
          onClose={() => setEditing(null)}
          wide
        >
          <PolicyEditor
            policy={editing === 'new' ? undefined : editing}
            onDone={(p) => {
              setEditing(null);
              setSelected(p.id);
            }}
          />
        </Modal>
      )}
    </div>
  );
}

/** One policy's devices × rules, and a change that fixes the failing ones. */
function PolicyResults({ policy, onChange }: { policy: Policy; onChange(changeId: string): void }) {
  const { can } = useSession();
  const [status, setStatus] = useState<'' | 'fail' | 'pass'>('');
  const results = useComplianceResults({ policyId: policy.id, pageSize: 500, ...(status ? { status } : {}) });
  const failing = [
    ...new Set(
      (results.data?.items ?? []).filter((r) => r.status === 'fail' && r.remediation).map((r) => r.deviceId),
    ),
  ];
  const remediate = useFormMutation(
    () =>
      unwrap(
        api.POST('/api/v1/compliance/remediate', {
          body: { customerId: policy.customerId, policyId: policy.id, deviceIds: failing },
        }),
      ),
    { invalidate: [['changes']], onSuccess: (c) => onChange(c.id) },
  );
  return (
    <section className="space-y-2">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 className="text-lg font-semibold">{policy.name}</h2>
        <div className="flex items-center gap-2">
          <Select
            aria-label="result status"
            value={status}
            onChange={(e) => setStatus(e.target.value as typeof status)}
          >
            <option value="">every result</option>
            <option value="fail">failing</option>
            <option value="pass">passing</option>
          </Select>
          {can('operator') && (
            <Button
              variant="primary"
              disabled={failing.length === 0 || remediate.isPending}
              onClick={() => remediate.mutate()}
            >
              Create remediation change ({failing.length})
            </Button>
          )}
        </div>
      </div>
      <ErrorBox error={results.error ?? remediate.error} />
      <Trend policyId={policy.id} />
      <ComplianceMatrix results={results.data?.items ?? []} />
      <p className="text-xs text-slate-500">
        A device’s results follow its configuration: each backup that stores a new one evaluates it again.{' '}
        <Link className="text-sky-700 underline dark:text-sky-400" to="/jobs">
          Jobs
        </Link>{' '}
        show each evaluation.
      </p>
    </section>
  );
}

/** The last 30 days' share of compliant devices, one bar a day. */
function Trend({ policyId }: { policyId: string }) {
  const trend = useQuery({
    queryKey: complianceKeys.trend(policyId),
    queryFn: () =>
      unwrap(api.GET('/api/v1/compliance/policies/{id}/trend', { params: { path: { id: policyId } } })),
    // Empty until the first evaluation has stored results.
    refetchInterval: (q) => (q.state.data?.items.length ? 30_000 : 2000),
  });
  const items = trend.data?.items ?? [];
  if (items.length === 0) return null;
  const share = (d: { devices: number; compliant: number }) => (d.devices ? d.compliant / d.devices : 0);
  const last = items.at(-1)!;
  return (
    <div className="flex items-end gap-3 text-xs" data-testid="compliance-trend">
      <div className="flex h-10 items-end gap-px" role="img" aria-label="compliant devices over 30 days">
        {items.map((d) => (
          // The day's column is the devices; its green part the share that complied.
          <div
            key={d.day}
            title={`${d.day}: ${d.compliant} of ${d.devices} comply`}
            className="flex h-full w-2 items-end rounded-sm bg-red-200 dark:bg-red-900"
          >
            <div
              className="w-full rounded-sm bg-emerald-500 dark:bg-emerald-600"
              style={{ height: `${share(d) * 100}%` }}
            />
          </div>
        ))}
      </div>
      <span className="text-slate-500">
        {Math.round(share(last) * 100)}% compliant today · {items.length} day{items.length === 1 ? '' : 's'}{' '}
        of history
      </span>
    </div>
  );
}
