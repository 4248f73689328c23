import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { api, unwrap } from '../../api/client';
import { scheduleKeys } from '../../api/queries/admin';
import { useSession } from '../../app/session';
import { RowActions } from '../../ui/forms';
import { ago, Button, ErrorBox, Modal, PageHeader, Pager, whenZoned } from '../../ui/kit';
import { type Column, Table } from '../../ui/table';
import { JOB_LABELS } from '../jobs/jobs-table';
import { type Schedule, ScheduleForm } from './schedule-form';

function timing(s: Schedule): string {
  if (s.kind === 'cron') return `cron ${s.cron} (${s.timezone})`;
  if (s.kind === 'interval') return `every ${s.intervalMinutes} min`;
  return `once at ${whenZoned(s.runAt)}`;
}

export default function SchedulesPage() {
  const { can } = useSession();
  const qc = useQueryClient();
  const [page, setPage] = useState(1);
  const [editing, setEditing] = useState<Schedule | 'new' | null>(null);
  const list = useQuery({
    queryKey: scheduleKeys.page(page),
    queryFn: () => unwrap(api.GET('/api/v1/schedules', { params: { query: { page, pageSize: 50 } } })),
    refetchInterval: 30_000,
  });
  const toggle = useMutation({
    mutationFn: (s: Schedule) =>
      unwrap(
        api.PATCH('/api/v1/schedules/{id}', {
          params: { path: { id: s.id } },
          body: { enabled: !s.enabled },
        }),
      ),
    onSuccess: () => qc.invalidateQueries({ queryKey: scheduleKeys.all }),
  });
  const remove = useMutation({
    mutationFn: (s: Schedule) =>
      unwrap(api.DELETE('/api/v1/schedules/{id}', { params: { path: { id: s.id } } })),
    onSuccess: () => qc.invalidateQueries({ queryKey: scheduleKeys.all }),
  });
  const columns: Column<Schedule>[] = [
    { key: 'name', header: 'Name', cell: (s) => <span className="font-medium">{s.name}</span> },
    { key: 'job', header: 'Job', cell: (s) => JOB_LABELS[s.jobType] },
    { key: 'when', header: 'When', cell: (s) => <span className="mono text-xs">{timing(s)}</span> },
    {
      key: 'next',
      header: 'Next run',
      // In the schedule's own zone when it has one (a cron at 02:00 Europe/Berlin), named either way.
      cell: (s) =>
        s.enabled ? whenZoned(s.nextRunAt, s.kind === 'cron' ? s.timezone : undefined) : 'disabled',
    },
    {
      key: 'last',
      header: 'Last run',
      cell: (s) =>
        s.lastJobId ? (
          <Link className="text-sky-700 hover:underline dark:text-sky-400" to={`/jobs/${s.lastJobId}`}>
            {ago(s.lastRunAt)}
          </Link>
        ) : (
          ago(s.lastRunAt)
        ),
    },
    {
      key: 'error',
      header: 'Last error',
      cell: (s) => <span className="text-red-700 dark:text-red-400">{s.lastError ?? ''}</span>,
    },
    { key: 'owner', header: 'Owner', cell: (s) => s.ownerName },
    ...(can('operator')
      ? [
          {
            key: 'actions',
            header: '',
            cell: (s: Schedule) => (
              <div className="flex justify-end gap-1">
                <Button onClick={() => toggle.mutate(s)}>{s.enabled ? 'Disable' : 'Enable'}</Button>
                <RowActions
                  name={`schedule "${s.name}"`}
                  onEdit={() => setEditing(s)}
                  onDelete={() => remove.mutate(s)}
                />
              </div>
            ),
          },
        ]
      : []),
  ];
  return (
    <div>
      <PageHeader
        title="Schedules"
        actions={
          can('operator') && (
            <Button variant="primary" onClick={() => setEditing('new')}>
              New schedule
            </Button>
          )
        }
      />
      <ErrorBox error={list.error ?? toggle.error ?? remove.error} />
      <Table rows={list.data?.items ?? []} columns={columns} rowKey={(s) => s.id} empty="No schedules yet." />
      {list.data && (
        <Pager page={list.data.page} pageSize={list.data.pageSize} total={list.data.total} onPage={setPage} />
      )}
      {editing && (
        <Modal
          title={editing === 'new' ? 'New schedule' : `Edit ${editing.name}`}
          onClose={() => setEditing(null)}
          wide
        >
          <ScheduleForm schedule={editing === 'new' ? undefined : editing} onDone={() => setEditing(null)} />
        </Modal>
      )}
    </div>
  );
}
