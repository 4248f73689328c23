import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api, unwrap } from '../../api/client';
import { jobKeys } from '../../api/queries/jobs';
import { Button, Card, cx, ErrorBox, Loading } from '../../ui/kit';

/** Rows drawn at once; the exports hold them all. */
const SHOWN = 1000;

type Cell = string | string[];
type Sort = { column: string; dir: 'asc' | 'desc' };

const text = (v: Cell | undefined) => (Array.isArray(v) ? v.join(', ') : (v ?? ''));
// Natural order: Gi1/0/2 before Gi1/0/10, 9 before 10.
const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

function sorted(rows: Record<string, Cell>[], sort: Sort | null): Record<string, Cell>[] {
  if (!sort) return rows;
  const sign = sort.dir === 'asc' ? 1 : -1;
  return [...rows].sort((a, b) => sign * collator.compare(text(a[sort.column]), text(b[sort.column])));
}

/** Why devices have no records, grouped: "no template for … (28 devices)". */
function MissingDevices({ missing }: { missing: { device: string; reason: string }[] }) {
  if (!missing.length) return null;
  const byReason = new Map<string, string[]>();
  for (const m of missing) byReason.set(m.reason, [...(byReason.get(m.reason) ?? []), m.device]);
  return (
    <ul className="mb-2 space-y-0.5 text-xs text-amber-800 dark:text-amber-300" data-testid="records-missing">
      {[...byReason].map(([reason, devices]) => (
        <li key={reason}>
          {devices.length} device{devices.length === 1 ? '' : 's'} without records: {reason}
          <span className="text-slate-500">
            {' '}
            ({devices.slice(0, 5).join(', ')}
            {devices.length > 5 ? ', …' : ''})
          </span>
        </li>
      ))}
    </ul>
  );
}

/**
 * A run_commands job's parsed output: per command, one table of every device's records (a device
 * column first), sortable by any column, exported as CSV or JSON.
 */
export function ParsedRecords({
  jobId,
  commands,
  live,
}: {
  jobId: string;
  commands: string[];
  live: boolean;
}) {
  const [index, setIndex] = useState(0);
  const [sort, setSort] = useState<Sort | null>(null);
  const records = useQuery({
    queryKey: [...jobKeys.one(jobId), 'records', index],
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/jobs/{id}/records', { params: { path: { id: jobId }, query: { command: index } } }),
      ),
    refetchInterval: live ? 3_000 : false,
  });
  const table = records.data;
  const rows = table ? sorted(table.rows, sort) : [];
  const toggle = (column: string) =>
    setSort((s) =>
      s?.column === column ? { column, dir: s.dir === 'asc' ? 'desc' : 'asc' } : { column, dir: 'asc' },
    );
  const exportUrl = `/api/v1/jobs/${jobId}/records`;
  const query = `?command=${index}`;

  return (
    <Card
      title="Parsed output"
      actions={
        table && (
          <>
            <a
              className="rounded border border-slate-300 px-3 py-1.5 text-sm dark:border-slate-700"
              href={`${exportUrl}/export${query}`}
              download
            >
              Export CSV
            </a>
            <a
              className="rounded border border-slate-300 px-3 py-1.5 text-sm dark:border-slate-700"
              href={`${exportUrl}${query}`}
              download={`${table.command.replace(/[^\w.-]+/g, '_')}.json`}
            >
              Export JSON
            </a>
          </>
        )
      }
    >
      {commands.length > 1 && (
        <div className="mb-2 flex flex-wrap gap-1" role="tablist" aria-label="command">
          {commands.map((c, i) => (
            <Button
              // biome-ignore lint/suspicious/noArrayIndexKey: a command may repeat; its position names it
              key={`${i}:${c}`}
              role="tab"
              aria-selected={i === index}
              variant={i === index ? 'primary' : 'secondary'}
              className="mono text-xs"
              onClick={() => {
                setIndex(i);
                setSort(null);
              }}
            >
              {c}
            </Button>
          ))}
        </div>
      )}
      {records.isPending && <Loading />}
      <ErrorBox error={records.error} />
      {table && (
        <>
          <p className="mb-2 text-xs text-slate-500" data-testid="records-summary">
            {table.rows.length.toLocaleString()} rows from{' '}
            {new Set(table.rows.map((r) => r.device as string)).size} devices
            {table.templates.length > 0 && ` · ${table.templates.join(', ')}`}
            {table.truncated && ' · cut at 100,000 rows'}
            {rows.length > SHOWN && ` · the first ${SHOWN.toLocaleString()} shown; the exports hold all`}
          </p>
          <MissingDevices missing={table.missing} />
          {table.rows.length > 0 && (
            <div className="max-h-[32rem] overflow-auto">
              <table className="w-full text-xs" data-testid="records-table">
                <thead className="sticky top-0 bg-white text-slate-500 dark:bg-slate-900">
                  <tr>
                    {table.columns.map((c) => (
                      <th
                        key={c}
                        className="whitespace-nowrap px-1 text-left"
                        aria-sort={
                          sort?.column === c ? (sort.dir === 'asc' ? 'ascending' : 'descending') : 'none'
                        }
                      >
                        <button type="button" className="hover:underline" onClick={() => toggle(c)}>
                          {c}
                          {sort?.column === c ? (sort.dir === 'asc' ? ' ▲' : ' ▼') : ''}
                        </button>
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {rows.slice(0, SHOWN).map((r, i) => (
                    <tr
                      // biome-ignore lint/suspicious/noArrayIndexKey: records have no identity of their own
                      key={i}
                      className="border-t border-slate-100 dark:border-slate-800"
                    >
                      {table.columns.map((c) => (
                        <td
                          key={c}
                          className={cx('mono px-1 align-top', c === 'device' && 'whitespace-nowrap')}
                        >
                          {text(r[c])}
                        </td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
    </Card>
  );
}
