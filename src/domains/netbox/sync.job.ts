import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { NetioError } from '../../netio/index.ts';
import { validationFailed } from '../../platform/errors.ts';
import { systemActor } from '../../platform/tenancy.ts';
import { defineJob } from '../jobs/contract.ts';
import { fetchNetboxDevices, NetboxError } from './client.ts';
import { applySync, planSync, syncPlan } from './plan.ts';
import { getNetboxSource, openNetboxSource } from './service.ts';
import { netboxSources } from './table.ts';

export const netboxSyncPayload = z.strictObject({
  customerId: z.uuid().describe('the customer whose NetBox source is read'),
  apply: z
    .boolean()
    .default(false)
    .describe('false (the default): a dry run that only shows what would change; true: do it'),
});

export const netboxSyncOutput = syncPlan.extend({
  applied: z.boolean().describe('the plan was carried out (false: a dry run)'),
});

/** NetBox's failures as the job's categories: a refused token is `auth`, an outage `timeout`. */
function asDeviceError(err: unknown): never {
  if (err instanceof NetboxError) {
    const category = err.refused
      ? 'unsupported'
      : err.status === 401 || err.status === 403
        ? 'auth'
        : err.status === null
          ? 'timeout'
          : 'command_error';
    throw new NetioError(category, err.message, { cause: err });
  }
  throw err;
}

/**
 * The customer's devices from NetBox: one work item per run (the source), which reads every
 * device NetBox lists under the filters, compares them with the inventory and, when asked,
 * creates, updates and disables in one transaction. A dry run's output is the same plan.
 */
export const netboxSyncJob = defineJob({
  type: 'netbox_sync',
  description: "Sync the customer's devices from NetBox: a dry run shows what would change, apply does it",
  payload: netboxSyncPayload,
  output: netboxSyncOutput,
  needsCredential: false,
  async resolveTargets(db, actor, payload) {
    const source = await getNetboxSource(db, actor, payload.customerId).catch(() => undefined);
    if (!source)
      throw validationFailed([
        { field: 'payload.customerId', message: 'has no NetBox source: set one up first' },
      ]);
    return [
      { id: randomUUID(), customerId: payload.customerId, hostname: `NetBox ${new URL(source.url).host}` },
    ];
  },
  // One item, the source: a failed sync is run again whole.
  retryPayload: (payload) => payload,
  async run(item, payload, ctx) {
    const source = await openNetboxSource(ctx.db, ctx.secrets, item.customerId);
    if (!source) throw new NetioError('unsupported', 'the NetBox source was removed');
    const listed = await fetchNetboxDevices(source.url, source.token, source.filters, ctx.signal).catch(
      asDeviceError,
    );
    const plan = await planSync(ctx.db, item.customerId, listed, source);
    if (payload.apply)
      await ctx.db.transaction(async (tx) => {
        await applySync(tx, systemActor('netbox-sync'), item.customerId, plan);
        await tx
          .update(netboxSources)
          .set({ lastSyncAt: new Date(), lastSyncJobId: ctx.jobId })
          .where(eq(netboxSources.customerId, item.customerId));
      });
    const counts = `${plan.create.length} to create, ${plan.update.length} to update, ${plan.disable.length} to disable, ${plan.skipped.length} skipped`;
    return {
      summary: payload.apply ? counts.replace(/to (\w+)/g, '$1d') : counts,
      output: { ...plan, applied: payload.apply },
    };
  },
});
