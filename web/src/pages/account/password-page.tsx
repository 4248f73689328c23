import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { api, unwrap } from '../../api/client';
import { useSession } from '../../app/session';
import { Button, Card, ErrorBox, Field, Input, PageHeader } from '../../ui/kit';

/**
 * Change my own password. The server ends every session of mine when it changes, this one too:
 * the page then asks for a new login with the new password.
 */
export default function PasswordPage() {
  const { logout } = useSession();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [again, setAgain] = useState('');
  const change = useMutation({
    mutationFn: () =>
      unwrap(api.POST('/api/v1/auth/password', { body: { currentPassword: current, newPassword: next } })),
    // Every session ended with the change: back to the login page.
    onSuccess: () => void logout(),
  });
  const mismatch = again !== '' && again !== next;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!mismatch) change.mutate();
  };
  return (
    <div className="max-w-lg">
      <PageHeader title="Change my password" />
      <Card>
        <form className="space-y-3" onSubmit={submit} aria-label="change password">
          <Field label="Current password" name="currentPassword" error={change.error}>
            <Input
              type="password"
              autoComplete="current-password"
              aria-label="current password"
              value={current}
              onChange={(e) => setCurrent(e.target.value)}
              required
            />
          </Field>
          <Field label="New password (at least 10 characters)" name="newPassword" error={change.error}>
            <Input
              type="password"
              autoComplete="new-password"
              aria-label="new password"
              value={next}
              onChange={(e) => setNext(e.target.value)}
              required
            />
          </Field>
          <Field label="New password again" name="again" error={null}>
            <Input
              type="password"
              autoComplete="new-password"
              aria-label="new password again"
              value={again}
              onChange={(e) => setAgain(e.target.value)}
              required
            />
          </Field>
          {mismatch && (
            <p className="text-sm text-red-700 dark:text-red-400">The two new passwords differ.</p>
          )}
          <ErrorBox error={change.error} />
          <p className="text-xs text-slate-500">
            Every session of yours ends with the change; you log in again.
          </p>
          <div className="flex justify-end">
            <Button type="submit" variant="primary" disabled={change.isPending || mismatch}>
              Change password
            </Button>
          </div>
        </form>
      </Card>
    </div>
  );
}
