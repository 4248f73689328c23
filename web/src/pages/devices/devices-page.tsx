import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { api, unwrap } from '../../api/client';
import { deviceKeys, useDeviceList } from '../../api/queries/devices';
import { useUrlState } from '../../app/hooks';
import { useSession } from '../../app/session';
import { DeviceFilterBar, emptyFilter, type FilterValues, filterQuery } from '../../ui/device-filter-bar';
import { NeedsCustomer } from '../../ui/forms';
import { ago, Badge, Button, ErrorBox, Modal, PageHeader, Pager } from '../../ui/kit';
import { type Column, Table } from '../../ui/table';
import { type Device, DeviceForm } from './device-form';
import { ImportDialog } from './import-dialog';
import { BackupCell } from './last-backup';

const PAGE_SIZE = 50;

export default function DevicesPage() {
  const { can, customerId, customerName, customers } = useSession();
  const { get, set, params } = useUrlState();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [dialog, setDialog] = useState<'add' | 'import' | null>(null);
  const search = useRef<HTMLInputElement>(null);
  const [q, setQ] = useState(get('q'));

  // The filter lives in the address, so a filtered view can be reloaded and shared.
  const filter: FilterValues = {
    ...emptyFilter(),
    ...Object.fromEntries(Object.keys(emptyFilter()).map((k) => [k, get(k)])),
  } as FilterValues;
  const query = {
    page: Number(get('page') || 1),
    pageSize: PAGE_SIZE,
    sort: get('sort') || 'hostname',
    ...(customerId ? { customerId } : {}),
    ...filterQuery(filter),
  };
  const list = useDeviceList(query);

  // The box follows the address when it changes under it (back and forward).
  const urlQ = get('q');
  // What this box last wrote there: that change must not overwrite keys typed since.
  const sent = useRef(urlQ);
  // Adjusted during render, not in an effect, so the box never shows a stale search
  // beside a list that already follows the new address.
  const [seenUrlQ, setSeenUrlQ] = useState(urlQ);
  if (urlQ !== seenUrlQ) {
    setSeenUrlQ(urlQ);
    if (urlQ !== sent.current) {
      sent.current = urlQ;
      setQ(urlQ);
    }
  }
  // Typing searches after a pause, not on every key.
  useEffect(() => {
    if (q === urlQ) return;
    const t = setTimeout(() => {
      sent.current = q;
      set({ q });
    }, 250);
    return () => clearTimeout(t);
  }, [q, urlQ, set]);
  // "/" jumps to the search box, as in most operator tools.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (
        e.key === '/' &&
        !(e.target instanceof HTMLInputElement || e.target instanceof HTMLTextAreaElement)
      ) {
        e.preventDefault();
        search.current?.focus();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const bulk = useMutation({
    mutationFn: (action: 'enable' | 'disable' | 'delete') =>
      unwrap(api.POST('/api/v1/devices/bulk', { body: { ids: [...selected], action } })),
    onSuccess: () => {
      setSelected(new Set());
      void qc.invalidateQueries({ queryKey: deviceKeys.all });
    },
  });

  const exportQuery = new URLSearchParams(params);
  for (const k of ['page', 'sort']) exportQuery.delete(k);
  if (customerId) exportQuery.set('customerId', customerId);

  const columns: Column<Device>[] = [
    {
      key: 'hostname',
      header: 'Hostname',
      sort: 'hostname',
      cell: (d) => (
        <>
          <Link
            className="font-medium text-sky-700 hover:underline dark:text-sky-400"
            to={`/devices/${d.id}`}
          >
            {d.hostname}
          </Link>
          {d.transport === 'telnet' && (
            <span
              className="ml-1 rounded bg-amber-100 px-1 text-xs text-amber-900 dark:bg-amber-900 dark:text-amber-100"
              title="reached over telnet: cleartext, passwords included"
            >
              telnet
            </span>
          )}
        </>
      ),
    },
    {
      key: 'ip',
      header: 'Management IP',
      sort: 'mgmtIp',
      className: 'hidden md:table-cell',
      cell: (d) => (
        <span className="mono">
          {d.mgmtIp}
          {d.port !== 22 ? `:${d.port}` : ''}
        </span>
      ),
    },
    ...(customers.length > 1 && !customerId
      ? [
          {
            key: 'customer',
            header: 'Customer',
            className: 'hidden md:table-cell',
            cell: (d: Device) => customerName(d.customerId),
          },
        ]
      : []),
    {
      key: 'platform',
      header: 'Platform',
      sort: 'platform',
      className: 'hidden md:table-cell',
      cell: (d) => d.platform || '—',
    },
    {
      key: 'role',
      header: 'Role',
      sort: 'role',
      className: 'hidden md:table-cell',
      cell: (d) => d.role || '—',
    },
    {
      key: 'site',
      header: 'Site',
      sort: 'site',
      className: 'hidden md:table-cell',
      cell: (d) => d.site || '—',
    },
    { key: 'tags', header: 'Tags', className: 'hidden md:table-cell', cell: (d) => d.tags.join(', ') },
    {
      key: 'reach',
      header: 'Reachability',
      sort: 'reachability',
      cell: (d) => <Badge value={d.reachability} />,
    },
    {
      key: 'seen',
      header: 'Last seen',
      sort: 'lastSeenAt',
      className: 'hidden md:table-cell',
      cell: (d) => ago(d.lastSeenAt),
    },
    { key: 'backup', header: 'Last backup', sort: 'lastBackupAt', cell: (d) => <BackupCell d={d} /> },
    {
      key: 'enabled',
      header: 'Enabled',
      className: 'hidden md:table-cell',
      cell: (d) => (d.enabled ? 'yes' : <span className="text-slate-500">no</span>),
    },
  ];

  return (
    <div>
      <PageHeader
        title={`Devices${list.data ? ` (${list.data.total.toLocaleString()})` : ''}`}
        actions={
          <>
            <a
              className="rounded border border-slate-300 px-3 py-1.5 text-sm dark:border-slate-700"
              href={`/api/v1/devices/export?${exportQuery}`}
              download
            >
              Export CSV
            </a>
            {can('operator') && <Button onClick={() => setDialog('import')}>Import CSV</Button>}
            {can('operator') && (
              <Button variant="primary" onClick={() => setDialog('add')}>
                Add device
              </Button>
            )}
          </>
        }
      />
      <div className="mb-3">
        <DeviceFilterBar
          label="filter"
          value={filter}
          onChange={(patch) => set(patch)}
          search={{ value: q, onChange: setQ }}
          searchRef={search}
        />
      </div>
      {can('operator') && selected.size > 0 && (
        <div
          className="mb-2 flex items-center gap-2 rounded bg-sky-50 p-2 text-sm dark:bg-sky-950"
          role="toolbar"
          aria-label="bulk actions"
        >
          <span>{selected.size} selected</span>
          <Button onClick={() => bulk.mutate('enable')}>Enable</Button>
          <Button onClick={() => bulk.mutate('disable')}>Disable</Button>
          <Button
            variant="primary"
            onClick={() => navigate('/jobs/new', { state: { deviceIds: [...selected] } })}
          >
            Run job…
          </Button>
          <Button
            onClick={() => navigate('/jobs/new?type=run_commands', { state: { deviceIds: [...selected] } })}
          >
            Run commands…
          </Button>
          <Button
            variant="danger"
            onClick={() =>
              window.confirm(`Delete ${selected.size} devices and their history?`) && bulk.mutate('delete')
            }
          >
            Delete
          </Button>
          <Button variant="ghost" onClick={() => setSelected(new Set())}>
            Clear
          </Button>
          <ErrorBox error={bulk.error} />
        </div>
      )}
      <ErrorBox error={list.error} />
      <Table
        label="devices"
        rows={list.data?.items ?? []}
        columns={columns}
        rowKey={(d) => d.id}
        sort={query.sort}
        onSort={(sort) => set({ sort })}
        selected={can('operator') ? selected : undefined}
        onSelect={can('operator') ? setSelected : undefined}
        empty={list.isPending ? 'Loading…' : 'No devices match.'}
      />
      {list.data && (
        <Pager
          page={list.data.page}
          pageSize={list.data.pageSize}
          total={list.data.total}
          onPage={(p) => set({ page: String(p) })}
        />
      )}
      {dialog === 'add' && (
        <Modal title="Add device" onClose={() => setDialog(null)} wide>
          {customers.length ? (
            <DeviceForm onDone={(d) => navigate(`/devices/${d.id}`)} />
          ) : (
            <NeedsCustomer what="Devices" />
          )}
        </Modal>
      )}
      {dialog === 'import' &&
        (customers.length ? (
          <ImportDialog onClose={() => setDialog(null)} />
        ) : (
          <Modal title="Import CSV" onClose={() => setDialog(null)}>
            <NeedsCustomer what="Devices" />
          </Modal>
        ))}
    </div>
  );
}
