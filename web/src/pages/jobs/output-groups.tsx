import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import { jobKeys } from '../../api/queries/jobs';
import { Badge, Card, ErrorBox, Loading } from '../../ui/kit';

/** A command's own status: a rejected trailing `show` is not a failed push. */
export function CommandStatus({ error }: { error: string | null }) {
  return error ? <Badge value="rejected" tone="failed" /> : <Badge value="ok" tone="success" />;
}

/**
 * A run_commands job's devices grouped by identical answers ("28 devices: same output"), largest
 * first, each command with its status; the devices that gave none, by reason; and the exports.
 */
export function OutputGroups({ jobId, live }: { jobId: string; live: boolean }) {
  const groups = useQuery({
    queryKey: jobKeys.outputGroups(jobId),
    queryFn: () => unwrap(api.GET('/api/v1/jobs/{id}/output-groups', { params: { path: { id: jobId } } })),
    refetchInterval: live ? 3_000 : false,
  });
  const download = (format: string) => `/api/v1/jobs/${jobId}/outputs?format=${format}`;
  return (
    <Card
      title="Output by answer"
      actions={
        <div className="flex gap-2 text-sm">
          {(['csv', 'json', 'zip'] as const).map((f) => (
            <a
              key={f}
              className="rounded border border-slate-300 px-2 py-1 dark:border-slate-700"
              href={download(f)}
              aria-label={`export output as ${f}`}
              download
            >
              {f.toUpperCase()}
            </a>
          ))}
        </div>
      }
    >
      {groups.isPending && <Loading />}
      {groups.error && <ErrorBox error={groups.error} />}
      {groups.data && (
        <div className="space-y-3" data-testid="output-groups">
          {groups.data.groups.length === 0 && <p className="text-sm text-slate-500">No answers yet.</p>}
          {groups.data.groups.map((g, i) => (
            <details
              key={g.hostnames[0]}
              open={i === 0}
              className="rounded border border-slate-200 dark:border-slate-800"
            >
              <summary className="cursor-pointer p-2 text-sm">
                <span className="font-semibold">
                  {g.devices} {g.devices === 1 ? 'device' : 'devices'}
                  {g.devices > 1 ? ': same output' : ': an output of its own'}
                </span>{' '}
                <span className="text-slate-500">
                  {g.hostnames.join(', ')}
                  {g.devices > g.hostnames.length && ` and ${g.devices - g.hostnames.length} more`}
                </span>
              </summary>
              <div className="space-y-2 p-2">
                {g.results.map((r, k) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: a fixed list in which a command may repeat
                  <div key={`${k}:${r.command}`}>
                    <div className="mono flex items-center gap-2 text-xs font-semibold">
                      <CommandStatus error={r.error} /> # {r.command}
                      {r.error && <span className="font-normal text-red-600">{r.error}</span>}
                    </div>
                    <pre className="mono max-h-64 overflow-auto rounded bg-slate-100 p-2 text-xs dark:bg-slate-950">
                      {r.output}
                    </pre>
                  </div>
                ))}
              </div>
            </details>
          ))}
          {groups.data.withoutOutput.map((w) => (
            <p key={w.reason} className="text-sm text-slate-600 dark:text-slate-400">
              <span className="font-semibold">
                {w.devices} {w.devices === 1 ? 'device' : 'devices'} without output ({w.reason}):
              </span>{' '}
              {w.hostnames.join(', ')}
              {w.devices > w.hostnames.length && ` and ${w.devices - w.hostnames.length} more`}
            </p>
          ))}
        </div>
      )}
    </Card>
  );
}
