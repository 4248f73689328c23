import { z } from 'zod';
import { pageQuery, queryList } from '../../platform/http/schemas.ts';
import { deviceFilterBody } from '../devices/filter.ts';
import type { AnyJobHandler } from './contract.ts';
import { jobCounts } from './events.ts';
import { DEVICE_RESULT_STATUSES, JOB_STATUSES, JOB_TYPES, type JobType, LOG_LEVELS } from './table.ts';

export const jobTargets = z
  .strictObject({
    deviceIds: z.array(z.uuid()).min(1).max(100_000).optional(),
    filter: deviceFilterBody.optional(),
  })
  .refine((t) => t.deviceIds || t.filter, {
    message: 'give deviceIds, a filter, or both (a filter of {} means every device you can see)',
  });

/** What a job's targets would reach now: how many devices, of which customers, the first few. */
export const jobTargetsOut = z.object({
  total: z.number().int(),
  customers: z.array(z.object({ id: z.string(), name: z.string(), devices: z.number().int() })),
  hostnames: z.array(z.string()).describe('the first 20, in hostname order'),
});

export const jobOptions = z.strictObject({
  concurrency: z.number().int().min(1).max(1000).default(100),
  timeoutSeconds: z.number().int().min(1).max(3600).default(120),
  retries: z.number().int().min(0).max(5).default(2),
  transcripts: z
    .enum(['failed', 'all'])
    .optional()
    .describe(
      "Keep the device sessions' transcripts of the failed devices only (the default), or of every device",
    ),
});

/** A job request of one type: its own payload, with the targets and options every job has. */
function requestOf(h: AnyJobHandler) {
  return z
    .strictObject({
      type: z.literal(h.type),
      // A job whose handler makes its own work items from the payload has no device targets.
      targets: h.resolveTargets ? z.strictObject({}).default({}) : jobTargets,
      payload: h.payload.prefault({}),
      options: jobOptions.default({ concurrency: 100, timeoutSeconds: 120, retries: 2 }),
    })
    .describe(h.description);
}

/** POST /jobs (and a schedule's job): one request shape per job type, told apart by `type`. */
export function jobCreateSchema(handlers: readonly AnyJobHandler[]) {
  const [first, ...rest] = handlers.map(requestOf);
  return z.discriminatedUnion('type', [first!, ...rest]);
}
export type JobCreate = {
  type: JobType;
  targets: z.output<typeof jobTargets>;
  payload: Record<string, unknown>;
  options: z.output<typeof jobOptions>;
};

export const jobOut = z.object({
  id: z.string(),
  type: z.enum(JOB_TYPES),
  customerIds: z.array(z.string()),
  targets: z.object({
    deviceIds: z.array(z.string()).optional(),
    filter: z.record(z.string(), z.unknown()).optional(),
  }),
  payload: z.record(z.string(), z.unknown()),
  options: jobOptions,
  requestedBy: z.string().nullable(),
  requestedByName: z.string(),
  scheduleId: z.string().nullable(),
  retryOf: z.string().nullable(),
  // Status and counts as the job stream sends them.
  ...jobCounts.shape,
  createdAt: z.date(),
  startedAt: z.date().nullable(),
  finishedAt: z.date().nullable(),
});

export const jobListQuery = z.strictObject({
  ...pageQuery,
  type: queryList.pipe(z.array(z.enum(JOB_TYPES))).optional(),
  status: queryList.pipe(z.array(z.enum(JOB_STATUSES))).optional(),
  deviceId: z.uuid().optional().describe('jobs that touched this device'),
  customerId: z.uuid().optional(),
});
export type JobListQuery = z.output<typeof jobListQuery>;

const jobDeviceBase = z.object({
  deviceId: z.string(),
  customerId: z.string(),
  hostname: z.string(),
  status: z.enum(DEVICE_RESULT_STATUSES),
  summary: z.string(),
  errorCategory: z.string().nullable(),
  error: z.string().nullable(),
  attempts: z.number(),
  startedAt: z.date().nullable(),
  finishedAt: z.date().nullable(),
  durationMs: z.number().nullable(),
  credentialName: z
    .string()
    .nullable()
    .describe('the credential that logged in, for a device that tried its customer’s in turn'),
});

/**
 * One device of a job, its output typed by the job's type: a client tells the shapes apart by
 * `jobType` (the output is null until the device is done, and without `output=true`).
 */
export function jobDeviceSchema(handlers: readonly AnyJobHandler[]) {
  const [first, ...rest] = handlers.map((h) =>
    jobDeviceBase.extend({ jobType: z.literal(h.type), output: h.output.nullable() }),
  );
  return z.discriminatedUnion('jobType', [first!, ...rest]);
}

export const jobDeviceQuery = z.strictObject({
  ...pageQuery,
  status: queryList.pipe(z.array(z.enum(DEVICE_RESULT_STATUSES))).optional(),
  q: z.string().trim().max(200).optional().describe('hostname substring'),
  output: z.enum(['true', 'false']).default('false').describe('include each device output'),
});

export const jobLogOut = z.object({
  id: z.number(),
  deviceId: z.string().nullable(),
  hostname: z.string().nullable(),
  level: z.enum(LOG_LEVELS),
  message: z.string(),
  at: z.date(),
});

export const jobLogQuery = z.strictObject({
  after: z.coerce.number().int().min(0).default(0).describe('only lines after this id'),
  limit: z.coerce.number().int().min(1).max(5000).default(1000),
});
