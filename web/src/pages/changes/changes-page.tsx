import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { api, unwrap } from '../../api/client';
import { type Change, changeKeys } from '../../api/queries/changes';
import { useSession } from '../../app/session';
import { ago, Badge, Button, ErrorBox, Modal, PageHeader, Pager } from '../../ui/kit';
import { type Column, Table } from '../../ui/table';
import { ChangeForm } from './change-form';

type Row = Omit<Change, 'approvals' | 'needsApproval' | 'approved'>;

function targetsOf(c: Row): string {
  if (c.targets.deviceIds?.length) return `${c.targets.deviceIds.length} devices`;
  const f = Object.entries(c.targets.filter ?? {}).filter(([k]) => k !== 'customerId');
  return f.length ? f.map(([k, v]) => `${k}: ${[v].flat().join(', ')}`).join('; ') : 'every device';
}

export default function ChangesPage() {
  const { can, customerId } = useSession();
  const navigate = useNavigate();
  const [page, setPage] = useState(1);
  const [creating, setCreating] = useState(false);
  const query = { page, pageSize: 50, ...(customerId ? { customerId } : {}) };
  const list = useQuery({
    queryKey: changeKeys.list(query),
    queryFn: () => unwrap(api.GET('/api/v1/changes', { params: { query } })),
    refetchInterval: 10_000,
  });
  const columns: Column<Row>[] = [
    {
      key: 'title',
      header: 'Change',
      cell: (c) => (
        <Link className="font-medium text-sky-700 hover:underline dark:text-sky-400" to={`/changes/${c.id}`}>
          {c.title}
        </Link>
      ),
    },
    { key: 'status', header: 'Status', cell: (c) => <Badge value={c.status} /> },
    { key: 'targets', header: 'Targets', cell: (c) => <span className="text-xs">{targetsOf(c)}</span> },
    { key: 'mode', header: 'Mode', cell: (c) => (c.rollbackOf ? 'rollback' : c.mode) },
    { key: 'author', header: 'Author', cell: (c) => c.createdByName },
    { key: 'revision', header: 'Rev.', cell: (c) => c.revision },
    { key: 'updated', header: 'Updated', cell: (c) => ago(c.updatedAt) },
  ];
  return (
    <div>
      <PageHeader
        title="Changes"
        actions={
          can('operator') && (
            <Button variant="primary" onClick={() => setCreating(true)}>
              New change
            </Button>
          )
        }
      />
      <ErrorBox error={list.error} />
      <Table
        rows={list.data?.items ?? []}
        columns={columns}
        rowKey={(c) => c.id}
        empty="No changes yet. A change pushes configuration safely: previewed, approved, confirmed, reversible."
      />
      {list.data && (
        <Pager page={list.data.page} pageSize={list.data.pageSize} total={list.data.total} onPage={setPage} />
      )}
      {creating && (
        <Modal title="New change" onClose={() => setCreating(false)} wide>
          <ChangeForm onDone={(c) => navigate(`/changes/${c.id}`)} />
        </Modal>
      )}
    </div>
  );
}
