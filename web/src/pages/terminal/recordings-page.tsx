import { Link } from 'react-router';
import type { GetResult } from '../../api/client';
import { useRecordings } from '../../api/queries/terminal';
import { useUrlState } from '../../app/hooks';
import { useCustomerFilter, useSession } from '../../app/session';
import { ErrorBox, Input, PageHeader, Pager, when } from '../../ui/kit';
import { type Column, Table } from '../../ui/table';

type Session = GetResult<'/api/v1/terminal-sessions'>['items'][number];
const PAGE_SIZE = 50;

export const duration = (s: Pick<Session, 'startedAt' | 'endedAt'>) => {
  if (!s.endedAt) return 'open';
  const seconds = Math.round((new Date(s.endedAt).getTime() - new Date(s.startedAt).getTime()) / 1000);
  return seconds < 60 ? `${seconds} s` : `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
};

const kb = (bytes: number) => (bytes < 1024 ? `${bytes} B` : `${(bytes / 1024).toFixed(1)} KB`);

/** The recordings table, for this page and a device's tab. */
export function RecordingsTable({ rows, pending }: { rows: Session[]; pending: boolean }) {
  const columns: Column<Session>[] = [
    {
      key: 'startedAt',
      header: 'Started',
      cell: (s) => (
        <Link
          className="whitespace-nowrap text-sky-700 hover:underline dark:text-sky-400"
          to={`/recordings/${s.id}`}
        >
          {when(s.startedAt)}
        </Link>
      ),
    },
    { key: 'device', header: 'Device', cell: (s) => <Link to={`/devices/${s.deviceId}`}>{s.hostname}</Link> },
    { key: 'user', header: 'User', cell: (s) => s.username },
    { key: 'duration', header: 'Duration', cell: (s) => duration(s) },
    { key: 'end', header: 'Ended', cell: (s) => <span className="text-slate-500">{s.endReason ?? ''}</span> },
    {
      key: 'size',
      header: 'Size',
      className: 'text-right',
      cell: (s) => (
        <span title={`${kb(s.storedSize)} stored`}>
          {kb(s.size)}
          {s.recordsInput ? ' · keys' : ''}
        </span>
      ),
    },
  ];
  return (
    <Table
      label="terminal recordings"
      rows={rows}
      columns={columns}
      rowKey={(s) => s.id}
      empty={pending ? 'Loading…' : 'No terminal sessions match.'}
    />
  );
}

/**
 * Every browser terminal session on the customer's devices (operators): who, which device, when,
 * how long and how it ended, searchable by device or user name; each opens its replay.
 */
export default function RecordingsPage() {
  const { can } = useSession();
  const customer = useCustomerFilter();
  const { get, set } = useUrlState();
  const page = Number(get('page') || 1);
  const query = { ...customer, page, pageSize: PAGE_SIZE, ...(get('q') ? { q: get('q') } : {}) };
  const list = useRecordings(query, can('operator'));
  if (!can('operator')) return <ErrorBox error="Terminal recordings are for operators and admins." />;
  return (
    <div>
      <PageHeader title="Terminal recordings" />
      <div className="mb-3 flex gap-2">
        <Input
          className="w-64"
          placeholder="device or user name"
          aria-label="search recordings"
          value={get('q')}
          onChange={(e) => set({ q: e.target.value, page: null })}
        />
      </div>
      <ErrorBox error={list.error} />
      <RecordingsTable rows={list.data?.items ?? []} pending={list.isPending} />
      {list.data && (
        <Pager
          page={page}
          pageSize={PAGE_SIZE}
          total={list.data.total}
          onPage={(p) => set({ page: String(p) })}
        />
      )}
    </div>
  );
}
