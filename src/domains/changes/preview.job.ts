import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { linesToConfig, linesToSnapshot, loadsWhole, NetioError, previewChange } from '../../netio/index.ts';
import { diffConfigs } from '../configs/diff.ts';
import { defineJob } from '../jobs/contract.ts';
import { onDevice } from '../jobs/device-target.ts';
import { changeDeviceRows } from './device-rows.ts';
import { commitName, isReplace, previewFinished } from './run.ts';

export const changePreviewOutput = z.object({
  method: z.enum(['candidate', 'computed']).describe("the device's own candidate, or computed by webnet"),
  noop: z.boolean().describe('the device already has this configuration'),
  runningHash: z.string(),
  candidateHash: z.string(),
  diff: z.string().describe('the running config against what it would become, secrets redacted'),
  deviceDiff: z.string().nullable().describe("the device's own diff, where it has a candidate"),
});

type Value = {
  changeId: string;
  rendered: string;
  runningHash: string;
  candidateHash: string;
  noop: boolean;
};

/** A change on one device, computed or tried in its candidate and discarded: nothing is applied. */
export const changePreviewJob = defineJob({
  type: 'change_preview',
  description: "Preview a change on its devices (the device's own way where it can), applying nothing",
  internal: true,
  payload: z.strictObject({ changeId: z.uuid(), revision: z.number().int() }),
  output: changePreviewOutput,
  needsCredential: true,
  async run(device, payload, ctx) {
    const row = await changeDeviceRows(ctx.db).forPreview({
      changeId: payload.changeId,
      deviceId: device.id,
    });
    if (!row || (!row.rendered && row.target === null))
      throw new NetioError('unsupported', 'the change has nothing for this device');
    return onDevice(device, ctx, async (session, hostKey) => {
      // A rollback or a replace is the whole configuration where the device loads one (Junos);
      // elsewhere the lines that take this device, as it stands now, to the snapshot or the text.
      const whole = isReplace(row.mode, row.target) && loadsWhole(session.platform);
      const lines = whole
        ? (row.target ?? row.rendered!).split('\n')
        : row.target !== null
          ? await linesToSnapshot(session, row.target, ctx.redactionKey)
          : row.mode === 'replace'
            ? await linesToConfig(session, row.rendered!, ctx.redactionKey)
            : row.rendered!.split('\n');
      const p = await previewChange(session, {
        lines,
        whole,
        name: commitName(payload.changeId),
        redactionKey: ctx.redactionKey,
      });
      const output = {
        method: p.method,
        noop: p.noop,
        runningHash: p.running.hash,
        candidateHash: p.candidate.hash,
        diff: diffConfigs(
          { name: 'running', label: 'running config', text: p.running.config },
          { name: 'candidate', label: 'after the change', text: p.candidate.config },
        ).unified,
        deviceDiff: p.deviceDiff,
      };
      return {
        summary: p.noop ? 'no change' : 'previewed',
        output,
        hostKey,
        value: {
          rendered: lines.join('\n'),
          changeId: payload.changeId,
          runningHash: p.running.hash,
          candidateHash: p.candidate.hash,
          noop: p.noop,
        } satisfies Value,
      };
    });
  },
  async store(tx, items) {
    if (items.length)
      await tx.execute(sql`
        update change_devices cd set running_hash = u.running_hash, candidate_hash = u.candidate_hash,
          noop = u.noop, rendered = u.rendered, preview_error = null, updated_at = now()
        from json_to_recordset(${JSON.stringify(
          items.map((i) => ({
            change_id: i.value.changeId,
            device_id: i.device.id,
            rendered: i.value.rendered,
            running_hash: i.value.runningHash,
            candidate_hash: i.value.candidateHash,
            noop: i.value.noop,
          })),
        )}::json) as u(change_id uuid, device_id uuid, rendered text, running_hash text, candidate_hash text,
                       noop boolean)
        where cd.change_id = u.change_id and cd.device_id = u.device_id`);
    return items.map((i) => ({ count: i.value.noop ? 'no change' : 'changes' }));
  },
  finished: (tx, job) => previewFinished(tx, job),
});
