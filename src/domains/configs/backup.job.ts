import { backup } from '../../netio/index.ts';
import { onDevice } from '../jobs/device-target.ts';
import type { JobHandler } from '../jobs/registry.ts';
import { type BackupValue, storeBackups } from './store.ts';

/** Oxidized's job: the running configuration, volatile lines dropped, secrets redacted, kept when it changed. */
export const configBackupJob: JobHandler<Record<string, never>, BackupValue> = {
  type: 'config_backup',
  needsCredential: true,
  run: (device, _payload, ctx) =>
    onDevice(device, ctx, async (session, hostKey) => {
      const { config, hash } = await backup(session, { redactionKey: ctx.redactionKey });
      return { summary: 'backed up', hostKey, value: { config, hash } };
    }),
  store: storeBackups,
};
