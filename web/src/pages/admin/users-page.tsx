import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, type GetResult, unwrap } from '../../api/client';
import { userKeys } from '../../api/queries/admin';
import { type Role, useSession } from '../../app/session';
import { FormFooter, RowActions, useFormMutation } from '../../ui/forms';
import { ago, Badge, Button, ErrorBox, Field, Input, Modal, PageHeader, Pager, Select } from '../../ui/kit';
import { type Column, Table } from '../../ui/table';

type User = GetResult<'/api/v1/users'>['items'][number];
const ROLES: Role[] = ['viewer', 'operator', 'admin'];

function UserForm({ user, onDone }: { user?: User; onDone(): void }) {
  const { customers } = useSession();
  const _qc = useQueryClient();
  const [username, setUsername] = useState(user?.username ?? '');
  const [password, setPassword] = useState('');
  const [displayName, setDisplayName] = useState(user?.displayName ?? '');
  const [role, setRole] = useState<Role>(user?.role ?? 'viewer');
  const [allCustomers, setAll] = useState(user?.allCustomers ?? false);
  const [active, setActive] = useState(user?.active ?? true);
  const [customerIds, setCustomerIds] = useState<string[]>(user?.customerIds ?? []);
  const save = useFormMutation(
    async () => {
      const common = { displayName, role, allCustomers, active, customerIds };
      if (user) {
        await unwrap(api.PATCH('/api/v1/users/{id}', { params: { path: { id: user.id } }, body: common }));
        if (password)
          await unwrap(
            api.POST('/api/v1/users/{id}/password', {
              params: { path: { id: user.id } },
              body: { password },
            }),
          );
        return;
      }
      await unwrap(api.POST('/api/v1/users', { body: { username, password, ...common } }));
    },
    {
      invalidate: [userKeys.all],
      onSuccess: onDone,
    },
  );
  return (
    <form onSubmit={save.submit} className="space-y-3" aria-label="user">
      <div className="grid grid-cols-2 gap-3">
        <Field label="Username" name="username" error={save.error}>
          <Input
            aria-label="username"
            value={username}
            disabled={Boolean(user)}
            onChange={(e) => setUsername(e.target.value)}
            autoFocus
          />
        </Field>
        <Field
          label={user ? 'New password (leave empty to keep)' : 'Password'}
          name="password"
          error={save.error}
        >
          <Input
            aria-label="password"
            type="password"
            autoComplete="new-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </Field>
        <Field label="Display name" name="displayName" error={save.error}>
          <Input
            aria-label="display name"
            value={displayName}
            onChange={(e) => setDisplayName(e.target.value)}
          />
        </Field>
        <Field label="Role" name="role" error={save.error}>
          <Select aria-label="role" value={role} onChange={(e) => setRole(e.target.value as Role)}>
            {ROLES.map((r) => (
              <option key={r}>{r}</option>
            ))}
          </Select>
        </Field>
      </div>
      <div className="flex gap-4 text-sm">
        <label className="flex items-center gap-1">
          <input type="checkbox" checked={allCustomers} onChange={(e) => setAll(e.target.checked)} /> all
          customers
        </label>
        <label className="flex items-center gap-1">
          <input type="checkbox" checked={active} onChange={(e) => setActive(e.target.checked)} /> active
        </label>
      </div>
      {!allCustomers && (
        <Field label="Customers" name="customerIds" error={save.error}>
          <div className="grid max-h-40 grid-cols-2 gap-1 overflow-y-auto rounded border border-slate-200 p-2 text-sm dark:border-slate-800">
            {customers.map((c) => (
              <label key={c.id} className="flex items-center gap-1">
                <input
                  type="checkbox"
                  checked={customerIds.includes(c.id)}
                  onChange={(e) =>
                    setCustomerIds(
                      e.target.checked ? [...customerIds, c.id] : customerIds.filter((x) => x !== c.id),
                    )
                  }
                />
                {c.name}
              </label>
            ))}
          </div>
        </Field>
      )}
      <FormFooter error={save.error} pending={save.isPending} label={user ? 'Save' : 'Create user'} />
    </form>
  );
}

export default function UsersPage() {
  const { can, customerName } = useSession();
  const qc = useQueryClient();
  const [page, setPage] = useState(1);
  const [editing, setEditing] = useState<User | 'new' | null>(null);
  const list = useQuery({
    queryKey: userKeys.page(page),
    queryFn: () => unwrap(api.GET('/api/v1/users', { params: { query: { page, pageSize: 50 } } })),
  });
  const remove = useMutation({
    mutationFn: (u: User) => unwrap(api.DELETE('/api/v1/users/{id}', { params: { path: { id: u.id } } })),
    onSuccess: () => qc.invalidateQueries({ queryKey: userKeys.all }),
  });
  const columns: Column<User>[] = [
    { key: 'username', header: 'Username', cell: (u) => <span className="font-medium">{u.username}</span> },
    { key: 'name', header: 'Name', cell: (u) => u.displayName },
    { key: 'role', header: 'Role', cell: (u) => u.role },
    {
      key: 'customers',
      header: 'Customers',
      cell: (u) => (u.allCustomers ? 'all' : u.customerIds.map(customerName).join(', ')),
    },
    {
      key: 'active',
      header: 'Active',
      cell: (u) => (u.active ? 'yes' : <Badge value="inactive" tone="cancelled" />),
    },
    { key: 'login', header: 'Last login', cell: (u) => ago(u.lastLoginAt) },
    {
      key: 'actions',
      header: '',
      cell: (u) => (
        <RowActions
          name={`user ${u.username}`}
          onEdit={() => setEditing(u)}
          onDelete={() => remove.mutate(u)}
        />
      ),
    },
  ];
  if (!can('admin')) return <ErrorBox error="Managing users needs the admin role." />;
  return (
    <div>
      <PageHeader
        title="Users"
        actions={
          <Button variant="primary" onClick={() => setEditing('new')}>
            New user
          </Button>
        }
      />
      <ErrorBox error={list.error ?? remove.error} />
      <Table rows={list.data?.items ?? []} columns={columns} rowKey={(u) => u.id} />
      {list.data && (
        <Pager page={list.data.page} pageSize={list.data.pageSize} total={list.data.total} onPage={setPage} />
      )}
      {editing && (
        <Modal
          title={editing === 'new' ? 'New user' : `Edit ${editing.username}`}
          onClose={() => setEditing(null)}
        >
          <UserForm user={editing === 'new' ? undefined : editing} onDone={() => setEditing(null)} />
        </Modal>
      )}
    </div>
  );
}
