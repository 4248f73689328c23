import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { api, unwrap } from '../../api/client';
import { jobKeys } from '../../api/queries/jobs';
import { useUrlState } from '../../app/hooks';
import { useCustomerFilter, useSession } from '../../app/session';
import { ErrorBox, PageHeader, Pager, Select } from '../../ui/kit';
import { JOB_LABELS, type Job, JobsTable } from './jobs-table';

const STATUSES: Job['status'][] = ['queued', 'running', 'success', 'partial', 'failed', 'cancelled'];

export default function JobsPage() {
  const { can } = useSession();
  const filter = useCustomerFilter();
  const { get, set } = useUrlState();
  const query = {
    ...filter,
    page: Number(get('page') || 1),
    pageSize: 50,
    ...(get('type') ? { type: [get('type') as Job['type']] } : {}),
    ...(get('status') ? { status: [get('status') as Job['status']] } : {}),
  };
  const list = useQuery({
    queryKey: jobKeys.list(query),
    queryFn: () => unwrap(api.GET('/api/v1/jobs', { params: { query } })),
    placeholderData: keepPreviousData,
    // Running jobs move; the list follows without a reload.
    refetchInterval: 5_000,
  });
  return (
    <div>
      <PageHeader
        title="Jobs"
        actions={
          can('operator') && (
            <>
              <Link
                className="rounded border border-slate-300 px-3 py-1.5 text-sm dark:border-slate-700"
                to="/jobs/new?type=run_commands"
              >
                Run commands…
              </Link>
              <Link
                className="rounded bg-sky-700 px-3 py-1.5 text-sm font-medium text-white hover:bg-sky-600"
                to="/jobs/new"
              >
                New job
              </Link>
            </>
          )
        }
      />
      <div className="mb-3 flex gap-2">
        <Select
          className="w-48"
          aria-label="filter job type"
          value={get('type')}
          onChange={(e) => set({ type: e.target.value })}
        >
          <option value="">any type</option>
          {Object.entries(JOB_LABELS).map(([k, v]) => (
            <option key={k} value={k}>
              {v}
            </option>
          ))}
        </Select>
        <Select
          className="w-36"
          aria-label="filter job status"
          value={get('status')}
          onChange={(e) => set({ status: e.target.value })}
        >
          <option value="">any status</option>
          {STATUSES.map((s) => (
            <option key={s}>{s}</option>
          ))}
        </Select>
      </div>
      <ErrorBox error={list.error} />
      <JobsTable rows={list.data?.items ?? []} />
      {list.data && (
        <Pager
          page={list.data.page}
          pageSize={list.data.pageSize}
          total={list.data.total}
          onPage={(p) => set({ page: String(p) })}
        />
      )}
    </div>
  );
}
