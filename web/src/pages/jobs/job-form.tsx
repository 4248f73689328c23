import type { Schemas } from '../../api/client';
import { useDeviceList } from '../../api/queries/devices';
import { useSession } from '../../app/session';
import {
  DeviceFilterBar,
  emptyFilter,
  type FilterValues,
  filterBody,
  filterQuery,
} from '../../ui/device-filter-bar';
import { Field, Input, Select, TextArea } from '../../ui/kit';
import { JOB_LABELS } from './jobs-table';

export type JobCreate = Schemas['/api/v1/jobs']['post']['requestBody']['content']['application/json'];
/** Job types that target devices (a discovery sweeps ranges, a NetBox sync reads NetBox: their own pages). */
export type JobType = Exclude<JobCreate['type'], 'network_discovery' | 'netbox_sync'>;

/** What the form edits; `toJobCreate` turns it into the API's request, validated there. */
export type JobDraft = {
  type: JobType;
  deviceIds: string[];
  filter: FilterValues;
  commands: string;
  parse: boolean;
  detectPlatform: boolean;
  protocols: ('lldp' | 'cdp')[];
  concurrency: string;
  timeoutSeconds: string;
  retries: string;
  /** Keep every device's session transcript, not only the failed ones'. */
  allTranscripts: boolean;
  /** Commands go to every enabled device only when someone says so (no selection, no filter). */
  everyDevice: boolean;
};

/** The filter bar narrows nothing: the job would reach every enabled device. */
export const targetsEverything = (d: JobDraft) =>
  d.deviceIds.length === 0 && Object.values(filterBody(d.filter)).length === 0;

/** Commands are not sent to every device by default: the selection, a filter, or an explicit yes. */
export const needsTargetChoice = (d: JobDraft) =>
  d.type === 'run_commands' && targetsEverything(d) && !d.everyDevice;

export function emptyDraft(type: JobType, deviceIds: string[] = []): JobDraft {
  return {
    type,
    deviceIds,
    filter: emptyFilter(),
    commands: '',
    parse: false,
    detectPlatform: true,
    protocols: ['lldp', 'cdp'],
    concurrency: '100',
    everyDevice: false,
    timeoutSeconds: '120',
    retries: '2',
    allTranscripts: false,
  };
}

/** The draft's devices as the API takes them: the selection, else the filter in the chosen customer. */
export function targetsOf(d: JobDraft, customerId: string | null) {
  const filter = { ...filterBody(d.filter), ...(customerId ? { customerId: [customerId] } : {}) };
  return d.deviceIds.length ? { deviceIds: d.deviceIds } : { filter };
}

export function toJobCreate(d: JobDraft, customerId: string | null): JobCreate {
  const targets = targetsOf(d, customerId);
  const options = {
    concurrency: Number(d.concurrency),
    timeoutSeconds: Number(d.timeoutSeconds),
    retries: Number(d.retries),
    ...(d.allTranscripts ? { transcripts: 'all' as const } : {}),
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
          parse: d.parse,
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
  // Jobs leave disabled devices out: count what the job would reach.
  const count = useDeviceList({
    pageSize: 1,
    ...(customerId ? { customerId } : {}),
    ...filterQuery(draft.filter),
    enabled: 'true',
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
  const set = (patch: Partial<JobDraft>) => onChange({ ...draft, ...patch });
  return (
    <div className="space-y-3">
      {!typeLocked && (
        <Field label="Job type" name="type" error={error}>
          <Select
            aria-label="job type"
            value={draft.type}
            onChange={(e) => set({ type: e.target.value as JobType })}
          >
            {/* A change's preview and commit start from the change, a discovery from its page. */}
            {Object.entries(JOB_LABELS)
              .filter(([k]) => !k.startsWith('change_') && k !== 'network_discovery' && k !== 'netbox_sync')
              .map(([k, v]) => (
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
          <div className="space-y-2">
            <DeviceFilterBar
              label="target"
              value={draft.filter}
              onChange={(patch) => set({ filter: { ...draft.filter, ...patch } })}
              showEnabled={false}
            />
            <div className="text-xs text-slate-500">
              <MatchCount draft={draft} />
            </div>
            {draft.type === 'run_commands' && targetsEverything(draft) && (
              <label className="flex items-center gap-2 text-sm text-amber-800 dark:text-amber-300">
                <input
                  type="checkbox"
                  aria-label="every enabled device"
                  checked={draft.everyDevice}
                  onChange={(e) => set({ everyDevice: e.target.checked })}
                />
                No device is chosen: select devices on the Devices page, narrow the filter, or send the
                commands to every enabled device
              </label>
            )}
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
      {draft.type === 'run_commands' && (
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" checked={draft.parse} onChange={(e) => set({ parse: e.target.checked })} />
          Parse the output into tables (TextFSM, ntc-templates)
        </label>
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
          <label className="col-span-3 flex items-center gap-2">
            <input
              type="checkbox"
              aria-label="keep every transcript"
              checked={draft.allTranscripts}
              onChange={(e) => set({ allTranscripts: e.target.checked })}
            />
            Keep every device's transcript (failed devices' are always kept)
          </label>
        </div>
      </details>
    </div>
  );
}
