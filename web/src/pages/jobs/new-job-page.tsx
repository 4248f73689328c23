import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useLocation, useNavigate, useSearchParams } from 'react-router';
import { api, unwrap } from '../../api/client';
import { useSession } from '../../app/session';
import { Button, Card, ErrorBox, PageHeader } from '../../ui/kit';
import { emptyDraft, JobFields, type JobType, toJobCreate } from './job-form';
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
  const start = useMutation({
    mutationFn: () => unwrap(api.POST('/api/v1/jobs', { body: toJobCreate(draft, customerId) })),
    onSuccess: (job) => navigate(`/jobs/${job.id}`),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    start.mutate();
  };
  if (!can('operator')) return <ErrorBox error="Starting jobs needs the operator role." />;
  return (
    <div className="max-w-4xl">
      <PageHeader title={draft.type === 'run_commands' ? 'Run commands' : 'New job'} />
      <Card>
        <form onSubmit={submit} className="space-y-4" aria-label="new job">
          <JobFields draft={draft} onChange={setDraft} error={start.error} />
          <ErrorBox error={start.error} />
          <div className="flex justify-end">
            <Button type="submit" variant="primary" disabled={start.isPending}>
              Start {JOB_LABELS[draft.type].toLowerCase()}
            </Button>
          </div>
        </form>
      </Card>
    </div>
  );
}
