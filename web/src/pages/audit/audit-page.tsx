import { useQuery } from '@tanstack/react-query';
import { api, type GetResult, unwrap } from '../../api/client';
import { auditKeys } from '../../api/queries/admin';
import { useUrlState } from '../../app/hooks';
import { useSession } from '../../app/session';
import { CustomerSelect } from '../../ui/forms';
import { ErrorBox, Input, PageHeader, Pager, when } from '../../ui/kit';
import { type Column, Table } from '../../ui/table';

type AuditEvent = GetResult<'/api/v1/audit'>['items'][number];
const PAGE_SIZE = 50;

/** A datetime-local value as the API's instant (the browser's zone), or nothing. */
const instant = (local: string) => (local ? new Date(local).toISOString() : undefined);

/**
 * The audit trail (admins): who did what to which object, when and from where, newest first,
 * filtered by user, customer, action and time. The filters live in the address.
 */
export default function AuditPage() {
  const { can, customerName } = useSession();
  const { get, set } = useUrlState();
  const page = Number(get('page') || 1);
  const query = {
    page,
    pageSize: PAGE_SIZE,
    ...(get('actor') ? { actor: get('actor') } : {}),
    ...(get('action') ? { action: get('action') } : {}),
    ...(get('customerId') ? { customerId: get('customerId') } : {}),
    ...(get('since') ? { since: instant(get('since')) } : {}),
    ...(get('before') ? { before: instant(get('before')) } : {}),
  };
  const events = useQuery({
    queryKey: auditKeys.list(query),
    queryFn: () => unwrap(api.GET('/api/v1/audit', { params: { query } })),
    enabled: can('admin'),
  });
  if (!can('admin')) return <ErrorBox error="The audit trail is for admins." />;
  const columns: Column<AuditEvent>[] = [
    { key: 'at', header: 'When', cell: (e) => <span className="whitespace-nowrap">{when(e.at)}</span> },
    { key: 'actor', header: 'Who', cell: (e) => e.actorName },
    { key: 'action', header: 'Action', cell: (e) => <span className="mono text-xs">{e.action}</span> },
    {
      key: 'target',
      header: 'Object',
      cell: (e) => (
        <span>
          <span className="text-slate-500">{e.targetType}</span> {e.targetName ?? e.targetId ?? ''}
        </span>
      ),
    },
    { key: 'customer', header: 'Customer', cell: (e) => (e.customerId ? customerName(e.customerId) : '—') },
    {
      key: 'details',
      header: 'Details',
      cell: (e) => (
        <span className="mono break-all text-xs text-slate-500">
          {Object.keys(e.details).length ? JSON.stringify(e.details) : ''}
        </span>
      ),
    },
    { key: 'ip', header: 'From', cell: (e) => <span className="mono text-xs">{e.ip ?? ''}</span> },
  ];
  return (
    <div>
      <PageHeader title="Audit trail" />
      <div className="mb-3 flex flex-wrap gap-2" data-testid="audit-filters">
        <Input
          className="w-40"
          placeholder="user"
          aria-label="audit user"
          value={get('actor')}
          onChange={(e) => set({ actor: e.target.value })}
        />
        <Input
          className="w-48"
          placeholder="action, e.g. device.delete"
          aria-label="audit action"
          value={get('action')}
          onChange={(e) => set({ action: e.target.value })}
        />
        <CustomerSelect
          className="w-44"
          aria-label="audit customer"
          empty="any customer"
          value={get('customerId')}
          onChange={(e) => set({ customerId: e.target.value })}
        />
        <span className="flex items-center gap-1 text-sm text-slate-500">
          from
          <Input
            type="datetime-local"
            aria-label="audit since"
            value={get('since')}
            onChange={(e) => set({ since: e.target.value })}
          />
        </span>
        <span className="flex items-center gap-1 text-sm text-slate-500">
          until
          <Input
            type="datetime-local"
            aria-label="audit before"
            value={get('before')}
            onChange={(e) => set({ before: e.target.value })}
          />
        </span>
      </div>
      <ErrorBox error={events.error} />
      <Table
        label="audit events"
        rows={events.data?.items ?? []}
        columns={columns}
        rowKey={(e) => String(e.id)}
        empty={events.isPending ? 'Loading…' : 'No events match.'}
      />
      {events.data && (
        <Pager
          page={page}
          pageSize={PAGE_SIZE}
          total={events.data.total}
          onPage={(p) => set({ page: String(p) })}
        />
      )}
    </div>
  );
}
