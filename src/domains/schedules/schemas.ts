import { z } from 'zod';
import { instant, name, pageQuery } from '../../platform/http/schemas.ts';
import { type JobCreate, jobOptions } from '../jobs/schemas.ts';
import { JOB_TYPES } from '../jobs/table.ts';
import { SCHEDULE_KINDS } from './table.ts';

const timing = {
  kind: z.enum(SCHEDULE_KINDS),
  cron: z.string().trim().max(100).optional().describe('kind cron: five fields, e.g. "0 2 * * *"'),
  timezone: z.string().max(64).default('UTC').describe('kind cron: an IANA time zone'),
  intervalMinutes: z
    .number()
    .int()
    .min(1)
    .max(60 * 24 * 31)
    .optional()
    .describe('kind interval'),
  runAt: instant().optional().describe('kind once'),
};

/** A schedule is a job request (type, targets, payload, options) plus when to run it. */
export function scheduleSchemas<J extends z.ZodType<JobCreate>>(jobCreate: J) {
  const create = z.strictObject({
    name: name(100),
    enabled: z.boolean().default(true),
    job: jobCreate,
    ...timing,
  });
  const update = z
    .strictObject({
      name: name(100),
      enabled: z.boolean(),
      job: jobCreate,
      kind: timing.kind,
      cron: z.string().trim().max(100),
      timezone: z.string().max(64),
      intervalMinutes: timing.intervalMinutes.unwrap(),
      runAt: instant(),
    })
    .partial();
  return { create, update };
}

type Timing = {
  kind: (typeof SCHEDULE_KINDS)[number];
  cron?: string | undefined;
  timezone: string;
  intervalMinutes?: number | undefined;
  runAt?: Date | undefined;
};
export type ScheduleCreate = { name: string; enabled: boolean; job: JobCreate } & Timing;
export type ScheduleUpdate = Partial<{ name: string; enabled: boolean; job: JobCreate } & Required<Timing>>;

export const scheduleOut = z.object({
  id: z.string(),
  name: z.string(),
  customerIds: z.array(z.string()),
  jobType: z.enum(JOB_TYPES),
  targets: z.object({
    deviceIds: z.array(z.string()).optional(),
    filter: z.record(z.string(), z.unknown()).optional(),
  }),
  payload: z.record(z.string(), z.unknown()),
  options: jobOptions,
  kind: z.enum(SCHEDULE_KINDS),
  cron: z.string().nullable(),
  timezone: z.string(),
  intervalMinutes: z.number().nullable(),
  runAt: z.date().nullable(),
  enabled: z.boolean(),
  ownerId: z.string(),
  ownerName: z.string(),
  nextRunAt: z.date().nullable(),
  lastRunAt: z.date().nullable(),
  lastJobId: z.string().nullable(),
  lastError: z.string().nullable(),
  createdAt: z.date(),
  updatedAt: z.date(),
});

export const scheduleListQuery = z.strictObject({
  ...pageQuery,
  enabled: z.enum(['true', 'false']).optional(),
  jobType: z.enum(JOB_TYPES).optional(),
});
