import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { api, type GetResult, unwrap } from '../../api/client';
import { apiKeyKeys } from '../../api/queries/admin';
import { type Role, useSession } from '../../app/session';
import { CustomerSelect } from '../../ui/forms';
import { ago, Badge, Button, Card, ErrorBox, Field, Input, PageHeader, Select, when } from '../../ui/kit';
import { type Column, Table } from '../../ui/table';

type ApiKey = GetResult<'/api/v1/api-keys'>[number];
const ROLES: Role[] = ['viewer', 'operator', 'admin'];

function NewKey({ secret, onDismiss }: { secret: string; onDismiss(): void }) {
  const [copied, setCopied] = useState(false);
  return (
    <Card title="Your new API key" className="border-amber-400 dark:border-amber-600">
      <p className="mb-2 text-sm">This is the only time the key is shown. Store it now.</p>
      <div className="flex items-center gap-2">
        <code
          className="mono flex-1 break-all rounded bg-slate-100 p-2 text-sm dark:bg-slate-950"
          data-testid="new-api-key"
        >
          {secret}
        </code>
        <Button
          onClick={async () => {
            await navigator.clipboard.writeText(secret);
            setCopied(true);
          }}
        >
          {copied ? 'Copied' : 'Copy'}
        </Button>
        <Button variant="ghost" onClick={onDismiss}>
          Done
        </Button>
      </div>
    </Card>
  );
}

export default function ApiKeysPage() {
  const { me } = useSession();
  const qc = useQueryClient();
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role | ''>('');
  const [customerId, setCustomerId] = useState('');
  const [expiresAt, setExpiresAt] = useState('');
  const [secret, setSecret] = useState<string | null>(null);
  const list = useQuery({ queryKey: apiKeyKeys.all, queryFn: () => unwrap(api.GET('/api/v1/api-keys')) });
  const create = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/api/v1/api-keys', {
          body: {
            name,
            ...(role ? { role } : {}),
            ...(customerId ? { customerIds: [customerId] } : {}),
            ...(expiresAt ? { expiresAt: new Date(expiresAt).toISOString() } : {}),
          },
        }),
      ),
    onSuccess: (k) => {
      setSecret(k.key);
      setName('');
      void qc.invalidateQueries({ queryKey: apiKeyKeys.all });
    },
  });
  const revoke = useMutation({
    mutationFn: (k: ApiKey) =>
      unwrap(api.DELETE('/api/v1/api-keys/{id}', { params: { path: { id: k.id } } })),
    onSuccess: () => qc.invalidateQueries({ queryKey: apiKeyKeys.all }),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate();
  };
  const columns: Column<ApiKey>[] = [
    { key: 'name', header: 'Name', cell: (k) => <span className="font-medium">{k.name}</span> },
    { key: 'prefix', header: 'Key', cell: (k) => <span className="mono">{k.prefix}…</span> },
    { key: 'role', header: 'Role', cell: (k) => k.role ?? `yours (${me.role})` },
    { key: 'customers', header: 'Customers', cell: (k) => (k.customerIds ? k.customerIds.length : 'yours') },
    { key: 'expires', header: 'Expires', cell: (k) => when(k.expiresAt) },
    { key: 'used', header: 'Last used', cell: (k) => ago(k.lastUsedAt) },
    {
      key: 'actions',
      header: '',
      cell: (k) =>
        k.revokedAt ? (
          <Badge value="revoked" tone="cancelled" />
        ) : (
          <Button
            variant="danger"
            onClick={() => window.confirm(`Revoke key ${k.name}?`) && revoke.mutate(k)}
          >
            Revoke
          </Button>
        ),
    },
  ];
  return (
    <div className="space-y-4">
      <PageHeader title="API keys" />
      {secret && <NewKey secret={secret} onDismiss={() => setSecret(null)} />}
      <Card title="New key">
        <form onSubmit={submit} className="grid grid-cols-2 items-end gap-3 md:grid-cols-5">
          <Field label="Name" name="name" error={create.error}>
            <Input aria-label="key name" value={name} onChange={(e) => setName(e.target.value)} />
          </Field>
          <Field label="Role" name="role" error={create.error} hint="a lower role narrows the key">
            <Select aria-label="key role" value={role} onChange={(e) => setRole(e.target.value as Role | '')}>
              <option value="">mine ({me.role})</option>
              {ROLES.map((r) => (
                <option key={r}>{r}</option>
              ))}
            </Select>
          </Field>
          <Field label="Customer" name="customerIds" error={create.error}>
            <CustomerSelect
              aria-label="key customer"
              value={customerId}
              onChange={(e) => setCustomerId(e.target.value)}
              empty="all of mine"
            />
          </Field>
          <Field label="Expires" name="expiresAt" error={create.error}>
            <Input
              type="date"
              aria-label="key expiry"
              value={expiresAt}
              onChange={(e) => setExpiresAt(e.target.value)}
            />
          </Field>
          <Button type="submit" variant="primary" disabled={!name || create.isPending}>
            Create key
          </Button>
        </form>
        <ErrorBox error={create.error} />
      </Card>
      <ErrorBox error={list.error ?? revoke.error} />
      <Table rows={list.data ?? []} columns={columns} rowKey={(k) => k.id} empty="No API keys." />
    </div>
  );
}
