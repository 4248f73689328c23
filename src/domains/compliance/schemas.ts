import { z } from 'zod';
import { pageQuery } from '../../platform/http/schemas.ts';
import { SEVERITIES } from './config-rules.ts';
import { RESULT_STATUSES } from './table.ts';

const MAX_POLICY_BYTES = 256 * 1024;
const source = z
  .string()
  .min(1)
  .refine((t) => Buffer.byteLength(t) <= MAX_POLICY_BYTES, `is larger than ${MAX_POLICY_BYTES / 1024} KiB`)
  .describe('the policy in YAML: name, description, scope (the device filter), rules, state');

export const policyCreate = z.strictObject({ customerId: z.uuid(), source });
export const policyUpdate = z.strictObject({ source });
export type PolicyCreate = z.output<typeof policyCreate>;

export const policyTest = z.strictObject({
  source,
  deviceId: z.uuid().describe('a device of the policy’s customer with a stored configuration'),
});

export const policyListQuery = z.strictObject({ ...pageQuery, customerId: z.uuid().optional() });

export const policyOut = z.object({
  id: z.string(),
  customerId: z.string(),
  name: z.string(),
  description: z.string(),
  source: z.string(),
  scope: z.record(z.string(), z.unknown()),
  ruleCount: z.number(),
  stateCount: z.number(),
  revision: z.number(),
  createdByName: z.string(),
  createdAt: z.date(),
  updatedAt: z.date(),
  /** Devices with results, and how many of them pass every rule. */
  devices: z.number(),
  compliant: z.number(),
  /** The evaluation started by the last save, if any. */
  jobId: z.string().nullable().optional(),
});

export const findingOut = z.object({
  kind: z.string(),
  context: z.array(z.string()),
  line: z.string(),
  at: z.number().optional(),
  message: z.string(),
});

export const ruleResultOut = z.object({
  rule: z.string(),
  severity: z.enum(SEVERITIES),
  status: z.enum(RESULT_STATUSES),
  findings: z.array(findingOut),
  remediation: z.string().describe('the configuration that fixes it, in the device’s syntax'),
});

export const policyTestOut = z.object({
  deviceId: z.string(),
  hostname: z.string(),
  inScope: z.boolean(),
  results: z.array(ruleResultOut),
  remediation: z.string(),
});

export const resultListQuery = z.strictObject({
  ...pageQuery,
  customerId: z.uuid().optional(),
  policyId: z.uuid().optional(),
  deviceId: z.uuid().optional(),
  status: z.enum(RESULT_STATUSES).optional(),
});

export const resultOut = z.object({
  policyId: z.string(),
  policyName: z.string(),
  deviceId: z.string(),
  hostname: z.string(),
  rule: z.string(),
  kind: z.enum(['config', 'state']),
  severity: z.string(),
  status: z.enum(RESULT_STATUSES),
  findings: z.unknown(),
  remediation: z.string(),
  snapshotId: z.string().nullable(),
  since: z.date(),
  evaluatedAt: z.date(),
});

export const historyQuery = z.strictObject({
  ...pageQuery,
  customerId: z.uuid().optional(),
  policyId: z.uuid().optional(),
  deviceId: z.uuid().optional(),
  rule: z.string().min(1).max(200).optional().describe('the rule’s name'),
});
export type HistoryQuery = z.infer<typeof historyQuery>;

export const historyOut = z.object({
  policyId: z.string(),
  policyName: z.string(),
  deviceId: z.string(),
  hostname: z.string(),
  rule: z.string(),
  status: z.enum(RESULT_STATUSES).describe('the status the rule changed to'),
  at: z.date(),
});

export const remediateIn = z.strictObject({
  customerId: z.uuid(),
  policyId: z.uuid().optional().describe('only this policy’s failing rules (default: every policy)'),
  deviceIds: z.array(z.uuid()).min(1).max(10_000),
  title: z.string().min(1).max(200).optional(),
});

export const trendOut = z.object({
  items: z.array(
    z.object({
      day: z.string().describe('YYYY-MM-DD'),
      devices: z.number(),
      compliant: z.number(),
    }),
  ),
});
