import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { api, type GetResult, unwrap } from '../../api/client';
import { jobKeys } from '../../api/queries/jobs';
import { netboxKeys, type SyncPlan, useNetboxSource, useSyncResult } from '../../api/queries/netbox';
import { useUrlState } from '../../app/hooks';
import { useSession } from '../../app/session';
import { CustomerSelect, FormFooter, useFormMutation } from '../../ui/forms';
import { Badge, Button, Card, ErrorBox, Field, Input, PageHeader, TextArea } from '../../ui/kit';

type Source = NonNullable<GetResult<'/api/v1/customers/{id}/netbox'>>;
const FINAL = ['success', 'partial', 'failed', 'cancelled'];
const FILTERS = ['site', 'role', 'tag', 'status', 'tenant'] as const;

const words = (v: string) =>
  v
    .split(',')
    .map((w) => w.trim())
    .filter(Boolean);
/** `a=b` lines as a map (the platform map, the custom fields). */
const pairs = (v: string) =>
  Object.fromEntries(
    v
      .split('\n')
      .map((l) => l.split('=').map((x) => x.trim()))
      .filter((p) => p.length === 2 && p[0] && p[1]),
  );
const lines = (m: Record<string, string>) =>
  Object.entries(m)
    .map(([k, v]) => `${k}=${v}`)
    .join('\n');

function SourceForm({ customerId, source }: { customerId: string; source: Source | null }) {
  const { can } = useSession();
  const [url, setUrl] = useState(source?.url ?? '');
  const [token, setToken] = useState('');
  const [filters, setFilters] = useState<Record<string, string>>(
    Object.fromEntries(
      FILTERS.map((f) => [
        f,
        (source?.filters[f] ?? (f === 'status' && !source ? ['active'] : [])).join(', '),
      ]),
    ),
  );
  const [platformMap, setPlatformMap] = useState(lines(source?.platformMap ?? {}));
  const [customFields, setCustomFields] = useState(lines(source?.customFields ?? {}));
  const [disableMissing, setDisableMissing] = useState(source?.disableMissing ?? true);
  const save = useFormMutation(
    () =>
      unwrap(
        api.PUT('/api/v1/customers/{id}/netbox', {
          params: { path: { id: customerId } },
          body: {
            url,
            ...(token ? { token } : {}),
            filters: Object.fromEntries(
              FILTERS.map((f) => [f, words(filters[f] ?? '')] as const).filter(([, v]) => v.length > 0),
            ),
            platformMap: pairs(platformMap),
            // The server checks each target is a device field it may fill.
            customFields: pairs(customFields) as never,
            disableMissing,
          },
        }),
      ),
    { invalidate: [netboxKeys.all] },
  );
  const admin = can('admin');
  return (
    <form onSubmit={save.submit} className="space-y-3" aria-label="netbox source">
      <div className="grid gap-3 md:grid-cols-2">
        <Field label="NetBox URL" name="url" error={save.error}>
          <Input
            aria-label="netbox url"
            value={url}
            disabled={!admin}
            onChange={(e) => setUrl(e.target.value)}
            placeholder="https://netbox.example.net"
          />
        </Field>
        <Field
          label="API token"
          name="token"
          error={save.error}
          hint={source?.hasToken ? 'stored; leave empty to keep' : undefined}
        >
          <Input
            aria-label="netbox token"
            type="password"
            autoComplete="new-password"
            disabled={!admin}
            value={token}
            onChange={(e) => setToken(e.target.value)}
          />
        </Field>
        {FILTERS.map((f) => (
          <Field
            key={f}
            label={`Only ${f} (comma-separated ${f === 'status' ? 'values' : 'slugs'})`}
            name={`filters.${f}`}
            error={save.error}
          >
            <Input
              aria-label={`netbox ${f}`}
              disabled={!admin}
              value={filters[f] ?? ''}
              onChange={(e) => setFilters({ ...filters, [f]: e.target.value })}
            />
          </Field>
        ))}
        <Field
          label="Platform map (NetBox slug=webnet platform, one a line)"
          name="platformMap"
          error={save.error}
        >
          <TextArea
            aria-label="platform map"
            rows={3}
            disabled={!admin}
            value={platformMap}
            onChange={(e) => setPlatformMap(e.target.value)}
            placeholder="catalyst=cisco_ios"
          />
        </Field>
        <Field
          label="Custom fields (NetBox field=device field: port, transport, vendor, description, role, site)"
          name="customFields"
          error={save.error}
        >
          <TextArea
            aria-label="custom fields"
            rows={3}
            disabled={!admin}
            value={customFields}
            onChange={(e) => setCustomFields(e.target.value)}
            placeholder="ssh_port=port"
          />
        </Field>
      </div>
      <label className="flex items-center gap-2 text-sm">
        <input
          type="checkbox"
          aria-label="disable missing"
          disabled={!admin}
          checked={disableMissing}
          onChange={(e) => setDisableMissing(e.target.checked)}
        />
        Disable synced devices NetBox no longer lists (they are never deleted)
      </label>
      {admin && (
        <FormFooter error={save.error} pending={save.isPending} label={source ? 'Save' : 'Connect NetBox'} />
      )}
    </form>
  );
}

function Plan({ plan }: { plan: SyncPlan }) {
  const list = (title: string, items: string[]) =>
    items.length ? (
      <div>
        <h3 className="text-sm font-semibold">{title}</h3>
        <ul className="ml-4 list-disc text-sm">
          {items.slice(0, 200).map((i) => (
            <li key={i}>{i}</li>
          ))}
          {items.length > 200 && <li>… and {items.length - 200} more</li>}
        </ul>
      </div>
    ) : null;
  const verb = plan.applied ? ['Created', 'Updated', 'Disabled'] : ['To create', 'To update', 'To disable'];
  return (
    <div className="space-y-3" data-testid="netbox-plan">
      <p className="text-sm">
        NetBox listed {plan.fetched} devices: {plan.create.length} {verb[0]!.toLowerCase()},{' '}
        {plan.update.length} {verb[1]!.toLowerCase()}, {plan.disable.length} {verb[2]!.toLowerCase()},{' '}
        {plan.unchanged} unchanged, {plan.skipped.length} skipped.
      </p>
      {list(
        verb[0]!,
        plan.create.map(
          (c) => `${c.hostname} (${String(c.fields.mgmtIp)}, ${String(c.fields.platform || 'no platform')})`,
        ),
      )}
      {list(
        verb[1]!,
        plan.update.map(
          (u) =>
            `${u.hostname}: ${Object.entries(u.changes)
              .map(([f, c]) => `${f} ${JSON.stringify(c.from)} → ${JSON.stringify(c.to)}`)
              .join(', ')}`,
        ),
      )}
      {list(
        verb[2]!,
        plan.disable.map((d) => `${d.hostname} (no longer in NetBox)`),
      )}
      {list(
        'Skipped',
        plan.skipped.map((s) => `${s.name}: ${s.reason}`),
      )}
    </div>
  );
}

/** The syncs on a timetable: this customer's NetBox schedules, and one more in a click. */
function Timetable({ customerId }: { customerId: string }) {
  const { customerName, can } = useSession();
  const qc = useQueryClient();
  const [hours, setHours] = useState('24');
  const schedules = useQuery({
    queryKey: ['schedules', 'netbox', customerId],
    queryFn: () =>
      unwrap(api.GET('/api/v1/schedules', { params: { query: { jobType: 'netbox_sync', pageSize: 500 } } })),
  });
  const mine = (schedules.data?.items ?? []).filter((s) => s.payload.customerId === customerId);
  const add = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/api/v1/schedules', {
          body: {
            name: `NetBox sync of ${customerName(customerId)}`,
            job: { type: 'netbox_sync', payload: { customerId, apply: true } },
            kind: 'interval',
            intervalMinutes: Number(hours) * 60,
          },
        }),
      ),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['schedules'] }),
  });
  return (
    <div className="space-y-2 text-sm" data-testid="netbox-schedules">
      {mine.length ? (
        <ul className="ml-4 list-disc">
          {mine.map((s) => (
            <li key={s.id}>
              {s.name}: every {Math.round((s.intervalMinutes ?? 0) / 60) || '?'} h,{' '}
              {s.enabled ? `next ${s.nextRunAt ? new Date(s.nextRunAt).toLocaleString() : '—'}` : 'paused'}
              {s.lastError ? ` (last: ${s.lastError})` : ''}
            </li>
          ))}
        </ul>
      ) : (
        <p>No timetable: NetBox is read when someone asks.</p>
      )}
      {can('operator') && (
        <form
          className="flex items-end gap-2"
          onSubmit={(e) => {
            e.preventDefault();
            add.mutate();
          }}
        >
          <Field label="Sync every (hours)" name="intervalMinutes" error={add.error}>
            <Input
              aria-label="netbox sync hours"
              className="w-24"
              type="number"
              min={1}
              value={hours}
              onChange={(e) => setHours(e.target.value)}
            />
          </Field>
          <Button type="submit" disabled={add.isPending}>
            Add to the timetable
          </Button>
        </form>
      )}
      <ErrorBox error={schedules.error ?? add.error} />
    </div>
  );
}

/** NetBox as a customer's inventory source: its settings, a dry run, the sync, and what each did. */
export default function NetboxPage() {
  const session = useSession();
  const url = useUrlState();
  const qc = useQueryClient();
  const customerId = url.get('customer') || session.customerId || session.customers[0]?.id || '';
  const jobId = url.get('job');
  const source = useNetboxSource(customerId);
  const job = useQuery({
    queryKey: jobKeys.one(jobId),
    enabled: Boolean(jobId),
    queryFn: () => unwrap(api.GET('/api/v1/jobs/{id}', { params: { path: { id: jobId } } })),
    refetchInterval: (q) => (q.state.data && FINAL.includes(q.state.data.status) ? false : 1_000),
  });
  const ended = Boolean(job.data && FINAL.includes(job.data.status));
  const result = useSyncResult(jobId, job.data?.status, ended);
  const start = useMutation({
    mutationFn: (apply: boolean) =>
      unwrap(api.POST('/api/v1/jobs', { body: { type: 'netbox_sync', payload: { customerId, apply } } })),
    onSuccess: (j) => {
      url.set({ job: j.id });
      void qc.invalidateQueries({ queryKey: netboxKeys.all });
    },
  });
  return (
    <div className="space-y-4">
      <PageHeader title="NetBox" />
      <Field label="Customer">
        <CustomerSelect
          aria-label="netbox customer"
          value={customerId}
          onChange={(e) => url.set({ customer: e.target.value, job: null })}
        />
      </Field>
      <ErrorBox error={source.error} />
      {source.data !== undefined && (
        <Card title="Source">
          <SourceForm
            key={`${customerId}-${source.data?.updatedAt ?? 'new'}`}
            customerId={customerId}
            source={source.data}
          />
        </Card>
      )}
      {source.data && session.can('operator') && (
        <Card title="Sync">
          <p className="mb-2 text-sm text-slate-600 dark:text-slate-400">
            A dry run shows what would change and changes nothing.
            {source.data.lastSyncAt && ` Last applied ${new Date(source.data.lastSyncAt).toLocaleString()}.`}
          </p>
          <div className="flex gap-2">
            <Button onClick={() => start.mutate(false)} disabled={start.isPending}>
              Dry run
            </Button>
            <Button variant="primary" onClick={() => start.mutate(true)} disabled={start.isPending}>
              Sync now
            </Button>
          </div>
          <ErrorBox error={start.error} />
        </Card>
      )}
      {source.data && (
        <Card title="Timetable">
          <Timetable customerId={customerId} />
        </Card>
      )}
      {jobId && (
        <Card title="Result">
          {!ended ? (
            <p className="text-sm">Reading NetBox…</p>
          ) : result.data?.plan ? (
            <Plan plan={result.data.plan} />
          ) : result.data?.error ? (
            <p className="text-sm text-red-700 dark:text-red-400" data-testid="netbox-error">
              <Badge value="failed" /> {result.data.error}
            </p>
          ) : null}
          <Link
            className="mt-2 inline-block text-xs text-sky-700 underline dark:text-sky-400"
            to={`/jobs/${jobId}`}
          >
            the job
          </Link>
        </Card>
      )}
    </div>
  );
}
