import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { type FormEvent, type ReactNode, useState } from 'react';
import { Link } from 'react-router';
import { api, unwrap } from '../../api/client';
import { configKeys } from '../../api/queries/configs';
import { useUrlState } from '../../app/hooks';
import { useCustomerFilter } from '../../app/session';
import { ago, Button, Card, Empty, ErrorBox, Input, Loading, PageHeader, Pager } from '../../ui/kit';

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The line with every match marked; a pattern JavaScript cannot compile is shown unmarked. */
export function highlight(text: string, q: string, regex: boolean, caseSensitive: boolean): ReactNode {
  let re: RegExp;
  try {
    re = new RegExp(regex ? q : escapeRegExp(q), caseSensitive ? 'g' : 'gi');
  } catch {
    return text;
  }
  const parts: ReactNode[] = [];
  let last = 0;
  for (const m of text.matchAll(re)) {
    if (m[0] === '') break;
    parts.push(text.slice(last, m.index));
    parts.push(
      <mark key={m.index} className="rounded bg-amber-200 px-0.5 text-slate-900 dark:bg-amber-500">
        {m[0]}
      </mark>,
    );
    last = m.index + m[0].length;
  }
  parts.push(text.slice(last));
  return parts;
}

export default function SearchPage() {
  const filter = useCustomerFilter();
  const { get, set } = useUrlState();
  const [q, setQ] = useState(get('q'));
  const [regex, setRegex] = useState(get('regex') === 'true');
  const [caseSensitive, setCaseSensitive] = useState(get('case') === 'true');
  const query = {
    ...filter,
    q: get('q'),
    regex: (get('regex') === 'true' ? 'true' : 'false') as 'true' | 'false',
    caseSensitive: (get('case') === 'true' ? 'true' : 'false') as 'true' | 'false',
    page: Number(get('page') || 1),
    pageSize: 25,
  };
  const results = useQuery({
    queryKey: configKeys.search(query),
    enabled: query.q.length > 0,
    queryFn: () => unwrap(api.GET('/api/v1/configs/search', { params: { query } })),
    placeholderData: keepPreviousData,
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    set({ q, regex: regex ? 'true' : null, case: caseSensitive ? 'true' : null });
  };

  return (
    <div className="space-y-4">
      <PageHeader title="Config search" />
      <form onSubmit={submit} className="flex flex-wrap items-center gap-3">
        <Input
          className="mono w-96"
          aria-label="search configurations"
          placeholder="ntp server 10.0.0.1   or   ^interface .*0/1$"
          value={q}
          onChange={(e) => setQ(e.target.value)}
          autoFocus
        />
        <label className="flex items-center gap-1 text-sm">
          <input type="checkbox" checked={regex} onChange={(e) => setRegex(e.target.checked)} /> regular
          expression
        </label>
        <label className="flex items-center gap-1 text-sm">
          <input
            type="checkbox"
            checked={caseSensitive}
            onChange={(e) => setCaseSensitive(e.target.checked)}
          />{' '}
          match case
        </label>
        <Button type="submit" variant="primary" disabled={!q}>
          Search
        </Button>
      </form>
      {!query.q ? (
        <Empty>Search the latest configuration of every device you can see.</Empty>
      ) : results.isPending ? (
        <Loading />
      ) : results.error ? (
        <ErrorBox error={results.error} />
      ) : results.data.items.length === 0 ? (
        <Empty>No configuration matches.</Empty>
      ) : (
        <>
          <p className="text-sm text-slate-500" data-testid="search-total">
            {results.data.total} device{results.data.total === 1 ? '' : 's'} match
            {results.data.indexPending > 0 &&
              ` (${results.data.indexPending} fresh configs still being indexed; searched all the same)`}
          </p>
          {results.data.items.map((r) => (
            <Card
              key={r.deviceId}
              title={
                <Link
                  className="text-sky-700 hover:underline dark:text-sky-400"
                  to={`/devices/${r.deviceId}?tab=configs`}
                >
                  {r.hostname}
                </Link>
              }
              actions={
                <span className="text-xs text-slate-500">
                  {r.matchCount} matching line{r.matchCount === 1 ? '' : 's'} · changed {ago(r.changedAt)}
                </span>
              }
            >
              <pre className="mono overflow-x-auto text-xs leading-5" data-testid="search-lines">
                {r.lines.map((l) => (
                  <div key={l.line}>
                    <span className="inline-block w-12 select-none pr-2 text-right text-slate-400">
                      {l.line}
                    </span>
                    {highlight(l.text, query.q, query.regex === 'true', query.caseSensitive === 'true')}
                  </div>
                ))}
              </pre>
            </Card>
          ))}
          <Pager
            page={results.data.page}
            pageSize={results.data.pageSize}
            total={results.data.total}
            onPage={(p) => set({ page: String(p) })}
          />
        </>
      )}
    </div>
  );
}
