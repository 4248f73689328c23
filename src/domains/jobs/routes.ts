import { z } from 'zod';
import { conflict } from '../../platform/errors.ts';
import { errorResponses, idParams, page } from '../../platform/http/schemas.ts';
import { actorOf, type TypedServer } from '../../platform/http/server.ts';
import { startedStream } from '../../platform/http/stream.ts';
import { summarizeTargets } from '../devices/service.ts';
import { exportOutputs, OUTPUT_FORMATS, outputGroups, outputGroupsOut } from './command-output.ts';
import type { AnyJobHandler } from './contract.ts';
import {
  jobCreateSchema,
  jobDeviceQuery,
  jobDeviceSchema,
  jobListQuery,
  jobLogOut,
  jobLogQuery,
  jobOut,
  jobTargets,
  jobTargetsOut,
} from './schemas.ts';
import {
  cancelJob,
  createJob,
  getJob,
  type JobDeps,
  listJobDevices,
  listJobLogs,
  listJobs,
  retryFailed,
  skipDevice,
} from './service.ts';

export function jobRoutes(app: TypedServer, deps: JobDeps & { handlers: readonly AnyJobHandler[] }) {
  const tags = ['jobs'];
  // Job types their own domain starts (a change's preview and commit) are not offered here.
  const jobCreate = jobCreateSchema(deps.handlers.filter((h) => !h.internal));
  const jobDeviceOut = jobDeviceSchema(deps.handlers);
  const { db } = deps;
  const internal = new Set(deps.handlers.filter((h) => h.internal).map((h) => h.type));
  /** A change's jobs are cancelled and retried through the change, which follows them. */
  const notInternal = async (req: Parameters<typeof actorOf>[0], id: string, what: string) => {
    const job = await getJob(db, actorOf(req), id);
    if (internal.has(job.type)) throw conflict(`${what} a ${job.type} job through its change`, 'type');
  };
  app.post(
    '/api/v1/jobs',
    {
      schema: {
        tags,
        summary: 'Start a job on devices (operators); it runs in the background',
        description:
          'Targets are device ids, a device filter (the list filters, as JSON), or both. Disabled devices are left out.',
        body: jobCreate,
        response: { 202: jobOut, ...errorResponses },
      },
    },
    async (req, reply) => reply.code(202).send(await createJob(deps, actorOf(req), req.body)),
  );
  app.post(
    '/api/v1/jobs/targets',
    {
      schema: {
        tags,
        summary: 'What targets would reach: the devices a job on them would run on, per customer',
        description:
          'Resolved as POST /jobs resolves them (enabled devices the caller can see); nothing runs.',
        body: z.strictObject({ targets: jobTargets }),
        response: { 200: jobTargetsOut, ...errorResponses },
      },
    },
    async (req) =>
      summarizeTargets(db, actorOf(req), {
        ids: req.body.targets.deviceIds,
        filter: req.body.targets.filter ?? {},
      }),
  );
  app.post(
    '/api/v1/jobs/:id/devices/:deviceId/skip',
    {
      schema: {
        tags,
        summary:
          'Let one running device go (operators): its session is aborted, it ends cancelled, the job goes on',
        params: z.strictObject({ id: z.uuid(), deviceId: z.uuid() }),
        response: { 202: z.object({ skipping: z.literal(true) }), ...errorResponses },
      },
    },
    async (req, reply) => {
      await skipDevice(deps, actorOf(req), req.params.id, req.params.deviceId);
      return reply.code(202).send({ skipping: true });
    },
  );
  app.get(
    '/api/v1/jobs/:id/output-groups',
    {
      schema: {
        tags,
        summary: "A run_commands job's devices grouped by identical answers, largest group first",
        params: idParams,
        response: { 200: outputGroupsOut, ...errorResponses },
      },
    },
    async (req) => outputGroups(db, actorOf(req), req.params.id),
  );
  app.get(
    '/api/v1/jobs/:id/outputs',
    {
      schema: {
        tags,
        summary:
          "A run_commands job's answers: CSV (a row per device and command), JSON, or a zip of text files",
        params: idParams,
        querystring: z.strictObject({ format: z.enum(OUTPUT_FORMATS).default('csv') }),
        produces: ['text/csv', 'application/json', 'application/zip'],
      },
    },
    async (req, reply) => {
      const { format } = req.query;
      const body = await startedStream(exportOutputs(db, actorOf(req), req.params.id, format));
      const type = { csv: 'text/csv; charset=utf-8', json: 'application/json', zip: 'application/zip' }[
        format
      ];
      reply.header('content-type', type);
      reply.header(
        'content-disposition',
        `attachment; filename="job-${req.params.id.slice(0, 8)}-output.${format}"`,
      );
      return reply.send(body);
    },
  );
  app.get(
    '/api/v1/jobs',
    {
      schema: {
        tags,
        summary: 'Jobs, newest first',
        querystring: jobListQuery,
        response: { 200: page(jobOut), ...errorResponses },
      },
    },
    async (req) => listJobs(db, actorOf(req), req.query),
  );
  app.get(
    '/api/v1/jobs/:id',
    {
      schema: {
        tags,
        summary: 'A job and its counts',
        params: idParams,
        response: { 200: jobOut, ...errorResponses },
      },
    },
    async (req) => getJob(db, actorOf(req), req.params.id),
  );
  app.get(
    '/api/v1/jobs/:id/devices',
    {
      schema: {
        tags,
        summary: "A job's per-device results",
        params: idParams,
        querystring: jobDeviceQuery,
        response: { 200: page(jobDeviceOut), ...errorResponses },
      },
    },
    async (req) => listJobDevices(db, actorOf(req), req.params.id, req.query),
  );
  app.get(
    '/api/v1/jobs/:id/logs',
    {
      schema: {
        tags,
        summary: "A job's log lines, oldest first; page with `after`",
        params: idParams,
        querystring: jobLogQuery,
        response: { 200: z.array(jobLogOut), ...errorResponses },
      },
    },
    async (req) => listJobLogs(db, actorOf(req), req.params.id, req.query),
  );
  app.post(
    '/api/v1/jobs/:id/cancel',
    {
      schema: {
        tags,
        summary: 'Cancel a job: queued devices are dropped, running sessions aborted (operators)',
        params: idParams,
        response: { 200: jobOut, ...errorResponses },
      },
    },
    async (req) => {
      await notInternal(req, req.params.id, 'cancel');
      return cancelJob(deps, actorOf(req), req.params.id);
    },
  );
  app.post(
    '/api/v1/jobs/:id/retry',
    {
      schema: {
        tags,
        summary: "Run a finished job's failed devices again, as a new job (operators)",
        params: idParams,
        response: { 202: jobOut, ...errorResponses },
      },
    },
    async (req, reply) => {
      await notInternal(req, req.params.id, 'retry');
      return reply.code(202).send(await retryFailed(deps, actorOf(req), req.params.id));
    },
  );
}
