import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { api, type GetResult, unwrap } from '../../api/client';
import { useSession } from '../../app/session';
import { emptyFilter, FILTER_FIELDS } from '../../ui/device-filter-bar';
import { FormFooter, useFormMutation } from '../../ui/forms';
import { Field, Input, Select } from '../../ui/kit';
import { emptyDraft, type JobDraft, JobFields, type JobType, toJobCreate } from '../jobs/job-form';
import { JOB_LABELS } from '../jobs/jobs-table';

export type Schedule = GetResult<'/api/v1/schedules'>['items'][number];
type Kind = Schedule['kind'];

/** Job types started from a page of their own, not the job form: where that page is. */
const OWN_PAGE: Partial<Record<Schedule['jobType'], string>> = {
  network_discovery: '/discovery',
  netbox_sync: '/netbox',
};

function jobDraftOf(s: Schedule): JobDraft {
  // A schedule's job is one POST /jobs accepts (a change's jobs never are).
  const d = emptyDraft(s.jobType as JobType, s.targets.deviceIds ?? []);
  const f = (s.targets.filter ?? {}) as Record<string, unknown>;
  const first = (k: string) =>
    Array.isArray(f[k]) ? String((f[k] as unknown[])[0] ?? '') : String(f[k] ?? '');
  d.filter = {
    ...emptyFilter(),
    q: first('q'),
    ...Object.fromEntries(FILTER_FIELDS.map((k) => [k, first(k)])),
  };
  const p = s.payload as { commands?: string[]; detectPlatform?: boolean; protocols?: ('lldp' | 'cdp')[] };
  d.commands = (p.commands ?? []).join('\n');
  d.detectPlatform = p.detectPlatform ?? true;
  d.protocols = p.protocols ?? ['lldp', 'cdp'];
  d.concurrency = String(s.options.concurrency);
  d.timeoutSeconds = String(s.options.timeoutSeconds);
  d.retries = String(s.options.retries);
  return d;
}

/** A local date-time input's value for an instant. */
function localInput(value: string | null): string {
  if (!value) return '';
  const d = new Date(value);
  return new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
}

export function ScheduleForm({ schedule, onDone }: { schedule?: Schedule; onDone(): void }) {
  const { customerId } = useSession();
  const _qc = useQueryClient();
  const [name, setName] = useState(schedule?.name ?? '');
  const [enabled, setEnabled] = useState(schedule?.enabled ?? true);
  const [kind, setKind] = useState<Kind>(schedule?.kind ?? 'cron');
  const [cron, setCron] = useState(schedule?.cron ?? '0 2 * * *');
  const [timezone, setTimezone] = useState(
    schedule?.timezone ?? Intl.DateTimeFormat().resolvedOptions().timeZone,
  );
  const [interval, setInterval] = useState(String(schedule?.intervalMinutes ?? 60));
  const [runAt, setRunAt] = useState(localInput(schedule?.runAt ?? null));
  const ownJob = schedule && OWN_PAGE[schedule.jobType];
  const [job, setJob] = useState<JobDraft>(() =>
    schedule && !ownJob ? jobDraftOf(schedule) : emptyDraft('config_backup'),
  );

  const save = useFormMutation(
    () => {
      const timing =
        kind === 'cron'
          ? { kind, cron, timezone }
          : kind === 'interval'
            ? { kind, intervalMinutes: Number(interval) }
            : { kind, runAt: runAt ? new Date(runAt).toISOString() : '' };
      const body = { name, enabled, job: toJobCreate(job, customerId), ...timing };
      if (schedule) {
        // A job this form cannot show (a discovery sweep, a NetBox sync) is kept as it is.
        const { job: _, ...rest } = body;
        const patch = ownJob ? rest : body;
        return unwrap(
          api.PATCH('/api/v1/schedules/{id}', { params: { path: { id: schedule.id } }, body: patch }),
        );
      }
      return unwrap(api.POST('/api/v1/schedules', { body }));
    },
    {
      invalidate: [['schedules']],
      onSuccess: onDone,
    },
  );

  return (
    <form onSubmit={save.submit} className="space-y-3" aria-label="schedule">
      <div className="grid grid-cols-3 gap-3">
        <Field label="Name" name="name" error={save.error}>
          <Input
            aria-label="schedule name"
            value={name}
            onChange={(e) => setName(e.target.value)}
            autoFocus
          />
        </Field>
        <Field label="When" name="kind" error={save.error}>
          <Select aria-label="schedule kind" value={kind} onChange={(e) => setKind(e.target.value as Kind)}>
            <option value="cron">cron</option>
            <option value="interval">every N minutes</option>
            <option value="once">once</option>
          </Select>
        </Field>
        <label className="flex items-center gap-2 pt-5 text-sm">
          <input type="checkbox" checked={enabled} onChange={(e) => setEnabled(e.target.checked)} /> enabled
        </label>
        {kind === 'cron' && (
          <>
            <Field label="Cron (minute hour day month weekday)" name="cron" error={save.error}>
              <Input
                className="mono"
                aria-label="cron"
                value={cron}
                onChange={(e) => setCron(e.target.value)}
              />
            </Field>
            <Field label="Time zone" name="timezone" error={save.error}>
              <Input aria-label="time zone" value={timezone} onChange={(e) => setTimezone(e.target.value)} />
            </Field>
          </>
        )}
        {kind === 'interval' && (
          <Field label="Every (minutes)" name="intervalMinutes" error={save.error}>
            <Input
              inputMode="numeric"
              aria-label="interval minutes"
              value={interval}
              onChange={(e) => setInterval(e.target.value)}
            />
          </Field>
        )}
        {kind === 'once' && (
          <Field label="At" name="runAt" error={save.error}>
            <Input
              type="datetime-local"
              aria-label="run at"
              value={runAt}
              onChange={(e) => setRunAt(e.target.value)}
            />
          </Field>
        )}
      </div>
      {ownJob ? (
        <p className="text-sm text-slate-600 dark:text-slate-400" data-testid="schedule-own-job">
          Its job ({JOB_LABELS[schedule.jobType]}) is set on{' '}
          <Link className="text-sky-700 underline dark:text-sky-400" to={ownJob}>
            its own page
          </Link>
          ; here: its name, its timing and whether it runs.
        </p>
      ) : (
        <JobFields draft={job} onChange={setJob} error={save.error} />
      )}
      <FormFooter
        error={save.error}
        pending={save.isPending}
        label={schedule ? 'Save schedule' : 'Create schedule'}
      />
    </form>
  );
}
