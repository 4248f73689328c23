import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, type GetResult, type PostResult, unwrap } from '../../api/client';
import {
  type DeliveryQuery,
  notificationKeys,
  useChannels,
  useDeliveries,
  useRules,
} from '../../api/queries/notifications';
import { useSession } from '../../app/session';
import { NeedsCustomer, RowActions } from '../../ui/forms';
import { ago, Badge, Button, Card, ErrorBox, Modal, PageHeader, Pager, Select } from '../../ui/kit';
import { type Column, Table } from '../../ui/table';
import { type Channel, ChannelForm } from './channel-form';
import { EVENTS, type Rule, RuleForm } from './rule-form';

type Delivery = GetResult<'/api/v1/notification-deliveries'>['items'][number];
type TestResult = PostResult<'/api/v1/notification-channels/{id}/test'>;

/** Where a channel sends, in words (its secret is never shown). */
function target(c: Channel): string {
  const s = c.settings as { url?: string; to?: string[]; host?: string };
  if (c.kind === 'webhook') return s.url ?? '';
  if (c.kind === 'email') return `${(s.to ?? []).join(', ')} via ${s.host ?? ''}`;
  return c.hasSecret ? 'incoming webhook (stored)' : 'no webhook URL';
}

function Channels({ channels, onEdit }: { channels: Channel[]; onEdit(c: Channel): void }) {
  const { can, customerName } = useSession();
  const qc = useQueryClient();
  const [tested, setTested] = useState<Record<string, TestResult>>({});
  const test = useMutation({
    mutationFn: (c: Channel) =>
      unwrap(api.POST('/api/v1/notification-channels/{id}/test', { params: { path: { id: c.id } } })),
    onSuccess: (r, c) => {
      setTested((t) => ({ ...t, [c.id]: r }));
      void qc.invalidateQueries({ queryKey: notificationKeys.all });
    },
  });
  const remove = useMutation({
    mutationFn: (c: Channel) =>
      unwrap(api.DELETE('/api/v1/notification-channels/{id}', { params: { path: { id: c.id } } })),
    onSuccess: () => qc.invalidateQueries({ queryKey: notificationKeys.all }),
  });
  const enable = useMutation({
    mutationFn: (c: Channel) =>
      unwrap(
        api.PATCH('/api/v1/notification-channels/{id}', {
          params: { path: { id: c.id } },
          body: { enabled: true },
        }),
      ),
    onSuccess: () => qc.invalidateQueries({ queryKey: notificationKeys.all }),
  });
  const columns: Column<Channel>[] = [
    { key: 'name', header: 'Name', cell: (c) => <span className="font-medium">{c.name}</span> },
    { key: 'customer', header: 'Customer', cell: (c) => customerName(c.customerId) },
    { key: 'kind', header: 'Kind', cell: (c) => c.kind },
    {
      key: 'target',
      header: 'Sends to',
      cell: (c) => <span className="break-all text-xs">{target(c)}</span>,
    },
    {
      key: 'state',
      header: 'State',
      cell: (c) =>
        c.enabled ? (
          <Badge value="on" tone="success" />
        ) : (
          <span title={c.disabledReason ?? 'turned off by a person'}>
            <Badge value="off" tone="failed" /> <span className="text-xs">{c.disabledReason ?? ''}</span>
          </span>
        ),
    },
    {
      key: 'test',
      header: 'Last test',
      cell: (c) => {
        const r = tested[c.id];
        if (!r) return '';
        return (
          <span data-testid={`test-result-${c.name}`} className={r.ok ? 'text-emerald-700' : 'text-red-700'}>
            {r.ok ? `delivered (${r.statusCode ?? ''}, ${r.ms} ms)` : `failed: ${r.error ?? r.statusCode}`}
          </span>
        );
      },
    },
    {
      key: 'actions',
      header: '',
      cell: (c) => (
        <div className="flex justify-end gap-1">
          {can('operator') && (
            <Button onClick={() => test.mutate(c)} disabled={test.isPending}>
              Send test
            </Button>
          )}
          {can('admin') && !c.enabled && <Button onClick={() => enable.mutate(c)}>Turn on</Button>}
          {can('admin') && (
            <RowActions
              name={`channel ${c.name}`}
              onEdit={() => onEdit(c)}
              onDelete={() => remove.mutate(c)}
            />
          )}
        </div>
      ),
    },
  ];
  return (
    <>
      <ErrorBox error={test.error ?? remove.error ?? enable.error} />
      <Table rows={channels} columns={columns} rowKey={(c) => c.id} empty="No channels yet." />
    </>
  );
}

function Rules({ rules, channels, onEdit }: { rules: Rule[]; channels: Channel[]; onEdit(r: Rule): void }) {
  const { can } = useSession();
  const qc = useQueryClient();
  const remove = useMutation({
    mutationFn: (r: Rule) =>
      unwrap(api.DELETE('/api/v1/notification-rules/{id}', { params: { path: { id: r.id } } })),
    onSuccess: () => qc.invalidateQueries({ queryKey: notificationKeys.all }),
  });
  const channelName = (id: string) => channels.find((c) => c.id === id)?.name ?? '—';
  const columns: Column<Rule>[] = [
    { key: 'name', header: 'Name', cell: (r) => <span className="font-medium">{r.name}</span> },
    { key: 'channel', header: 'Channel', cell: (r) => channelName(r.channelId) },
    {
      key: 'events',
      header: 'Events',
      cell: (r) => (
        <span className="text-xs">
          {r.events.map((e) => EVENTS[e as keyof typeof EVENTS] ?? e).join('; ')}
        </span>
      ),
    },
    {
      key: 'filter',
      header: 'Devices',
      cell: (r) =>
        Object.keys(r.filter).length
          ? Object.entries(r.filter)
              .map(([k, v]) => `${k}: ${Array.isArray(v) ? v.join(', ') : String(v)}`)
              .join('; ')
          : 'all',
    },
    { key: 'enabled', header: 'State', cell: (r) => (r.enabled ? 'on' : 'off') },
    ...(can('admin')
      ? [
          {
            key: 'actions',
            header: '',
            cell: (r: Rule) => (
              <RowActions
                name={`rule ${r.name}`}
                onEdit={() => onEdit(r)}
                onDelete={() => remove.mutate(r)}
              />
            ),
          },
        ]
      : []),
  ];
  return (
    <>
      <ErrorBox error={remove.error} />
      <Table rows={rules} columns={columns} rowKey={(r) => r.id} empty="No rules yet: nothing is sent." />
    </>
  );
}

function Deliveries({ customerId }: { customerId: string | undefined }) {
  const { can } = useSession();
  const qc = useQueryClient();
  const [query, setQuery] = useState<DeliveryQuery>({ page: 1, pageSize: 25 });
  const list = useDeliveries({ ...query, customerId });
  const retry = useMutation({
    mutationFn: (d: Delivery) =>
      unwrap(api.POST('/api/v1/notification-deliveries/{id}/retry', { params: { path: { id: d.id } } })),
    onSuccess: () => qc.invalidateQueries({ queryKey: notificationKeys.all }),
  });
  const tone = { delivered: 'success', sending: 'running', pending: 'pending', failed: 'failed' } as const;
  const columns: Column<Delivery>[] = [
    { key: 'when', header: 'When', cell: (d) => <span title={d.createdAt}>{ago(d.createdAt)}</span> },
    { key: 'channel', header: 'Channel', cell: (d) => d.channelName },
    { key: 'type', header: 'Event', cell: (d) => d.type },
    { key: 'summary', header: 'What', cell: (d) => d.summary },
    { key: 'status', header: 'Status', cell: (d) => <Badge value={d.status} tone={tone[d.status]} /> },
    {
      key: 'attempts',
      header: 'Attempts',
      cell: (d) => (
        <span
          className="text-xs"
          title={d.log.map((a) => `${a.at} ${a.statusCode ?? ''} ${a.error ?? 'ok'} (${a.ms} ms)`).join('\n')}
        >
          {d.attempts}
          {d.lastStatusCode ? ` · ${d.lastStatusCode}` : ''}
          {d.lastError ? ` · ${d.lastError}` : ''}
          {d.status === 'pending' && d.attempts > 0 ? ` · next ${ago(d.nextAttemptAt)}` : ''}
        </span>
      ),
    },
    ...(can('operator')
      ? [
          {
            key: 'actions',
            header: '',
            cell: (d: Delivery) =>
              d.status === 'failed' ? <Button onClick={() => retry.mutate(d)}>Retry</Button> : null,
          },
        ]
      : []),
  ];
  return (
    <>
      <div className="mb-2 flex gap-2">
        <Select
          aria-label="delivery status"
          value={query.status ?? ''}
          onChange={(e) =>
            setQuery({ ...query, page: 1, status: (e.target.value || undefined) as DeliveryQuery['status'] })
          }
        >
          <option value="">any status</option>
          <option value="delivered">delivered</option>
          <option value="pending">pending (retrying)</option>
          <option value="sending">sending</option>
          <option value="failed">failed</option>
        </Select>
      </div>
      <ErrorBox error={list.error ?? retry.error} />
      <Table rows={list.data?.items ?? []} columns={columns} rowKey={(d) => d.id} empty="Nothing sent yet." />
      <Pager
        page={query.page ?? 1}
        pageSize={query.pageSize ?? 25}
        total={list.data?.total ?? 0}
        onPage={(page) => setQuery({ ...query, page })}
      />
    </>
  );
}

/** Channels, the rules that feed them, and the log of what was sent. */
export default function NotificationsPage() {
  const { can, customerId, customers } = useSession();
  const channels = useChannels(customerId ?? undefined);
  const rules = useRules(customerId ?? undefined);
  const [editing, setEditing] = useState<
    { kind: 'channel'; channel?: Channel } | { kind: 'rule'; rule?: Rule } | null
  >(null);
  const channelList = channels.data?.items ?? [];
  return (
    <div className="space-y-4">
      <PageHeader
        title="Notifications"
        actions={
          can('admin') && (
            <>
              <Button onClick={() => setEditing({ kind: 'channel' })}>New channel</Button>
              <Button
                variant="primary"
                onClick={() => setEditing({ kind: 'rule' })}
                disabled={!channelList.length}
              >
                New rule
              </Button>
            </>
          )
        }
      />
      <ErrorBox error={channels.error ?? rules.error} />
      <Card title="Channels">
        <Channels channels={channelList} onEdit={(channel) => setEditing({ kind: 'channel', channel })} />
      </Card>
      <Card title="Rules">
        <Rules
          rules={rules.data?.items ?? []}
          channels={channelList}
          onEdit={(rule) => setEditing({ kind: 'rule', rule })}
        />
      </Card>
      <Card title="Delivery log">
        <Deliveries customerId={customerId ?? undefined} />
      </Card>
      {editing && (
        <Modal
          title={
            editing.kind === 'channel'
              ? editing.channel
                ? `Edit ${editing.channel.name}`
                : 'New channel'
              : editing.rule
                ? `Edit ${editing.rule.name}`
                : 'New rule'
          }
          onClose={() => setEditing(null)}
        >
          {!customers.length ? (
            <NeedsCustomer what="Notification channels" />
          ) : editing.kind === 'channel' ? (
            <ChannelForm channel={editing.channel} onDone={() => setEditing(null)} />
          ) : (
            <RuleForm rule={editing.rule} channels={channelList} onDone={() => setEditing(null)} />
          )}
        </Modal>
      )}
    </div>
  );
}
