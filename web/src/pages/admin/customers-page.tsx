import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { api, unwrap } from '../../api/client';
import { customerKeys } from '../../api/queries/admin';
import { sessionKeys } from '../../api/queries/session';
import { type Customer, useSession } from '../../app/session';
import { FormFooter, useFormMutation } from '../../ui/forms';
import { Button, Card, ErrorBox, Field, Input, Loading, Modal, PageHeader } from '../../ui/kit';

function IpRanges({ customer }: { customer: Customer }) {
  const { can } = useSession();
  const qc = useQueryClient();
  const [cidr, setCidr] = useState('');
  const [description, setDescription] = useState('');
  const key = customerKeys.ranges(customer.id);
  const ranges = useQuery({
    queryKey: key,
    queryFn: () =>
      unwrap(api.GET('/api/v1/customers/{id}/ip-ranges', { params: { path: { id: customer.id } } })),
  });
  const add = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/api/v1/customers/{id}/ip-ranges', {
          params: { path: { id: customer.id } },
          body: { cidr, description },
        }),
      ),
    onSuccess: () => {
      setCidr('');
      setDescription('');
      void qc.invalidateQueries({ queryKey: key });
    },
  });
  const remove = useMutation({
    mutationFn: (rangeId: string) =>
      unwrap(
        api.DELETE('/api/v1/customers/{id}/ip-ranges/{rangeId}', {
          params: { path: { id: customer.id, rangeId } },
        }),
      ),
    onSuccess: () => qc.invalidateQueries({ queryKey: key }),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    add.mutate();
  };
  if (ranges.isPending) return <Loading />;
  return (
    <div className="space-y-2">
      <ErrorBox error={ranges.error ?? remove.error} />
      <ul className="text-sm">
        {(ranges.data ?? []).map((r) => (
          <li
            key={r.id}
            className="flex items-center justify-between border-t border-slate-200 py-1 dark:border-slate-800"
          >
            <span>
              <span className="mono">{r.cidr}</span> <span className="text-slate-500">{r.description}</span>
            </span>
            {can('admin') && (
              <Button variant="ghost" onClick={() => remove.mutate(r.id)} aria-label={`remove ${r.cidr}`}>
                ✕
              </Button>
            )}
          </li>
        ))}
        {ranges.data?.length === 0 && <li className="text-slate-500">No IP ranges.</li>}
      </ul>
      {can('admin') && (
        <form onSubmit={submit} className="flex items-end gap-2">
          <Field label="CIDR" name="cidr" error={add.error}>
            <Input
              className="mono"
              aria-label={`new range for ${customer.name}`}
              value={cidr}
              onChange={(e) => setCidr(e.target.value)}
              placeholder="10.1.0.0/16"
            />
          </Field>
          <Field label="Description" name="description" error={add.error}>
            <Input value={description} onChange={(e) => setDescription(e.target.value)} />
          </Field>
          <Button type="submit" disabled={!cidr}>
            Add range
          </Button>
        </form>
      )}
    </div>
  );
}

function CustomerForm({ customer, onDone }: { customer?: Customer; onDone(): void }) {
  const _qc = useQueryClient();
  const [name, setName] = useState(customer?.name ?? '');
  const [description, setDescription] = useState(customer?.description ?? '');
  const [changesNeedApproval, setApproval] = useState(customer?.changesNeedApproval ?? false);
  const [terminalRecordsInput, setRecordsInput] = useState(customer?.terminalRecordsInput ?? false);
  const save = useFormMutation(
    () =>
      customer
        ? unwrap(
            api.PATCH('/api/v1/customers/{id}', {
              params: { path: { id: customer.id } },
              body: { name, description, changesNeedApproval, terminalRecordsInput },
            }),
          )
        : unwrap(
            api.POST('/api/v1/customers', {
              body: { name, description, changesNeedApproval, terminalRecordsInput },
            }),
          ),
    {
      invalidate: [customerKeys.all, sessionKeys.me],
      onSuccess: onDone,
    },
  );
  return (
    <form onSubmit={save.submit} className="space-y-3" aria-label="customer">
      <Field label="Name" name="name" error={save.error}>
        <Input aria-label="customer name" value={name} onChange={(e) => setName(e.target.value)} autoFocus />
      </Field>
      <Field label="Description" name="description" error={save.error}>
        <Input value={description} onChange={(e) => setDescription(e.target.value)} />
      </Field>
      <label className="flex items-center gap-2 text-sm">
        <input
          type="checkbox"
          aria-label="changes need approval"
          checked={changesNeedApproval}
          onChange={(e) => setApproval(e.target.checked)}
        />
        Changes need another operator's approval
      </label>
      <label className="flex items-center gap-2 text-sm">
        <input
          type="checkbox"
          aria-label="terminals record keystrokes"
          checked={terminalRecordsInput}
          onChange={(e) => setRecordsInput(e.target.checked)}
        />
        Terminal recordings keep keystrokes too (never what is typed at a password prompt)
      </label>
      <FormFooter error={save.error} pending={save.isPending} label={customer ? 'Save' : 'Create customer'} />
    </form>
  );
}

/**
 * Deleting a customer takes its devices, credentials, configuration history, jobs and changes
 * with it: the admin types its name to say so.
 */
function DeleteCustomer({ customer, onDone }: { customer: Customer; onDone(): void }) {
  const qc = useQueryClient();
  const [typed, setTyped] = useState('');
  const remove = useMutation({
    mutationFn: () => unwrap(api.DELETE('/api/v1/customers/{id}', { params: { path: { id: customer.id } } })),
    onSuccess: async () => {
      // Its own queries go (asking for a deleted customer's ranges would answer 404); the lists refresh.
      qc.removeQueries({ queryKey: customerKeys.ranges(customer.id) });
      await qc.invalidateQueries({
        queryKey: customerKeys.all,
        predicate: (q) => q.queryKey[1] !== customer.id,
      });
      await qc.invalidateQueries({ queryKey: sessionKeys.me });
      onDone();
    },
  });
  return (
    <div className="space-y-3 text-sm">
      <p>
        This deletes <strong>{customer.name}</strong> with everything it holds: its devices, credentials,
        configuration history, jobs, changes, compliance policies and schedules. It cannot be undone.
      </p>
      <Field label={`Type "${customer.name}" to confirm`} name="confirm">
        <Input aria-label="confirm customer name" value={typed} onChange={(e) => setTyped(e.target.value)} />
      </Field>
      <ErrorBox error={remove.error} />
      <div className="flex justify-end gap-2">
        <Button variant="ghost" onClick={onDone}>
          Keep it
        </Button>
        <Button
          variant="danger"
          disabled={typed !== customer.name || remove.isPending}
          onClick={() => remove.mutate()}
        >
          Delete {customer.name}
        </Button>
      </div>
    </div>
  );
}

export default function CustomersPage() {
  const { customers, can, me } = useSession();
  const [editing, setEditing] = useState<Customer | 'new' | null>(null);
  const [deleting, setDeleting] = useState<Customer | null>(null);
  return (
    <div className="space-y-4">
      <PageHeader
        title="Customers"
        actions={
          can('admin') &&
          me.allCustomers && (
            <Button variant="primary" onClick={() => setEditing('new')}>
              New customer
            </Button>
          )
        }
      />
      <div className="grid gap-4 lg:grid-cols-2">
        {customers.map((c) => (
          <Card
            key={c.id}
            title={c.name}
            actions={
              can('admin') && (
                <>
                  <Button onClick={() => setEditing(c)}>Edit</Button>
                  {/* Only an admin of every customer may delete one. */}
                  {me.allCustomers && (
                    <Button variant="danger" onClick={() => setDeleting(c)}>
                      Delete
                    </Button>
                  )}
                </>
              )
            }
          >
            {c.description && <p className="mb-2 text-sm text-slate-500">{c.description}</p>}
            <h3 className="mb-1 text-xs font-semibold text-slate-500">Management IP ranges</h3>
            <IpRanges customer={c} />
          </Card>
        ))}
      </div>
      {deleting && (
        <Modal title={`Delete ${deleting.name}`} onClose={() => setDeleting(null)}>
          <DeleteCustomer customer={deleting} onDone={() => setDeleting(null)} />
        </Modal>
      )}
      {editing && (
        <Modal
          title={editing === 'new' ? 'New customer' : `Edit ${editing.name}`}
          onClose={() => setEditing(null)}
        >
          <CustomerForm customer={editing === 'new' ? undefined : editing} onDone={() => setEditing(null)} />
        </Modal>
      )}
    </div>
  );
}
