import type { ReactNode } from 'react';
import { cx } from './kit';

export type Column<T> = {
  key: string;
  header: ReactNode;
  cell(row: T): ReactNode;
  /** The API's sort key, when the column sorts. */
  sort?: string;
  className?: string;
};

/** A dense table; sorting is the server's, named by `sort` ("hostname" or "-hostname"). */
export function Table<T>({
  rows,
  columns,
  rowKey,
  sort,
  onSort,
  selected,
  onSelect,
  canSelect,
  empty = 'Nothing here yet.',
  label = 'table',
}: {
  rows: T[];
  columns: Column<T>[];
  rowKey(row: T): string;
  sort?: string;
  onSort?(sort: string): void;
  selected?: Set<string>;
  onSelect?(next: Set<string>): void;
  /** Rows that can be chosen (default: all); the others show no checkbox. */
  canSelect?(row: T): boolean;
  empty?: ReactNode;
  /** What the table holds, for the scrolling region's name ("devices", "jobs"). */
  label?: string;
}) {
  const choosable = canSelect ? rows.filter(canSelect) : rows;
  const allSelected =
    selected !== undefined && choosable.length > 0 && choosable.every((r) => selected.has(rowKey(r)));
  const toggleAll = () => {
    if (!selected || !onSelect) return;
    const next = new Set(selected);
    for (const r of choosable) {
      if (allSelected) next.delete(rowKey(r));
      else next.add(rowKey(r));
    }
    onSelect(next);
  };
  const toggle = (id: string) => {
    if (!selected || !onSelect) return;
    const next = new Set(selected);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    onSelect(next);
  };
  return (
    // A table wider than the screen scrolls here: keyboard users reach the scroller too (WCAG).
    <section
      className="overflow-x-auto rounded-lg border border-slate-200 focus:outline-2 focus:outline-sky-600 dark:border-slate-800"
      aria-label={label}
      // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must take focus to be scrolled by keys
      tabIndex={0}
    >
      <table className="w-full text-left text-sm">
        <thead className="bg-slate-100 text-xs uppercase tracking-wide text-slate-600 dark:bg-slate-900 dark:text-slate-400">
          <tr>
            {onSelect && (
              <th className="w-8 px-2 py-2">
                <input type="checkbox" aria-label="select all" checked={allSelected} onChange={toggleAll} />
              </th>
            )}
            {columns.map((c) => {
              const active = sort === c.sort || sort === `-${c.sort}`;
              const desc = sort === `-${c.sort}`;
              return (
                <th
                  key={c.key}
                  className={cx('px-2 py-2 font-semibold', c.className)}
                  aria-sort={active ? (desc ? 'descending' : 'ascending') : undefined}
                >
                  {c.sort && onSort ? (
                    <button
                      type="button"
                      className="uppercase hover:underline"
                      onClick={() => onSort(active && !desc ? `-${c.sort}` : (c.sort as string))}
                    >
                      {c.header} {active ? (desc ? '▼' : '▲') : ''}
                    </button>
                  ) : (
                    c.header
                  )}
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 ? (
            <tr>
              <td
                colSpan={columns.length + (onSelect ? 1 : 0)}
                className="px-2 py-6 text-center text-slate-500"
              >
                {empty}
              </td>
            </tr>
          ) : (
            rows.map((r) => {
              const id = rowKey(r);
              return (
                <tr
                  key={id}
                  className="border-t border-slate-200 hover:bg-slate-50 dark:border-slate-800 dark:hover:bg-slate-900/60"
                >
                  {onSelect && (
                    <td className="px-2 py-1.5">
                      {(!canSelect || canSelect(r)) && (
                        <input
                          type="checkbox"
                          aria-label="select row"
                          checked={selected?.has(id) ?? false}
                          onChange={() => toggle(id)}
                        />
                      )}
                    </td>
                  )}
                  {columns.map((c) => (
                    <td key={c.key} className={cx('px-2 py-1.5', c.className)}>
                      {c.cell(r)}
                    </td>
                  ))}
                </tr>
              );
            })
          )}
        </tbody>
      </table>
    </section>
  );
}
