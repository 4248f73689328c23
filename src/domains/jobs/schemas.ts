import { z } from 'zod';
import { label, pageQuery, queryList } from '../../platform/http/schemas.ts';
import { deviceFilterBody } from '../devices/schemas.ts';
import { DEVICE_RESULT_STATUSES, JOB_STATUSES, JOB_TYPES, LOG_LEVELS } from './table.ts';

const command = label(1000).min(1);

/** Each job type's own parameters; the request names the type, and the payload must fit it. */
export const payloads = {
  run_commands: z.strictObject({
    commands: z.array(command).min(1).max(100).describe('run in order in command (exec) mode'),
  }),
  config_backup: z.strictObject({}),
  refresh_facts: z.strictObject({
    detectPlatform: z
      .boolean()
      .default(true)
      .describe('devices without a platform get one by auto-detection first'),
  }),
  reachability: z.strictObject({}),
  topology_discovery: z.strictObject({
    protocols: z
      .array(z.enum(['lldp', 'cdp']))
      .min(1)
      .default(['lldp', 'cdp']),
  }),
} as const satisfies Record<(typeof JOB_TYPES)[number], z.ZodType>;

export const jobTargets = z
  .strictObject({
    deviceIds: z.array(z.uuid()).min(1).max(100_000).optional(),
    filter: deviceFilterBody.optional(),
  })
  .refine((t) => t.deviceIds || t.filter, {
    message: 'give deviceIds, a filter, or both (a filter of {} means every device you can see)',
  });

export const jobOptions = z.strictObject({
  concurrency: z.number().int().min(1).max(1000).default(100),
  timeoutSeconds: z.number().int().min(1).max(3600).default(120),
  retries: z.number().int().min(0).max(5).default(2),
});

const typed = <T extends (typeof JOB_TYPES)[number], P extends z.ZodType>(type: T, payload: P) =>
  z.strictObject({
    type: z.literal(type),
    targets: jobTargets,
    payload: payload.prefault({} as z.input<P>),
    options: jobOptions.default({ concurrency: 100, timeoutSeconds: 120, retries: 2 }),
  });

export const jobCreate = z.discriminatedUnion('type', [
  typed('run_commands', payloads.run_commands),
  typed('config_backup', payloads.config_backup),
  typed('refresh_facts', payloads.refresh_facts),
  typed('reachability', payloads.reachability),
  typed('topology_discovery', payloads.topology_discovery),
]);
export type JobCreate = z.output<typeof jobCreate>;

export const jobOut = z.object({
  id: z.string(),
  type: z.enum(JOB_TYPES),
  status: z.enum(JOB_STATUSES),
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
  total: z.number(),
  done: z.number(),
  succeeded: z.number(),
  failed: z.number(),
  cancelled: z.number(),
  summary: z.record(z.string(), z.number()),
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

export const jobDeviceOut = z.object({
  deviceId: z.string(),
  customerId: z.string(),
  hostname: z.string(),
  status: z.enum(DEVICE_RESULT_STATUSES),
  summary: z.string(),
  errorCategory: z.string().nullable(),
  error: z.string().nullable(),
  attempts: z.number(),
  output: z.unknown(),
  startedAt: z.date().nullable(),
  finishedAt: z.date().nullable(),
  durationMs: z.number().nullable(),
});

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
