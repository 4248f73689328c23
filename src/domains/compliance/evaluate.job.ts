import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { queryRows } from '../../platform/db/client.ts';
import { defineJob } from '../jobs/contract.ts';
import { evaluateDevices } from './evaluate.ts';
import { recordDay } from './results.ts';

export const complianceEvaluateOutput = z.object({
  rules: z.number().describe('configuration rules evaluated for the device'),
  failing: z.number().describe('rules it does not comply with'),
});

/**
 * Configuration rules on the devices' stored configurations: no device is contacted. The work
 * is done per batch where results are stored (one read of the batch's snapshots, one write of
 * its results), so the per-device step is empty, and the devices travel 500 to a queue task. Started when a policy is saved, or by hand.
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
  // Stored configurations only: a task per device would cost the job several times the work.
  devicesPerTask: 500,
  async run(_device, payload) {
    return { summary: 'evaluated', output: { rules: 0, failing: 0 }, value: { policyId: payload.policyId } };
  },
  async finished(tx, job) {
    // The day's standing is counted once, here, not per batch: a count reads every result of the
    // policy (quadratic over a fleet's batches), and batches in flight would each count
    // without the other's uncommitted verdicts. The job ends in the transaction that records its
    // last devices, once every other batch has committed (they all update the job's row), and a
    // cancelled job once its running devices are recorded: counted here, the day holds them all.
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
  async store(tx, items) {
    // A batch may hold tasks of several jobs: each job's devices with its own policy.
    const perDevice = new Map<string, { rules: number; failing: number }>();
    for (const policyId of new Set(items.map((i) => i.value.policyId))) {
      const ids = items.filter((i) => i.value.policyId === policyId).map((i) => i.device.id);
      for (const [id, d] of (await evaluateDevices(tx, ids, policyId, { countDay: 'caller' })).perDevice)
        perDevice.set(`${policyId}/${id}`, d);
    }
    return items.map((i) => {
      const d = perDevice.get(`${i.value.policyId}/${i.device.id}`) ?? { rules: 0, failing: 0 };
      return {
        summary:
          d.rules === 0
            ? 'no stored configuration or no rule'
            : d.failing
              ? `${d.failing} of ${d.rules} rules fail`
              : `complies with ${d.rules} rules`,
        output: d,
        count: d.rules === 0 ? 'not evaluated' : d.failing ? 'failing' : 'compliant',
      };
    });
  },
});
