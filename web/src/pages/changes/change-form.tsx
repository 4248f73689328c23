import { useState } from 'react';
import { stringify as toYaml } from 'yaml';
import { api, type Schemas, unwrap } from '../../api/client';
import { type Change, changeKeys } from '../../api/queries/changes';
import { useDeviceList } from '../../api/queries/devices';
import { useSession } from '../../app/session';
import { TemplateEditor } from '../../ui/code-editor';
import {
  DeviceFilterBar,
  emptyFilter,
  type FilterValues,
  filterBody,
  filterQuery,
} from '../../ui/device-filter-bar';
import { CustomerSelect, FormFooter, useFormMutation } from '../../ui/forms';
import { Field, Input, Select, TextArea } from '../../ui/kit';
import { deviceVariablesFromCsv, yamlField } from './variables';

type ChangeCreate = Schemas['/api/v1/changes']['post']['requestBody']['content']['application/json'];

const EXAMPLE = `{% comment %} Configuration lines, indented as in the running config; {{ device.hostname }},
{{ device.site }}, {{ customer.name }} and your variables fill in per device. {% endcomment %}
ntp server {{ ntp_server }}
snmp-server location {{ device.site }}`;

function TargetCount({ filter, customerId }: { filter: FilterValues; customerId: string }) {
  const count = useDeviceList({ pageSize: 1, customerId, ...filterQuery(filter), enabled: 'true' });
  return (
    <span data-testid="change-target-count">
      {count.data ? `${count.data.total} enabled devices match` : '…'}
    </span>
  );
}

/**
 * A new change, or an edit of one (which makes its preview and approvals stale). Targets are the
 * device list's filter; the text is configuration lines or a LiquidJS template.
 */
export function ChangeForm({ change, onDone }: { change?: Change; onDone(c: Change): void }) {
  const session = useSession();
  const [customerId, setCustomerId] = useState(
    change?.customerId ?? session.customerId ?? session.customers[0]?.id ?? '',
  );
  const [title, setTitle] = useState(change?.title ?? '');
  const [description, setDescription] = useState(change?.description ?? '');
  const [template, setTemplate] = useState(change?.template ?? EXAMPLE);
  const [variables, setVariables] = useState(change ? toYaml(change.variables) : 'ntp_server: 192.0.2.123\n');
  const [deviceVariables, setDeviceVariables] = useState(
    change && Object.keys(change.deviceVariables).length ? toYaml(change.deviceVariables) : '',
  );
  const [filter, setFilter] = useState<FilterValues>(emptyFilter());
  const [csvError, setCsvError] = useState<string | null>(null);
  const [mode, setMode] = useState<'merge' | 'replace'>(change?.mode ?? 'merge');
  const [confirmMinutes, setConfirmMinutes] = useState(String(change?.confirmMinutes ?? 5));
  const [canary, setCanary] = useState(String(change?.rollout.canary ?? 1));
  const [batchSize, setBatchSize] = useState(String(change?.rollout.batchSize ?? 50));
  const [pauseSeconds, setPauseSeconds] = useState(String(change?.rollout.pauseSeconds ?? 0));
  const [maxFailurePercent, setMaxFailurePercent] = useState(String(change?.rollout.maxFailurePercent ?? 0));
  const [interfacesUp, setInterfacesUp] = useState(
    change?.checks.some((c) => c.kind === 'interfaces_up') ?? true,
  );
  const [lldp, setLldp] = useState(change?.checks.some((c) => c.kind === 'lldp_neighbors') ?? false);
  const [pings, setPings] = useState(
    (change?.checks ?? []).flatMap((c) => (c.kind === 'ping' ? [c.destination] : [])).join(', '),
  );

  const body = () => {
    const common = {
      title,
      description,
      template,
      mode,
      variables: yamlField('variables', variables),
      deviceVariables: yamlField('deviceVariables', deviceVariables) as Record<
        string,
        Record<string, unknown>
      >,
      confirmMinutes: Number(confirmMinutes),
      rollout: {
        canary: Number(canary),
        batchSize: Number(batchSize),
        pauseSeconds: Number(pauseSeconds),
        maxFailurePercent: Number(maxFailurePercent),
      },
      checks: [
        ...(interfacesUp ? [{ kind: 'interfaces_up' as const }] : []),
        ...(lldp ? [{ kind: 'lldp_neighbors' as const }] : []),
        ...(change?.checks.filter((c) => c.kind === 'command_matches') ?? []),
        ...pings
          .split(/[\s,]+/)
          .filter(Boolean)
          .map((destination) => ({ kind: 'ping' as const, destination })),
      ],
    };
    // Editing with no filter chosen keeps the change's targets as they are.
    const keepTargets = change !== undefined && Object.keys(filterBody(filter)).length === 0;
    return keepTargets
      ? common
      : { ...common, targets: { filter: { ...filterBody(filter), customerId: [customerId] } } };
  };
  const save = useFormMutation(
    async () => {
      if (change)
        return unwrap(
          api.PATCH('/api/v1/changes/{id}', { params: { path: { id: change.id } }, body: body() }),
        );
      return unwrap(api.POST('/api/v1/changes', { body: { ...(body() as ChangeCreate), customerId } }));
    },
    { invalidate: [changeKeys.all], onSuccess: onDone },
  );
  const error = save.error;
  return (
    <form className="space-y-3" onSubmit={save.submit}>
      <div className="grid gap-3 sm:grid-cols-2">
        <Field label="Title" name="title" error={error}>
          <Input
            aria-label="change title"
            value={title}
            onChange={(e) => setTitle(e.target.value)}
            required
          />
        </Field>
        {!change && (
          <Field label="Customer" name="customerId" error={error}>
            <CustomerSelect
              aria-label="change customer"
              value={customerId}
              onChange={(e) => setCustomerId(e.target.value)}
            />
          </Field>
        )}
      </div>
      <Field label="Why (shown to approvers)" name="description" error={error}>
        <TextArea rows={2} value={description} onChange={(e) => setDescription(e.target.value)} />
      </Field>
      <fieldset className="space-y-2 rounded border border-slate-200 p-3 dark:border-slate-800">
        <legend className="px-1 text-xs font-semibold text-slate-500">
          Devices {change ? '(leave the filter empty to keep the targets)' : ''}
        </legend>
        <DeviceFilterBar
          label="target"
          value={filter}
          onChange={(p) => setFilter({ ...filter, ...p })}
          showEnabled={false}
        />
        <div className="text-xs text-slate-500">
          <TargetCount filter={filter} customerId={customerId} />
        </div>
      </fieldset>
      <Field label="Mode" name="mode" error={error}>
        <Select
          aria-label="change mode"
          value={mode}
          onChange={(e) => setMode(e.target.value as 'merge' | 'replace')}
        >
          <option value="merge">merge: add these lines to the running config</option>
          <option value="replace">replace: this is the whole configuration</option>
        </Select>
      </Field>
      <Field
        label="Configuration, or a LiquidJS template ({{ device.hostname }}, {{ device.site }}, your variables)"
        name="template"
        error={error}
      >
        <TemplateEditor label="change template" value={template} onChange={setTemplate} />
      </Field>
      <div className="grid gap-3 sm:grid-cols-2">
        <Field label="Variables (YAML)" name="variables" error={error}>
          <TextArea
            aria-label="change variables"
            className="mono text-xs"
            rows={4}
            value={variables}
            onChange={(e) => setVariables(e.target.value)}
          />
        </Field>
        <Field
          label="Per device, by hostname (YAML: host: {name: value})"
          name="deviceVariables"
          error={error}
        >
          <TextArea
            aria-label="device variables"
            className="mono text-xs"
            rows={4}
            value={deviceVariables}
            onChange={(e) => setDeviceVariables(e.target.value)}
          />
          <input
            type="file"
            accept=".csv,text/csv"
            aria-label="device variables CSV"
            className="text-xs"
            onChange={async (e) => {
              const file = e.target.files?.[0];
              if (!file) return;
              try {
                setCsvError(null);
                setDeviceVariables(deviceVariablesFromCsv(await file.text()));
              } catch (err) {
                setCsvError(err instanceof Error ? err.message : String(err));
              }
            }}
          />
          {csvError && <span className="block text-xs text-red-600 dark:text-red-400">{csvError}</span>}
        </Field>
      </div>
      <div className="grid grid-cols-2 gap-3 sm:grid-cols-5">
        <Field
          label="Confirm window (min)"
          name="confirmMinutes"
          error={error}
          hint="reverts unless confirmed"
        >
          <Input
            type="number"
            min={0}
            max={60}
            value={confirmMinutes}
            onChange={(e) => setConfirmMinutes(e.target.value)}
          />
        </Field>
        <Field label="Canary devices" name="rollout.canary" error={error}>
          <Input type="number" min={0} value={canary} onChange={(e) => setCanary(e.target.value)} />
        </Field>
        <Field label="Then batches of" name="rollout.batchSize" error={error}>
          <Input type="number" min={1} value={batchSize} onChange={(e) => setBatchSize(e.target.value)} />
        </Field>
        <Field label="Pause (s)" name="rollout.pauseSeconds" error={error}>
          <Input
            type="number"
            min={0}
            value={pauseSeconds}
            onChange={(e) => setPauseSeconds(e.target.value)}
          />
        </Field>
        <Field label="Stop above % failed" name="rollout.maxFailurePercent" error={error}>
          <Input
            type="number"
            min={0}
            max={100}
            value={maxFailurePercent}
            onChange={(e) => setMaxFailurePercent(e.target.value)}
          />
        </Field>
      </div>
      <div className="flex flex-wrap gap-4 text-sm">
        <label className="flex items-center gap-1">
          <input type="checkbox" checked={interfacesUp} onChange={(e) => setInterfacesUp(e.target.checked)} />
          interfaces up before stay up
        </label>
        <label className="flex items-center gap-1">
          <input type="checkbox" checked={lldp} onChange={(e) => setLldp(e.target.checked)} />
          LLDP neighbours before are still there
        </label>
        <span className="flex items-center gap-1">
          <label htmlFor="change-pings">addresses that answered a ping before still answer:</label>
          <Input
            id="change-pings"
            aria-label="ping checks"
            className="w-64"
            placeholder="10.0.0.1, 10.0.0.2"
            value={pings}
            onChange={(e) => setPings(e.target.value)}
          />
        </span>
      </div>
      <FormFooter
        error={error}
        pending={save.isPending}
        label={change ? 'Save (preview again)' : 'Create draft'}
      />
    </form>
  );
}
