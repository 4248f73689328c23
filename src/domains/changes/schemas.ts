import { z } from 'zod';
import { label, name, pageQuery, queryList } from '../../platform/http/schemas.ts';
import { jobTargets } from '../jobs/schemas.ts';
import {
  APPROVAL_DECISIONS,
  CHANGE_DEVICE_STATES,
  CHANGE_MODES,
  CHANGE_STATUSES,
  type ChangeCheck,
  type Rollout,
} from './table.ts';

/** A change's text: this much per template, and per device once rendered. */
export const MAX_TEMPLATE_BYTES = 256 * 1024;

const variableName = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]{0,63}$/, 'a variable name is a letter or "_", then letters, digits or "_"')
  .refine((n) => n !== 'device' && n !== 'customer', 'device and customer are given by webnet');

const variables = z.record(variableName, z.unknown());

export const rollout = z.strictObject({
  canary: z.number().int().min(0).max(1000).default(1).describe('devices changed first, alone'),
  batchSize: z.number().int().min(1).max(10_000).default(50).describe('devices per batch after the canary'),
  pauseSeconds: z.number().int().min(0).max(86_400).default(0).describe('wait between batches'),
  maxFailurePercent: z
    .number()
    .min(0)
    .max(100)
    .default(0)
    .describe('stop when more than this share of a batch fails'),
}) satisfies z.ZodType<Rollout, unknown>;

/** One word of an address or name: it goes into the device's command line. */
const pingWord = z
  .string()
  .regex(/^[A-Za-z0-9._:%-]{1,253}$/, 'an address or name (letters, digits, . : - _ %)');

export const changeCheck = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('interfaces_up'),
    interfaces: z.array(label(100).min(1)).max(100).optional().describe('default: every interface up before'),
  }),
  z.strictObject({
    kind: z.literal('lldp_neighbors').describe('every LLDP neighbour before is there after'),
  }),
  z.strictObject({
    kind: z.literal('command_matches'),
    command: label(500).min(1),
    pattern: label(500)
      .min(1)
      .refine((p) => {
        try {
          new RegExp(p, 'm');
          return true;
        } catch {
          return false;
        }
      }, 'is not a regular expression'),
  }),
  z.strictObject({
    kind: z
      .literal('ping')
      .describe('an address that answered the device before the change still answers after'),
    destination: pingWord.describe('an address or name the device pings'),
    vrf: pingWord.optional(),
    source: pingWord.optional(),
  }),
]) satisfies z.ZodType<ChangeCheck, unknown>;

const template = z
  .string()
  .min(1)
  .refine(
    (t) => Buffer.byteLength(t) <= MAX_TEMPLATE_BYTES,
    `is larger than ${MAX_TEMPLATE_BYTES / 1024} KiB`,
  )
  .refine(
    (t) => !/<redacted/i.test(t),
    'holds a <redacted…> marker: secrets must never be pushed back from a backup',
  )
  .describe('configuration lines, or a LiquidJS template rendered per device');

const fields = {
  title: name(200),
  description: label(5000),
  targets: jobTargets,
  mode: z
    .enum(CHANGE_MODES)
    .describe(
      'merge: the lines are added; replace: the text is the whole configuration (loaded whole on Junos, computed as lines on Cisco-style platforms; secrets it leaves out stay)',
    ),
  template,
  variables,
  deviceVariables: z
    .record(label(255).min(1), variables)
    .describe('variables per device hostname, over the change-wide ones'),
  rollout,
  confirmMinutes: z.number().int().min(0).max(60).describe('0 confirms at once (no automatic revert)'),
  checks: z.array(changeCheck).max(50),
};

export const changeCreate = z.strictObject({
  ...fields,
  customerId: z.uuid(),
  description: fields.description.default(''),
  mode: fields.mode.default('merge'),
  variables: fields.variables.default({}),
  deviceVariables: fields.deviceVariables.default({}),
  rollout: rollout.prefault({}),
  confirmMinutes: fields.confirmMinutes.default(5),
  checks: fields.checks.default([]),
});
export type ChangeCreate = z.output<typeof changeCreate>;

/** An edit changes what it names, and makes earlier previews and approvals stale. */
export const changeUpdate = z.strictObject(fields).partial();
export type ChangeUpdate = z.output<typeof changeUpdate>;

export const decisionIn = z.strictObject({ comment: label(2000).default('') });

export const approvalOut = z.object({
  id: z.string(),
  revision: z.number(),
  userId: z.string().nullable(),
  username: z.string(),
  decision: z.enum(APPROVAL_DECISIONS),
  comment: z.string(),
  at: z.date(),
});

export const changeOut = z.object({
  id: z.string(),
  customerId: z.string(),
  title: z.string(),
  description: z.string(),
  status: z.enum(CHANGE_STATUSES),
  targets: z.object({
    deviceIds: z.array(z.string()).optional(),
    filter: z.record(z.string(), z.unknown()).optional(),
  }),
  mode: z.enum(CHANGE_MODES),
  template: z.string(),
  variables: z.record(z.string(), z.unknown()),
  deviceVariables: z.record(z.string(), z.record(z.string(), z.unknown())),
  rollout: rollout,
  confirmMinutes: z.number(),
  checks: z.array(changeCheck),
  revision: z.number(),
  previewedRevision: z.number().nullable(),
  previewJobId: z.string().nullable(),
  commitJobIds: z.array(z.string()),
  rollbackOf: z.string().nullable(),
  createdBy: z.string().nullable(),
  createdByName: z.string(),
  createdAt: z.date(),
  updatedAt: z.date(),
  finishedAt: z.date().nullable(),
});

export const changeDetailOut = changeOut.extend({
  approvals: z.array(approvalOut),
  /** Whether this customer asks for approval, and whether the current revision has it. */
  needsApproval: z.boolean(),
  approved: z.boolean(),
});

export const changeDeviceOut = z.object({
  deviceId: z.string(),
  hostname: z.string(),
  position: z.number(),
  rendered: z.string().nullable(),
  renderError: z.string().nullable(),
  runningHash: z.string().nullable(),
  candidateHash: z.string().nullable(),
  noop: z.boolean().nullable(),
  previewError: z.string().nullable(),
  state: z.enum(CHANGE_DEVICE_STATES),
  commitMethod: z.string().nullable(),
  reason: z.string().nullable(),
  preSnapshotId: z.string().nullable(),
  postSnapshotId: z.string().nullable(),
  updatedAt: z.date(),
});

export const changeListQuery = z.strictObject({
  ...pageQuery,
  status: queryList.pipe(z.array(z.enum(CHANGE_STATUSES))).optional(),
  customerId: z.uuid().optional(),
});
export type ChangeListQuery = z.output<typeof changeListQuery>;

export const changeDevicesQuery = z.strictObject({ ...pageQuery });

export const rollbackDeviceIn = z.strictObject({
  snapshotId: z.uuid().describe('the stored configuration to go back to (it names the device)'),
  title: name(200).optional(),
});
