import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, type GetResult, unwrap } from '../../api/client';
import { credentialKeys, useCredentials } from '../../api/queries/admin';
import { useSession } from '../../app/session';
import { CustomerSelect, FormFooter, NeedsCustomer, RowActions, useFormMutation } from '../../ui/forms';
import { Button, ErrorBox, Field, Input, Modal, PageHeader, TextArea } from '../../ui/kit';
import { type Column, Table } from '../../ui/table';

type Credential = GetResult<'/api/v1/credentials'>['items'][number];

/**
 * Secrets are write-only: the form never shows a stored one. Left empty on edit, a secret is kept;
 * "clear" removes it.
 */
function CredentialForm({ credential, onDone }: { credential?: Credential; onDone(): void }) {
  const { customers, customerId } = useSession();
  const _qc = useQueryClient();
  const [customer, setCustomer] = useState(credential?.customerId ?? customerId ?? customers[0]?.id ?? '');
  const [name, setName] = useState(credential?.name ?? '');
  const [username, setUsername] = useState(credential?.username ?? '');
  const [password, setPassword] = useState('');
  const [enableSecret, setEnableSecret] = useState('');
  const [privateKey, setPrivateKey] = useState('');
  const [priority, setPriority] = useState(String(credential?.priority ?? 100));
  const listed = (v: string[] | undefined) => (v ?? []).join(', ');
  const [scopeTags, setScopeTags] = useState(listed(credential?.scope?.tags));
  const [scopeSites, setScopeSites] = useState(listed(credential?.scope?.site));
  const [scopeRoles, setScopeRoles] = useState(listed(credential?.scope?.role));
  const [clear, setClear] = useState<Set<string>>(new Set());
  // A device whose enable prompt takes Enter: an empty secret, which is not "none".
  const [emptyEnable, setEmptyEnable] = useState(false);
  const secret = (field: string, value: string) =>
    clear.has(field) ? { [field]: null } : value ? { [field]: value } : {};
  const save = useFormMutation(
    () => {
      const words = (v: string) =>
        v
          .split(',')
          .map((w) => w.trim())
          .filter(Boolean);
      const scope = { tags: words(scopeTags), site: words(scopeSites), role: words(scopeRoles) };
      const body = {
        name,
        username,
        priority: Number(priority),
        // Nothing named: every device without a credential of its own may try it.
        scope: scope.tags.length || scope.site.length || scope.role.length ? scope : null,
        ...secret('password', password),
        ...(emptyEnable && !enableSecret ? { enableSecret: '' } : secret('enableSecret', enableSecret)),
        ...secret('privateKey', privateKey),
      };
      return credential
        ? unwrap(api.PATCH('/api/v1/credentials/{id}', { params: { path: { id: credential.id } }, body }))
        : unwrap(api.POST('/api/v1/credentials', { body: { customerId: customer, ...body } }));
    },
    {
      invalidate: [credentialKeys.all],
      onSuccess: onDone,
    },
  );
  const has = {
    password: credential?.hasPassword,
    enableSecret: credential?.hasEnableSecret,
    privateKey: credential?.hasPrivateKey,
  };
  const secretHint = (field: keyof typeof has) =>
    has[field] ? (
      <label className="flex items-center gap-1 text-xs text-slate-500">
        stored; leave empty to keep
        <input
          type="checkbox"
          checked={clear.has(field)}
          onChange={(e) => {
            const next = new Set(clear);
            if (e.target.checked) next.add(field);
            else next.delete(field);
            setClear(next);
          }}
        />
        clear
      </label>
    ) : null;
  return (
    <form onSubmit={save.submit} className="space-y-3" aria-label="credential">
      <div className="grid grid-cols-2 gap-3">
        {!credential && (
          <Field label="Customer" name="customerId" error={save.error}>
            <CustomerSelect
              aria-label="credential customer"
              value={customer}
              onChange={(e) => setCustomer(e.target.value)}
            />
          </Field>
        )}
        <Field label="Name" name="name" error={save.error}>
          <Input
            aria-label="credential name"
            value={name}
            onChange={(e) => setName(e.target.value)}
            autoFocus
          />
        </Field>
        <Field label="Username" name="username" error={save.error}>
          <Input
            aria-label="device username"
            autoComplete="off"
            value={username}
            onChange={(e) => setUsername(e.target.value)}
          />
        </Field>
        <Field label="Password" name="password" error={save.error}>
          <Input
            aria-label="device password"
            type="password"
            autoComplete="new-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
          {secretHint('password')}
        </Field>
        <Field label="Enable secret" name="enableSecret" error={save.error}>
          <Input
            aria-label="enable secret"
            type="password"
            autoComplete="new-password"
            value={enableSecret}
            onChange={(e) => setEnableSecret(e.target.value)}
          />
          {secretHint('enableSecret')}
          <label className="flex items-center gap-1 text-xs text-slate-500">
            <input
              type="checkbox"
              aria-label="empty enable secret"
              checked={emptyEnable}
              onChange={(e) => setEmptyEnable(e.target.checked)}
            />
            empty: the device takes Enter at its enable prompt
          </label>
        </Field>
      </div>
      <fieldset className="grid grid-cols-4 gap-3 rounded border border-slate-200 p-2 dark:border-slate-700">
        <legend className="px-1 text-xs text-slate-500">
          Devices without a credential of their own try the customer's in priority order
        </legend>
        <Field label="Priority" name="priority" error={save.error}>
          <Input
            aria-label="credential priority"
            type="number"
            min={0}
            max={1000}
            value={priority}
            onChange={(e) => setPriority(e.target.value)}
          />
        </Field>
        <Field label="Only tags" name="scope" error={save.error}>
          <Input aria-label="scope tags" value={scopeTags} onChange={(e) => setScopeTags(e.target.value)} />
        </Field>
        <Field label="Only sites" name="scope" error={save.error}>
          <Input
            aria-label="scope sites"
            value={scopeSites}
            onChange={(e) => setScopeSites(e.target.value)}
          />
        </Field>
        <Field label="Only roles" name="scope" error={save.error}>
          <Input
            aria-label="scope roles"
            value={scopeRoles}
            onChange={(e) => setScopeRoles(e.target.value)}
          />
        </Field>
      </fieldset>
      <Field label="Private key (PEM or OpenSSH)" name="privateKey" error={save.error}>
        <TextArea
          aria-label="private key"
          rows={3}
          value={privateKey}
          onChange={(e) => setPrivateKey(e.target.value)}
        />
        {secretHint('privateKey')}
      </Field>
      <FormFooter
        error={save.error}
        pending={save.isPending}
        label={credential ? 'Save' : 'Create credential'}
      />
    </form>
  );
}

export default function CredentialsPage() {
  const { can, customerId, customerName, customers } = useSession();
  const qc = useQueryClient();
  const list = useCredentials(customerId ?? undefined);
  const [editing, setEditing] = useState<Credential | 'new' | null>(null);
  const remove = useMutation({
    mutationFn: (c: Credential) =>
      unwrap(api.DELETE('/api/v1/credentials/{id}', { params: { path: { id: c.id } } })),
    onSuccess: () => qc.invalidateQueries({ queryKey: credentialKeys.all }),
  });
  const yes = (v: boolean) => (v ? 'stored' : '—');
  const columns: Column<Credential>[] = [
    { key: 'name', header: 'Name', cell: (c) => <span className="font-medium">{c.name}</span> },
    { key: 'customer', header: 'Customer', cell: (c) => customerName(c.customerId) },
    { key: 'username', header: 'Username', cell: (c) => c.username },
    { key: 'password', header: 'Password', cell: (c) => yes(c.hasPassword) },
    { key: 'enable', header: 'Enable secret', cell: (c) => yes(c.hasEnableSecret) },
    { key: 'key', header: 'Private key', cell: (c) => yes(c.hasPrivateKey) },
    { key: 'priority', header: 'Priority', cell: (c) => c.priority },
    {
      key: 'scope',
      header: 'Tried by',
      cell: (c) =>
        c.scope
          ? [...(c.scope.tags ?? []), ...(c.scope.site ?? []), ...(c.scope.role ?? [])].join(', ')
          : 'any device',
    },
    ...(can('admin')
      ? [
          {
            key: 'actions',
            header: '',
            cell: (c: Credential) => (
              <RowActions
                name={`credential ${c.name}`}
                onEdit={() => setEditing(c)}
                onDelete={() => remove.mutate(c)}
              />
            ),
          },
        ]
      : []),
  ];
  return (
    <div>
      <PageHeader
        title="Credentials"
        actions={
          can('admin') && (
            <Button variant="primary" onClick={() => setEditing('new')}>
              New credential
            </Button>
          )
        }
      />
      <ErrorBox error={list.error ?? remove.error} />
      <Table
        rows={list.data?.items ?? []}
        columns={columns}
        rowKey={(c) => c.id}
        empty="No credentials yet."
      />
      {editing && (
        <Modal
          title={editing === 'new' ? 'New credential' : `Edit ${editing.name}`}
          onClose={() => setEditing(null)}
        >
          {customers.length ? (
            <CredentialForm
              credential={editing === 'new' ? undefined : editing}
              onDone={() => setEditing(null)}
            />
          ) : (
            <NeedsCustomer what="Credentials" />
          )}
        </Modal>
      )}
    </div>
  );
}
