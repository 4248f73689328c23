import { useState } from 'react';
import { Link } from 'react-router';
import type { ComplianceResult } from '../../api/queries/compliance';
import { Badge, cx, Empty } from '../../ui/kit';

const CELL: Record<string, string> = {
  pass: 'bg-emerald-100 text-emerald-800 dark:bg-emerald-950 dark:text-emerald-300',
  fail: 'bg-red-100 text-red-800 dark:bg-red-950 dark:text-red-300',
  error: 'bg-amber-100 text-amber-800 dark:bg-amber-950 dark:text-amber-300',
  not_applicable: 'bg-slate-100 text-slate-500 dark:bg-slate-800 dark:text-slate-400',
};
const SHORT: Record<string, string> = { pass: '✓', fail: '✗', error: '!', not_applicable: '–' };

type Finding = { message: string; at?: number; context: string[] };

/** Devices down, rules across; a cell opens its findings and the fix. Failing devices first. */
export function ComplianceMatrix({ results }: { results: ComplianceResult[] }) {
  const [open, setOpen] = useState<ComplianceResult | null>(null);
  if (results.length === 0)
    return <Empty>No results: no device in scope has a stored configuration yet.</Empty>;
  const rules = [...new Set(results.map((r) => r.rule))];
  const byDevice = new Map<string, { hostname: string; cells: Map<string, ComplianceResult> }>();
  for (const r of results) {
    const d = byDevice.get(r.deviceId) ?? { hostname: r.hostname, cells: new Map() };
    d.cells.set(r.rule, r);
    byDevice.set(r.deviceId, d);
  }
  const failingCount = (d: { cells: Map<string, ComplianceResult> }) =>
    [...d.cells.values()].filter((c) => c.status === 'fail').length;
  const rows = [...byDevice.entries()].sort(
    ([, a], [, b]) => failingCount(b) - failingCount(a) || a.hostname.localeCompare(b.hostname),
  );
  return (
    <div className="space-y-2">
      <div className="overflow-x-auto">
        <table className="text-sm" data-testid="compliance-matrix">
          <thead>
            <tr>
              <th className="px-2 py-1 text-left">Device</th>
              {rules.map((rule) => (
                <th key={rule} className="px-2 py-1 text-left text-xs font-medium">
                  {rule}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map(([id, d]) => (
              <tr key={id} className="border-t border-slate-200 dark:border-slate-700">
                <td className="px-2 py-1">
                  <Link className="text-sky-700 hover:underline dark:text-sky-400" to={`/devices/${id}`}>
                    {d.hostname}
                  </Link>
                </td>
                {rules.map((rule) => {
                  const cell = d.cells.get(rule);
                  return (
                    <td key={rule} className="px-1 py-1">
                      {cell && (
                        <button
                          type="button"
                          aria-label={`${d.hostname} ${rule}: ${cell.status}`}
                          className={cx('w-8 rounded px-1 text-center', CELL[cell.status])}
                          onClick={() => setOpen(cell)}
                        >
                          {SHORT[cell.status]}
                        </button>
                      )}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {open && (
        <div
          data-testid="result-detail"
          className="space-y-1 rounded border border-slate-200 p-2 text-sm dark:border-slate-700"
        >
          <div>
            <Badge value={open.status} tone={open.status === 'pass' ? 'success' : 'failed'} /> {open.hostname}{' '}
            · {open.rule} <span className="text-xs text-slate-500">({open.severity})</span>
          </div>
          {(Array.isArray(open.findings) ? (open.findings as Finding[]) : []).map((f) => (
            <div key={`${f.context.join('/')}:${f.at ?? ''}:${f.message}`} className="mono text-xs">
              {f.at ? `line ${f.at}: ` : ''}
              {f.context.length ? `${f.context.join(' › ')}: ` : ''}
              {f.message}
            </div>
          ))}
          {open.remediation && (
            <pre className="mono overflow-x-auto rounded bg-slate-100 p-2 text-xs dark:bg-slate-800">
              {open.remediation}
            </pre>
          )}
        </div>
      )}
    </div>
  );
}
