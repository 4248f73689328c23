import { useState } from 'react';
import { api, type GetResult, unwrap } from '../../api/client';
import { useCredentials } from '../../api/queries/admin';
import { useFacets } from '../../api/queries/devices';
import { useSession } from '../../app/session';
import { CustomerSelect, FormFooter, useFormMutation } from '../../ui/forms';
import { Field, Input, Select, TextArea } from '../../ui/kit';

export type Device = GetResult<'/api/v1/devices'>['items'][number];

type Draft = {
  customerId: string;
  hostname: string;
  mgmtIp: string;
  port: string;
  vendor: string;
  platform: string;
  role: string;
  site: string;
  tags: string;
  description: string;
  credentialId: string;
  enabled: boolean;
  legacySsh: boolean;
  transport: 'ssh' | 'telnet';
};

function draftOf(d: Device | undefined, customerId: string): Draft {
  return {
    customerId: d?.customerId ?? customerId,
    hostname: d?.hostname ?? '',
    mgmtIp: d?.mgmtIp ?? '',
    port: String(d?.port ?? 22),
    vendor: d?.vendor ?? '',
    platform: d?.platform ?? '',
    role: d?.role ?? '',
    site: d?.site ?? '',
    tags: (d?.tags ?? []).join(', '),
    description: d?.description ?? '',
    credentialId: d?.credentialId ?? '',
    enabled: d?.enabled ?? true,
    legacySsh: d?.legacySsh ?? false,
    transport: d?.transport ?? 'ssh',
  };
}

/** Add or edit a device; the server validates and its per-field messages show under each field. */
export function DeviceForm({ device, onDone }: { device?: Device; onDone(d: Device): void }) {
  const { customers, customerId } = useSession();
  const [draft, setDraft] = useState<Draft>(() => draftOf(device, customerId ?? customers[0]?.id ?? ''));
  const facets = useFacets();
  const credentials = useCredentials(draft.customerId || undefined);
  const set = <K extends keyof Draft>(k: K, v: Draft[K]) => setDraft((d) => ({ ...d, [k]: v }));

  const save = useFormMutation(
    async () => {
      const body = {
        hostname: draft.hostname,
        mgmtIp: draft.mgmtIp,
        // Sent as typed: a non-number is the server's to reject, by field name.
        port: draft.port === '' ? (draft.transport === 'telnet' ? 23 : 22) : Number(draft.port),
        vendor: draft.vendor,
        platform: draft.platform,
        role: draft.role,
        site: draft.site,
        tags: draft.tags
          .split(',')
          .map((t) => t.trim())
          .filter(Boolean),
        description: draft.description,
        credentialId: draft.credentialId || null,
        enabled: draft.enabled,
        legacySsh: draft.legacySsh,
        transport: draft.transport,
      };
      if (device)
        return unwrap(api.PATCH('/api/v1/devices/{id}', { params: { path: { id: device.id } }, body }));
      return unwrap(api.POST('/api/v1/devices', { body: { ...body, customerId: draft.customerId } }));
    },
    { invalidate: [['devices'], ['dashboard']], onSuccess: onDone },
  );
  const options = (field: 'vendor' | 'platform' | 'role' | 'site') =>
    (facets.data?.[field] ?? []).filter((f) => f.value).map((f) => <option key={f.value} value={f.value} />);

  return (
    <form onSubmit={save.submit} className="space-y-3" aria-label={device ? 'edit device' : 'add device'}>
      <div className="grid grid-cols-2 gap-3">
        {!device && (
          <Field label="Customer" name="customerId" error={save.error}>
            <CustomerSelect
              name="customerId"
              value={draft.customerId}
              onChange={(e) => set('customerId', e.target.value)}
            />
          </Field>
        )}
        <Field label="Hostname" name="hostname" error={save.error}>
          <Input
            name="hostname"
            value={draft.hostname}
            onChange={(e) => set('hostname', e.target.value)}
            autoFocus
          />
        </Field>
        <Field label="Management IP" name="mgmtIp" error={save.error}>
          <Input name="mgmtIp" value={draft.mgmtIp} onChange={(e) => set('mgmtIp', e.target.value)} />
        </Field>
        <Field label="SSH port" name="port" error={save.error}>
          <Input
            name="port"
            inputMode="numeric"
            value={draft.port}
            onChange={(e) => set('port', e.target.value)}
          />
        </Field>
        {(['vendor', 'platform', 'role', 'site'] as const).map((f) => (
          <Field key={f} label={f[0]?.toUpperCase() + f.slice(1)} name={f} error={save.error}>
            <Input name={f} list={`facet-${f}`} value={draft[f]} onChange={(e) => set(f, e.target.value)} />
            <datalist id={`facet-${f}`}>{options(f)}</datalist>
          </Field>
        ))}
        <Field label="Tags" name="tags" error={save.error} hint="comma-separated">
          <Input name="tags" value={draft.tags} onChange={(e) => set('tags', e.target.value)} />
        </Field>
        <Field label="Credential" name="credentialId" error={save.error}>
          <Select
            name="credentialId"
            value={draft.credentialId}
            onChange={(e) => set('credentialId', e.target.value)}
          >
            <option value="">(none)</option>
            {(credentials.data?.items ?? [])
              .filter((c) => c.customerId === draft.customerId)
              .map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name} ({c.username})
                </option>
              ))}
          </Select>
        </Field>
      </div>
      <Field label="Description" name="description" error={save.error}>
        <TextArea
          name="description"
          rows={2}
          value={draft.description}
          onChange={(e) => set('description', e.target.value)}
        />
      </Field>
      <div className="flex gap-4 text-sm">
        <label className="flex items-center gap-1">
          <input
            type="checkbox"
            name="enabled"
            checked={draft.enabled}
            onChange={(e) => set('enabled', e.target.checked)}
          />{' '}
          Enabled
        </label>
        <label className="flex items-center gap-1">
          <input
            type="checkbox"
            name="legacySsh"
            checked={draft.legacySsh}
            onChange={(e) => set('legacySsh', e.target.checked)}
          />{' '}
          Legacy SSH algorithms
        </label>
        <label className="flex items-center gap-1">
          Transport
          <select
            aria-label="transport"
            name="transport"
            value={draft.transport}
            onChange={(e) => set('transport', e.target.value as Draft['transport'])}
            className="rounded border border-slate-300 bg-white px-1 dark:border-slate-700 dark:bg-slate-900"
          >
            <option value="ssh">SSH</option>
            <option value="telnet">telnet (cleartext)</option>
          </select>
        </label>
      </div>
      {draft.transport === 'telnet' && (
        <p className="text-xs text-amber-700 dark:text-amber-400" role="note">
          Telnet sends everything in clear, the login password included. Use it only for devices that speak
          nothing else.
        </p>
      )}
      <FormFooter error={save.error} pending={save.isPending} label={device ? 'Save' : 'Add device'} />
    </form>
  );
}
