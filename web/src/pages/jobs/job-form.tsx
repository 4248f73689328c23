import { useQuery } from '@tanstack/react-query';
import { api, type Schemas, unwrap } from '../../api/client';
import { useFacets } from '../../app/hooks';
import { useSession } from '../../app/session';
import { Field, Input, Select, TextArea } from '../../ui/kit';
import { JOB_LABELS } from './jobs-table';

export type JobCreate = Schemas['/api/v1/jobs']['post']['requestBody']['content']['application/json'];
export type JobType = JobCreate['type'];

/** What the form edits; `toJobCreate` turns it into the API's request, validated there. */
export type JobDraft = {
  type: JobType;
  deviceIds: string[];
  filter: { q: string; platform: string; role: string; site: string; tag: string };
  commands: string;
  detectPlatform: boolean;
  protocols: ('lldp' | 'cdp')[];
  concurrency: string;
  timeoutSeconds: string;
  retries: string;
};

export function emptyDraft(type: JobType, deviceIds: string[] = []): JobDraft {
  return {
    type,
    deviceIds,
    filter: { q: '', platform: '', role: '', site: '', tag: '' },
    commands: '',
    detectPlatform: true,
    protocols: ['lldp', 'cdp'],
    concurrency: '100',
    timeoutSeconds: '120',
    retries: '2',
  };
}

export function toJobCreate(d: JobDraft, customerId: string | null): JobCreate {
  const filter = Object.fromEntries(
    Object.entries({ ...d.filter, ...(customerId ? { customerId } : {}) })
      .filter(([, v]) => v)
      .map(([k, v]) => (k === 'q' ? [k, v] : [k, [v]])),
  );
  const targets = d.deviceIds.length ? { deviceIds: d.deviceIds } : { filter };
  const options = {
    concurrency: Number(d.concurrency),
    timeoutSeconds: Number(d.timeoutSeconds),
    retries: Number(d.retries),
  };
  switch (d.type) {
    case 'run_commands':
      return {
        type: d.type,
        targets,
        options,
        payload: {
          commands: d.commands
            .split('\n')
            .map((c) => c.trimEnd())
            .filter(Boolean),
        },
      };
    case 'refresh_facts':
      return { type: d.type, targets, options, payload: { detectPlatform: d.detectPlatform } };
    case 'topology_discovery':
      return { type: d.type, targets, options, payload: { protocols: d.protocols } };
    default:
      return { type: d.type, targets, options, payload: {} };
  }
}

function MatchCount({ draft }: { draft: JobDraft }) {
  const { customerId } = useSession();
  const query = {
    pageSize: 1,
    ...(customerId ? { customerId } : {}),
    ...Object.fromEntries(Object.entries(draft.filter).filter(([, v]) => v)),
    enabled: 'true' as const,
  };
  const count = useQuery({
    queryKey: ['devices', 'list', query],
    queryFn: () => unwrap(api.GET('/api/v1/devices', { params: { query } })),
  });
  return (
    <span data-testid="target-count">{count.data ? `${count.data.total} enabled devices match` : '…'}</span>
  );
}

/** The job's type, its targets and its type's own parameters. */
export function JobFields({
  draft,
  onChange,
  error,
  typeLocked,
}: {
  draft: JobDraft;
  onChange(d: JobDraft): void;
  error: unknown;
  typeLocked?: boolean;
}) {
  const facets = useFacets();
  const set = (patch: Partial<JobDraft>) => onChange({ ...draft, ...patch });
  const setFilter = (k: keyof JobDraft['filter'], v: string) => set({ filter: { ...draft.filter, [k]: v } });
  return (
    <div className="space-y-3">
      {!typeLocked && (
        <Field label="Job type" name="type" error={error}>
          <Select
            aria-label="job type"
            value={draft.type}
            onChange={(e) => set({ type: e.target.value as JobType })}
          >
            {Object.entries(JOB_LABELS).map(([k, v]) => (
              <option key={k} value={k}>
                {v}
              </option>
            ))}
          </Select>
        </Field>
      )}
      <fieldset className="rounded border border-slate-200 p-3 dark:border-slate-800">
        <legend className="px-1 text-xs font-semibold text-slate-500">Devices</legend>
        {draft.deviceIds.length ? (
          <div className="flex items-center justify-between text-sm">
            <span data-testid="target-count">{draft.deviceIds.length} selected devices</span>
            <button
              type="button"
              className="text-sky-700 hover:underline dark:text-sky-400"
              onClick={() => set({ deviceIds: [] })}
            >
              use a filter instead
            </button>
          </div>
        ) : (
          <div className="grid grid-cols-2 gap-2 md:grid-cols-5">
            <Field label="Hostname, IP or CIDR" name="targets.filter.q" error={error}>
              <Input
                aria-label="target search"
                value={draft.filter.q}
                onChange={(e) => setFilter('q', e.target.value)}
              />
            </Field>
            {(['platform', 'role', 'site', 'tag'] as const).map((f) => (
              <Field key={f} label={f} name={`targets.filter.${f}`} error={error}>
                <Select
                  aria-label={`target ${f}`}
                  value={draft.filter[f]}
                  onChange={(e) => setFilter(f, e.target.value)}
                >
                  <option value="">any</option>
                  {(facets.data?.[f] ?? []).map((o) => (
                    <option key={o.value} value={o.value}>
                      {o.value || '(none)'} ({o.count})
                    </option>
                  ))}
                </Select>
              </Field>
            ))}
            <div className="col-span-full text-xs text-slate-500">
              <MatchCount draft={draft} />
            </div>
          </div>
        )}
      </fieldset>
      {draft.type === 'run_commands' && (
        <Field
          label="Commands, one per line (run in order; configure terminal … end works too)"
          name="payload.commands"
          error={error}
        >
          <TextArea
            aria-label="commands"
            rows={6}
            value={draft.commands}
            onChange={(e) => set({ commands: e.target.value })}
            placeholder="show version"
          />
        </Field>
      )}
      {draft.type === 'refresh_facts' && (
        <label className="flex items-center gap-2 text-sm">
          <input
            type="checkbox"
            checked={draft.detectPlatform}
            onChange={(e) => set({ detectPlatform: e.target.checked })}
          />
          Detect the platform of devices that have none
        </label>
      )}
      {draft.type === 'topology_discovery' && (
        <div className="flex gap-4 text-sm">
          {(['lldp', 'cdp'] as const).map((p) => (
            <label key={p} className="flex items-center gap-1">
              <input
                type="checkbox"
                checked={draft.protocols.includes(p)}
                onChange={(e) =>
                  set({
                    protocols: e.target.checked
                      ? [...draft.protocols, p]
                      : draft.protocols.filter((x) => x !== p),
                  })
                }
              />
              {p.toUpperCase()}
            </label>
          ))}
        </div>
      )}
      <details className="text-sm">
        <summary className="cursor-pointer text-slate-500">Options</summary>
        <div className="mt-2 grid grid-cols-3 gap-2">
          <Field label="Devices at once" name="options.concurrency" error={error}>
            <Input
              inputMode="numeric"
              value={draft.concurrency}
              onChange={(e) => set({ concurrency: e.target.value })}
            />
          </Field>
          <Field label="Timeout per device (s)" name="options.timeoutSeconds" error={error}>
            <Input
              inputMode="numeric"
              value={draft.timeoutSeconds}
              onChange={(e) => set({ timeoutSeconds: e.target.value })}
            />
          </Field>
          <Field label="Retries (timeouts, refused, reset)" name="options.retries" error={error}>
            <Input
              inputMode="numeric"
              value={draft.retries}
              onChange={(e) => set({ retries: e.target.value })}
            />
          </Field>
        </div>
      </details>
    </div>
  );
}
