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
  const policy = policies.data?.items.find((p) => p.id === selected) ?? policies.data?.items[0];
  const qc = useQueryClient();
  const remove = useMutation({
    mutationFn: (id: string) =>
      unwrap(api.DELETE('/api/v1/compliance/policies/{id}', { params: { path: { id } } })),
    onSuccess: () => void qc.invalidateQueries({ queryKey: complianceKeys.all }),
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
        rows={policies.data?.items ?? []}
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
      <ComplianceMatrix results={results.data?.items ?? []} />
      <p className="text-xs text-slate-500">
        A device’s results follow its configuration: each backup that stores a new one evaluates it again.{' '}
        <Link className="text-sky-700 hover:underline dark:text-sky-400" to="/jobs">
          Jobs
        </Link>{' '}
        show each evaluation.
      </p>
    </section>
  );
}
