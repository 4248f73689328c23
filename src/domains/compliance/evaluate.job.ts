import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { queryRows } from '../../platform/db/client.ts';
import { defineJob } from '../jobs/contract.ts';
import { evaluateDevices } from './evaluate.ts';
import { recordDay } from './results.ts';

export const complianceEvaluateOutput = z.object({
  devices: z.number().describe('devices in this group'),
  evaluated: z
    .number()
    .describe('devices evaluated: in a policy’s scope, with a stored configuration and rules'),
  compliant: z.number().describe('devices evaluated that comply with every rule'),
  failing: z.number().describe('devices evaluated that fail at least one rule'),
});

/** Devices per work item: a few hundred milliseconds of evaluation, one row of the job. */
const DEVICES_PER_ITEM = 500;

/**
 * Configuration rules on the devices' stored configurations: no device is contacted. The job's
 * devices are grouped 500 to a work item (JobHandler.devicesPerItem): each item's configurations
 * are read and evaluated, and its results stored, in one transaction; the job records the item,
 * not each device (a device's verdicts, with their history, are the compliance results). Started
 * when a policy is saved, or by hand.
 */
export const complianceEvaluateJob = defineJob({
  type: 'compliance_evaluate',
  description: 'Evaluate compliance policies on the devices’ stored configurations (no device contact)',
  payload: z.strictObject({
    policyId: z
      .uuid()
      .optional()
      .describe('only this policy (default: every policy of the devices’ customers)'),
  }),
  output: complianceEvaluateOutput,
  needsCredential: false,
  devicesPerItem: DEVICES_PER_ITEM,
  async run(item, payload, ctx) {
    const ids = item.deviceIds ?? [];
    // Results are written with the evaluation, apart from the job's record of the item: an item
    // run again (its worker died before recording it) finds the same verdicts and changes nothing.
    const { perDevice } = await ctx.db.transaction((tx) =>
      evaluateDevices(tx, ids, payload.policyId, { countDay: 'caller' }),
    );
    let compliant = 0;
    let failing = 0;
    for (const d of perDevice.values()) {
      if (d.rules === 0) continue;
      if (d.failing) failing++;
      else compliant++;
    }
    const evaluated = compliant + failing;
    const notEvaluated = ids.length - evaluated;
    return {
      summary:
        evaluated === 0
          ? 'no stored configuration or no rule'
          : `${failing} failing, ${compliant} compliant${notEvaluated ? `, ${notEvaluated} not evaluated` : ''}`,
      output: { devices: ids.length, evaluated, compliant, failing },
      count: { failing, compliant, 'not evaluated': notEvaluated },
    };
  },
  async finished(tx, job) {
    // The day's standing is counted once, here, not per item: a count reads every result of the
    // policy (quadratic over a fleet's items), and items in flight would each count without the
    // other's uncommitted verdicts. The job ends in the transaction that records its last item,
    // and a cancelled job once its running items are recorded: counted here, the day holds them all.
    const policyId = (job.payload as { policyId?: string }).policyId;
    const policies = policyId
      ? [policyId]
      : (
          await queryRows<{ id: string }>(
            tx,
            sql`select id from compliance_policies where customer_id in (
                  select distinct customer_id from job_devices where job_id = ${job.id})`,
          )
        ).map((p) => p.id);
    await recordDay(tx, policies);
  },
});
