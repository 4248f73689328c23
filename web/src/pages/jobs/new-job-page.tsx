import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useLocation, useNavigate, useSearchParams } from 'react-router';
import { api, unwrap } from '../../api/client';
import { useSession } from '../../app/session';
import { Button, Card, ErrorBox, Modal, PageHeader } from '../../ui/kit';
import { emptyDraft, JobFields, type JobType, needsTargetChoice, targetsOf, toJobCreate } from './job-form';
import { JOB_LABELS } from './jobs-table';

export default function NewJobPage() {
  const { customerId, can } = useSession();
  const [params] = useSearchParams();
  const location = useLocation();
  const navigate = useNavigate();
  const deviceIds = (location.state as { deviceIds?: string[] } | null)?.deviceIds ?? [];
  const initialType = (params.get('type') as JobType | null) ?? 'config_backup';
  const [draft, setDraft] = useState(() =>
    emptyDraft(initialType in JOB_LABELS ? initialType : 'config_backup', deviceIds),
  );
  // Before anything runs, what it would reach: the devices and their customers, to confirm.
  const reach = useMutation({
    mutationFn: () =>
      unwrap(api.POST('/api/v1/jobs/targets', { body: { targets: targetsOf(draft, customerId) } })),
  });
  const start = useMutation({
    mutationFn: () => unwrap(api.POST('/api/v1/jobs', { body: toJobCreate(draft, customerId) })),
    onSuccess: (job) => navigate(`/jobs/${job.id}`),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    reach.mutate();
  };
  if (!can('operator')) return <ErrorBox error="Starting jobs needs the operator role." />;
  const label = JOB_LABELS[draft.type].toLowerCase();
  const commands = draft.commands.split('\n').filter((c) => c.trim());
  return (
    <div className="max-w-4xl">
      <PageHeader title={draft.type === 'run_commands' ? 'Run commands' : 'New job'} />
      <Card>
        <form onSubmit={submit} className="space-y-4" aria-label="new job">
          <JobFields draft={draft} onChange={setDraft} error={start.error} />
          <ErrorBox error={start.error ?? reach.error} />
          <div className="flex justify-end">
            <Button
              type="submit"
              variant="primary"
              disabled={reach.isPending || start.isPending || needsTargetChoice(draft)}
            >
              Start {label}
            </Button>
          </div>
        </form>
      </Card>
      {reach.data && (
        <Modal title="Confirm job" onClose={() => reach.reset()}>
          <div className="space-y-3 text-sm" data-testid="job-confirm">
            <p className="font-medium">
              {reach.data.total === 0
                ? 'No enabled device you can see matches these targets.'
                : `Start ${label} on ${reach.data.total} ${reach.data.total === 1 ? 'device' : 'devices'}?`}
            </p>
            {reach.data.customers.length > 0 && (
              <ul className="list-inside list-disc" aria-label="customers">
                {reach.data.customers.map((c) => (
                  <li key={c.id}>
                    {c.name}: {c.devices}
                  </li>
                ))}
              </ul>
            )}
            {reach.data.hostnames.length > 0 && (
              <p className="text-slate-500">
                {reach.data.hostnames.join(', ')}
                {reach.data.total > reach.data.hostnames.length &&
                  ` and ${reach.data.total - reach.data.hostnames.length} more`}
              </p>
            )}
            {draft.type === 'run_commands' && commands.length > 0 && (
              <pre className="mono max-h-40 overflow-auto rounded bg-slate-100 p-2 text-xs dark:bg-slate-800">
                {commands.join('\n')}
              </pre>
            )}
            <ErrorBox error={start.error} />
            <div className="flex justify-end gap-2">
              <Button variant="ghost" onClick={() => reach.reset()}>
                Back
              </Button>
              {reach.data.total > 0 && (
                <Button variant="primary" disabled={start.isPending} onClick={() => start.mutate()}>
                  Start on {reach.data.total} {reach.data.total === 1 ? 'device' : 'devices'}
                </Button>
              )}
            </div>
          </div>
        </Modal>
      )}
    </div>
  );
}
