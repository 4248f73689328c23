import { z } from 'zod';
import { backup } from '../../netio/index.ts';
import { defineJob } from '../jobs/contract.ts';
import { onDevice } from '../jobs/device-target.ts';
import { storeBackups } from './store.ts';

export const configBackupOutput = z.object({
  changed: z.boolean().describe('a new snapshot was stored (else the config was unchanged)'),
  snapshotId: z.string().nullable().describe('the snapshot stored, when changed'),
  hash: z.string().describe('SHA-256 of the significant lines'),
});

/** Oxidized's job: the running configuration, volatile lines dropped, secrets redacted, kept when it changed. */
export const configBackupJob = defineJob({
  type: 'config_backup',
  description: 'Back up the running configuration; a snapshot is stored when it changed',
  payload: z.strictObject({}),
  output: configBackupOutput,
  needsCredential: true,
  isBackup: true,
  run: (device, _payload, ctx) =>
    onDevice(device, ctx, async (session, hostKey) => {
      const { config, hash } = await backup(session, { redactionKey: ctx.redactionKey });
      return { summary: 'backed up', hostKey, value: { config, hash } };
    }),
  store: storeBackups,
});
