import { Link } from 'react-router';
import { useCredentials } from '../../api/queries/admin';
import { useSession } from '../../app/session';
import { Card, cx } from '../../ui/kit';

type Step = {
  done: boolean;
  title: string;
  detail: string;
  to: string;
  action: string;
  role?: 'admin' | 'operator';
};

/**
 * What a new install still needs, in order: a customer, a credential, devices, a first backup.
 * Shown on the dashboard until each is done; each step links to the page that does it.
 */
export function GettingStarted({ devices, backedUp }: { devices: number; backedUp: number }) {
  const { customers, can } = useSession();
  const credentials = useCredentials();
  const steps: Step[] = [
    {
      done: customers.length > 0,
      title: 'Create a customer',
      detail: 'Every device, credential and job belongs to one; users see only their customers.',
      to: '/admin/customers',
      action: 'Customers',
      role: 'admin',
    },
    {
      done: (credentials.data?.total ?? 0) > 0,
      title: 'Store a credential',
      detail: 'The login webnet uses on the devices, kept encrypted and never shown again.',
      to: '/admin/credentials',
      action: 'Credentials',
      role: 'admin',
    },
    {
      done: devices > 0,
      title: 'Add devices',
      detail: 'One by one, from a CSV file, or found by network discovery in the customer’s ranges.',
      to: '/devices',
      action: 'Devices',
      role: 'operator',
    },
    {
      done: backedUp > 0,
      title: 'Run the first backup',
      detail: 'Every device’s configuration, with history and diffs from then on.',
      to: '/jobs/new?type=config_backup',
      action: 'New backup',
      role: 'operator',
    },
  ];
  if (steps.every((s) => s.done) || credentials.isPending) return null;
  const next = steps.findIndex((s) => !s.done);
  return (
    <Card title="Getting started">
      <ol className="space-y-2" data-testid="getting-started">
        {steps.map((s, i) => (
          <li key={s.title} className={cx('flex items-start gap-3 text-sm', s.done && 'text-slate-500')}>
            <span
              className={cx(
                'mt-0.5 inline-flex h-5 w-5 shrink-0 items-center justify-center rounded-full text-xs',
                s.done ? 'bg-emerald-600 text-white' : i === next ? 'bg-sky-700 text-white' : 'bg-slate-300',
              )}
              aria-hidden
            >
              {s.done ? '✓' : i + 1}
            </span>
            <span className="sr-only">{s.done ? 'done: ' : 'to do: '}</span>
            <span className="flex-1">
              <span className="font-medium">{s.title}</span> — {s.detail}
            </span>
            {!s.done && (!s.role || can(s.role)) && (
              <Link
                className={cx(
                  'rounded px-2 py-1 text-xs',
                  i === next
                    ? 'bg-sky-700 text-white hover:bg-sky-600'
                    : 'border border-slate-300 dark:border-slate-700',
                )}
                to={s.to}
              >
                {s.action}
              </Link>
            )}
          </li>
        ))}
      </ol>
    </Card>
  );
}
