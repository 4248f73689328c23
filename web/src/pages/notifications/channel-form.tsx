import { useState } from 'react';
import { api, type GetResult, unwrap } from '../../api/client';
import { notificationKeys } from '../../api/queries/notifications';
import { useSession } from '../../app/session';
import { CustomerSelect, FormFooter, useFormMutation } from '../../ui/forms';
import { Field, Input, Select } from '../../ui/kit';

export type Channel = GetResult<'/api/v1/notification-channels'>['items'][number];
type Kind = Channel['kind'];
type EmailSettings = {
  host?: string;
  port?: number;
  tls?: string;
  username?: string;
  from?: string;
  to?: string[];
};

/**
 * A channel's settings are shown and edited; its secret (a signing secret, Slack's webhook URL, an
 * SMTP password) is write-only: left empty on edit, the stored one is kept.
 */
export function ChannelForm({ channel, onDone }: { channel?: Channel; onDone(): void }) {
  const { customers, customerId } = useSession();
  const [customer, setCustomer] = useState(channel?.customerId ?? customerId ?? customers[0]?.id ?? '');
  const [kind, setKind] = useState<Kind>(channel?.kind ?? 'webhook');
  const [name, setName] = useState(channel?.name ?? '');
  const s = (channel?.settings ?? {}) as { url?: string } & EmailSettings;
  const [url, setUrl] = useState(s.url ?? '');
  const [secret, setSecret] = useState('');
  const [host, setHost] = useState(s.host ?? '');
  const [port, setPort] = useState(String(s.port ?? 587));
  const [tls, setTls] = useState(s.tls ?? 'starttls');
  const [username, setUsername] = useState(s.username ?? '');
  const [from, setFrom] = useState(s.from ?? '');
  const [to, setTo] = useState((s.to ?? []).join(', '));

  const settings = () => {
    if (kind === 'webhook') return { url };
    if (kind === 'slack') return {};
    return {
      host,
      port: Number(port),
      tls: tls as 'starttls' | 'implicit' | 'none',
      ...(username ? { username } : {}),
      from,
      to: to
        .split(/[,\s]+/)
        .map((a) => a.trim())
        .filter(Boolean),
    };
  };
  const secretBody = () => {
    if (kind === 'webhook') return { signingSecret: secret };
    if (kind === 'slack') return { webhookUrl: secret };
    return secret ? { password: secret } : {};
  };
  const save = useFormMutation(
    () => {
      if (channel) {
        const body = { name, settings: settings(), ...(secret ? { secret: secretBody() } : {}) };
        return unwrap(
          api.PATCH('/api/v1/notification-channels/{id}', { params: { path: { id: channel.id } }, body }),
        );
      }
      // The kinds' bodies differ; the server checks each against its own schema.
      const body = { customerId: customer, name, kind, settings: settings(), secret: secretBody() } as never;
      return unwrap(api.POST('/api/v1/notification-channels', { body }));
    },
    { invalidate: [notificationKeys.all], onSuccess: onDone },
  );
  const secretLabel =
    kind === 'webhook'
      ? 'Signing secret (HMAC-SHA256)'
      : kind === 'slack'
        ? 'Slack incoming webhook URL'
        : 'SMTP password';
  const kept = channel?.hasSecret ? 'stored; leave empty to keep' : undefined;
  return (
    <form onSubmit={save.submit} className="space-y-3" aria-label="notification channel">
      <div className="grid grid-cols-2 gap-3">
        {!channel && (
          <Field label="Customer" name="customerId" error={save.error}>
            <CustomerSelect
              aria-label="channel customer"
              value={customer}
              onChange={(e) => setCustomer(e.target.value)}
            />
          </Field>
        )}
        {!channel && (
          <Field label="Kind" name="kind" error={save.error}>
            <Select aria-label="channel kind" value={kind} onChange={(e) => setKind(e.target.value as Kind)}>
              <option value="webhook">Webhook (signed JSON)</option>
              <option value="slack">Slack</option>
              <option value="email">Email (SMTP)</option>
            </Select>
          </Field>
        )}
        <Field label="Name" name="name" error={save.error}>
          <Input aria-label="channel name" value={name} onChange={(e) => setName(e.target.value)} autoFocus />
        </Field>
        {kind === 'webhook' && (
          <Field label="URL" name="settings.url" error={save.error}>
            <Input aria-label="webhook url" value={url} onChange={(e) => setUrl(e.target.value)} />
          </Field>
        )}
        {kind === 'email' && (
          <>
            <Field label="SMTP host" name="settings.host" error={save.error}>
              <Input aria-label="smtp host" value={host} onChange={(e) => setHost(e.target.value)} />
            </Field>
            <Field label="Port" name="settings.port" error={save.error}>
              <Input
                aria-label="smtp port"
                type="number"
                value={port}
                onChange={(e) => setPort(e.target.value)}
              />
            </Field>
            <Field label="TLS" name="settings.tls" error={save.error}>
              <Select aria-label="smtp tls" value={tls} onChange={(e) => setTls(e.target.value)}>
                <option value="starttls">STARTTLS (587)</option>
                <option value="implicit">TLS from the start (465)</option>
                <option value="none">None (a local relay)</option>
              </Select>
            </Field>
            <Field label="Username" name="settings.username" error={save.error}>
              <Input
                aria-label="smtp username"
                value={username}
                onChange={(e) => setUsername(e.target.value)}
              />
            </Field>
            <Field label="From" name="settings.from" error={save.error}>
              <Input aria-label="email from" value={from} onChange={(e) => setFrom(e.target.value)} />
            </Field>
            <Field label="To (comma-separated)" name="settings.to" error={save.error}>
              <Input aria-label="email to" value={to} onChange={(e) => setTo(e.target.value)} />
            </Field>
          </>
        )}
        <Field
          label={secretLabel}
          name={`secret.${Object.keys(secretBody())[0] ?? 'password'}`}
          error={save.error}
          hint={kept}
        >
          <Input
            aria-label="channel secret"
            type="password"
            autoComplete="new-password"
            value={secret}
            onChange={(e) => setSecret(e.target.value)}
          />
        </Field>
      </div>
      <FormFooter error={save.error} pending={save.isPending} label={channel ? 'Save' : 'Create channel'} />
    </form>
  );
}
