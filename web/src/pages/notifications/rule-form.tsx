import { useState } from 'react';
import { api, type GetResult, unwrap } from '../../api/client';
import { notificationKeys } from '../../api/queries/notifications';
import { useSession } from '../../app/session';
import {
  DeviceFilterBar,
  emptyFilter,
  FILTER_FIELDS,
  type FilterValues,
  filterBody,
} from '../../ui/device-filter-bar';
import { CustomerSelect, FormFooter, useFormMutation } from '../../ui/forms';
import { Field, Input, Select } from '../../ui/kit';
import type { Channel } from './channel-form';

export type Rule = GetResult<'/api/v1/notification-rules'>['items'][number];

/** The events a rule may choose, in words. */
export const EVENTS = {
  'config.changed': 'Configuration changed (with a diff summary)',
  'job.failed': 'Job failed',
  'job.partial': 'Job partly failed',
  'device.unreachable': 'Device became unreachable',
  'compliance.drift': 'Device fell out of compliance',
  'change.awaiting_approval': 'Change awaits approval',
  'change.committed': 'Change committed',
  'change.reverted': 'Change reverted',
} as const;
type EventName = keyof typeof EVENTS;

/** A stored filter (lists) as the bar edits it (one value per field). */
function valuesOf(filter: Record<string, unknown>): FilterValues {
  const v = emptyFilter();
  if (typeof filter.q === 'string') v.q = filter.q;
  if (typeof filter.enabled === 'boolean') v.enabled = filter.enabled ? 'true' : 'false';
  for (const f of FILTER_FIELDS) {
    const list = filter[f];
    if (Array.isArray(list) && typeof list[0] === 'string') v[f] = list[0];
  }
  return v;
}

export function RuleForm({ rule, channels, onDone }: { rule?: Rule; channels: Channel[]; onDone(): void }) {
  const { customers, customerId } = useSession();
  const [customer, setCustomer] = useState(rule?.customerId ?? customerId ?? customers[0]?.id ?? '');
  const mine = channels.filter((c) => c.customerId === customer);
  const [name, setName] = useState(rule?.name ?? '');
  const [channelId, setChannelId] = useState(rule?.channelId ?? mine[0]?.id ?? '');
  const [events, setEvents] = useState<Set<string>>(new Set(rule?.events ?? ['job.failed']));
  const [filter, setFilter] = useState<FilterValues>(valuesOf(rule?.filter ?? {}));
  const [enabled, setEnabled] = useState(rule?.enabled ?? true);
  const save = useFormMutation(
    () => {
      const body = {
        name,
        channelId,
        events: [...events] as EventName[],
        filter: filterBody(filter),
        enabled,
      };
      return rule
        ? unwrap(api.PATCH('/api/v1/notification-rules/{id}', { params: { path: { id: rule.id } }, body }))
        : unwrap(api.POST('/api/v1/notification-rules', { body: { customerId: customer, ...body } }));
    },
    { invalidate: [notificationKeys.all], onSuccess: onDone },
  );
  return (
    <form onSubmit={save.submit} className="space-y-3" aria-label="notification rule">
      <div className="grid grid-cols-2 gap-3">
        {!rule && (
          <Field label="Customer" name="customerId" error={save.error}>
            <CustomerSelect
              aria-label="rule customer"
              value={customer}
              onChange={(e) => setCustomer(e.target.value)}
            />
          </Field>
        )}
        <Field label="Name" name="name" error={save.error}>
          <Input aria-label="rule name" value={name} onChange={(e) => setName(e.target.value)} autoFocus />
        </Field>
        <Field label="Channel" name="channelId" error={save.error}>
          <Select aria-label="rule channel" value={channelId} onChange={(e) => setChannelId(e.target.value)}>
            <option value="">choose a channel</option>
            {mine.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name} ({c.kind})
              </option>
            ))}
          </Select>
        </Field>
      </div>
      <Field label="Events" name="events" error={save.error}>
        <div className="grid grid-cols-2 gap-1 text-sm">
          {(Object.keys(EVENTS) as EventName[]).map((e) => (
            <label key={e} className="flex items-center gap-2">
              <input
                type="checkbox"
                aria-label={`event ${e}`}
                checked={events.has(e)}
                onChange={(ev) => {
                  const next = new Set(events);
                  if (ev.target.checked) next.add(e);
                  else next.delete(e);
                  setEvents(next);
                }}
              />
              {EVENTS[e]}
            </label>
          ))}
        </div>
      </Field>
      {/* Not a Field: the bar holds several controls, and a label would send every click to the first. */}
      <div className="space-y-1">
        <span className="text-xs font-semibold text-slate-600 dark:text-slate-400">
          Only for devices matching
        </span>
        <DeviceFilterBar label="target" value={filter} onChange={(p) => setFilter({ ...filter, ...p })} />
        <span className="block text-xs text-slate-500">
          Narrows device events, and failed jobs to those with a matching failed device; changes are not
          narrowed.
        </span>
      </div>
      <label className="flex items-center gap-2 text-sm">
        <input
          type="checkbox"
          aria-label="rule enabled"
          checked={enabled}
          onChange={(e) => setEnabled(e.target.checked)}
        />
        enabled
      </label>
      <FormFooter error={save.error} pending={save.isPending} label={rule ? 'Save' : 'Create rule'} />
    </form>
  );
}
