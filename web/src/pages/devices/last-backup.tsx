import { useMutation } from '@tanstack/react-query';
import { Link, useNavigate } from 'react-router';
import { api, unwrap } from '../../api/client';
import { useSession } from '../../app/session';
import { ago, Badge, Button, Card, ErrorBox } from '../../ui/kit';
import type { Device } from './device-form';

/** Each backup state in the colour of the status it resembles. */
const TONE = { ok: 'success', stale: 'partial', failed: 'failed', never: 'queued' } as const;
const WORDS = {
  ok: 'backed up',
  stale: 'older than 24 h',
  failed: 'backup failed',
  never: 'never backed up',
} as const;

/** The device list's "Last backup" cell: the state, when, and a failure's category and message on hover. */
export function BackupCell({ d }: { d: Device }) {
  const why =
    d.backupState === 'failed'
      ? `[${d.lastBackupErrorCategory ?? 'failed'}] ${d.lastBackupError ?? ''}`
      : undefined;
  return (
    <span className="whitespace-nowrap" title={why}>
      <Badge value={WORDS[d.backupState]} tone={TONE[d.backupState]} />{' '}
      {d.backupState === 'failed' && d.lastBackupErrorCategory && (
        <span className="text-xs text-red-700 dark:text-red-400">{d.lastBackupErrorCategory} </span>
      )}
      <span className="text-xs text-slate-500">{d.lastBackupAt ? ago(d.lastBackupAt) : ''}</span>
    </span>
  );
}

/** The device page's last backup: when, its result, a failure's category and message, and "Back up now". */
export function LastBackupCard({ d }: { d: Device }) {
  const { can } = useSession();
  const navigate = useNavigate();
  const backup = useMutation({
    mutationFn: () =>
      unwrap(api.POST('/api/v1/jobs', { body: { type: 'config_backup', targets: { deviceIds: [d.id] } } })),
    onSuccess: (job) => navigate(`/jobs/${job.id}`),
  });
  return (
    <Card
      title="Last backup"
      actions={
        can('operator') && (
          <Button onClick={() => backup.mutate()} disabled={backup.isPending || !d.enabled}>
            Back up now
          </Button>
        )
      }
    >
      <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1 text-sm" data-testid="last-backup">
        <dt className="text-slate-500">State</dt>
        <dd>
          <Badge value={WORDS[d.backupState]} tone={TONE[d.backupState]} />
        </dd>
        <dt className="text-slate-500">Last attempt</dt>
        <dd>
          {d.lastBackupAt ? (
            <>
              {ago(d.lastBackupAt)} ({d.lastBackupResult}
              {d.lastBackupJobId && (
                <>
                  ,{' '}
                  <Link
                    className="text-sky-700 underline dark:text-sky-400"
                    to={`/jobs/${d.lastBackupJobId}`}
                  >
                    its job
                  </Link>
                </>
              )}
              )
            </>
          ) : (
            'none yet'
          )}
        </dd>
        {d.backupState === 'failed' && (
          <>
            <dt className="text-slate-500">Failure</dt>
            <dd className="text-red-700 dark:text-red-400">
              <span className="font-medium">{d.lastBackupErrorCategory}</span>: {d.lastBackupError}
            </dd>
          </>
        )}
        <dt className="text-slate-500">Last success</dt>
        <dd>{d.lastBackupOkAt ? ago(d.lastBackupOkAt) : 'never'}</dd>
      </dl>
      {backup.error && <ErrorBox error={backup.error} />}
    </Card>
  );
}
