import { type Platform, usePlatforms } from '../../api/queries/platforms';
import { Badge, ErrorBox, Loading, PageHeader } from '../../ui/kit';
import { type Column, Table } from '../../ui/table';

const yes = (v: boolean) => (v ? 'yes' : '—');

/**
 * The device types webnet speaks: those it ships and those read from platform files
 * (WEBNET_PLATFORMS_DIR), with what each can do, and the files it refused, line and field named.
 */
export default function PlatformsPage() {
  const list = usePlatforms();
  if (list.isPending) return <Loading />;
  if (list.error) return <ErrorBox error={list.error} />;
  const columns: Column<Platform>[] = [
    { key: 'name', header: 'Name', cell: (p) => <span className="mono font-medium">{p.name}</span> },
    { key: 'description', header: 'Description', cell: (p) => p.description },
    { key: 'vendor', header: 'Vendor', cell: (p) => p.vendor },
    {
      key: 'source',
      header: 'From',
      cell: (p) => (p.file ? <span className="mono">{p.file}</span> : <Badge value="webnet" tone="queued" />),
    },
    { key: 'detects', header: 'Detected', cell: (p) => yes(p.detects) },
    { key: 'configures', header: 'Pushes config', cell: (p) => yes(p.configures) },
    { key: 'changes', header: 'Safe changes', cell: (p) => yes(p.changes) },
    { key: 'getters', header: 'State', cell: (p) => p.getters.join(', ') || '—' },
  ];
  return (
    <div className="space-y-3">
      <PageHeader title="Platforms" />
      {list.data.errors.length > 0 && (
        <div
          role="alert"
          data-testid="platform-errors"
          className="rounded border border-red-300 bg-red-50 p-2 text-sm dark:border-red-800 dark:bg-red-950"
        >
          <p className="font-medium">Platform files refused</p>
          <ul className="mono text-xs">
            {list.data.errors.map((e) => (
              <li key={`${e.file}:${e.message}`}>
                {e.file}
                {e.line ? `:${e.line}` : ''}: {e.message}
              </li>
            ))}
          </ul>
        </div>
      )}
      <Table rows={list.data.items} columns={columns} rowKey={(p) => p.name} empty="No platforms." />
      <p className="text-xs text-slate-500">
        Add a device type without code: a YAML or JSON platform file in the folder named by
        WEBNET_PLATFORMS_DIR, read again whenever it changes.
      </p>
    </div>
  );
}
