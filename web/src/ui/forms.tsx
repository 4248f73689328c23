import { type QueryKey, useMutation, useQueryClient } from '@tanstack/react-query';
import type { ComponentProps, FormEvent } from 'react';
import { Link } from 'react-router';
import { useSession } from '../app/session';
import { Button, ErrorBox, Select } from './kit';

/**
 * A form's save: the mutation, the queries it makes stale, and a submit handler. The server
 * validates; its error (with per-field messages) stays on `error` for the fields to show.
 */
export function useFormMutation<T>(
  mutationFn: () => Promise<T>,
  opts: { invalidate: QueryKey[]; onSuccess?: (result: T) => void },
) {
  const qc = useQueryClient();
  const mutation = useMutation({
    mutationFn,
    onSuccess: (result) => {
      for (const queryKey of opts.invalidate) void qc.invalidateQueries({ queryKey });
      opts.onSuccess?.(result);
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    mutation.mutate();
  };
  return { ...mutation, submit };
}

/** The error of the last save and the submit button, at the foot of every form. */
export function FormFooter({ error, pending, label }: { error: unknown; pending: boolean; label: string }) {
  return (
    <>
      <ErrorBox error={error} />
      <div className="flex justify-end">
        <Button type="submit" variant="primary" disabled={pending}>
          {label}
        </Button>
      </div>
    </>
  );
}

/** The customers of the logged-in user, with an optional first choice meaning "none chosen". */
export function CustomerSelect({ empty, ...props }: ComponentProps<'select'> & { empty?: string }) {
  const { customers } = useSession();
  return (
    <Select {...props}>
      {empty !== undefined && <option value="">{empty}</option>}
      {customers.map((c) => (
        <option key={c.id} value={c.id}>
          {c.name}
        </option>
      ))}
    </Select>
  );
}

/** Edit and delete buttons of a table row; delete asks first. */
export function RowActions({ name, onEdit, onDelete }: { name: string; onEdit(): void; onDelete(): void }) {
  return (
    <div className="flex justify-end gap-1">
      <Button onClick={onEdit}>Edit</Button>
      <Button variant="danger" onClick={() => window.confirm(`Delete ${name}?`) && onDelete()}>
        Delete
      </Button>
    </div>
  );
}

/** In place of a form that needs a customer, when there is none yet: where to make one. */
export function NeedsCustomer({ what }: { what: string }) {
  const { can } = useSession();
  return (
    <p className="text-sm" data-testid="needs-customer">
      {what} belong to a customer, and there is none yet.{' '}
      {can('admin') ? (
        <Link className="text-sky-700 underline dark:text-sky-400" to="/admin/customers">
          Create a customer first.
        </Link>
      ) : (
        'An admin creates customers.'
      )}
    </p>
  );
}
