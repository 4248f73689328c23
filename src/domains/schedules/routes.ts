import { z } from 'zod';
import type { Db } from '../../platform/db/client.ts';
import { errorResponses, idParams, page } from '../../platform/http/schemas.ts';
import { actorOf, type TypedServer } from '../../platform/http/server.ts';
import type { JobCreate } from '../jobs/schemas.ts';
import { scheduleListQuery, scheduleOut, scheduleSchemas } from './schemas.ts';
import { createSchedule, deleteSchedule, getSchedule, listSchedules, updateSchedule } from './service.ts';

/** `jobCreate`: the job request schema of the job types this process knows (see jobCreateSchema). */
export function scheduleRoutes(app: TypedServer, db: Db, jobCreate: z.ZodType<JobCreate>) {
  const tags = ['schedules'];
  const schemas = scheduleSchemas(jobCreate);
  app.get(
    '/api/v1/schedules',
    {
      schema: {
        tags,
        summary: 'Schedules',
        querystring: scheduleListQuery,
        response: { 200: page(scheduleOut), ...errorResponses },
      },
    },
    async (req) => listSchedules(db, actorOf(req), req.query),
  );
  app.post(
    '/api/v1/schedules',
    {
      schema: {
        tags,
        summary: 'Run a job on cron (with a time zone), every N minutes, or once (operators)',
        body: schemas.create,
        response: { 201: scheduleOut, ...errorResponses },
      },
    },
    async (req, reply) => reply.code(201).send(await createSchedule(db, actorOf(req), req.body)),
  );
  app.get(
    '/api/v1/schedules/:id',
    {
      schema: {
        tags,
        summary: 'A schedule and its next run',
        params: idParams,
        response: { 200: scheduleOut, ...errorResponses },
      },
    },
    async (req) => getSchedule(db, actorOf(req), req.params.id),
  );
  app.patch(
    '/api/v1/schedules/:id',
    {
      schema: {
        tags,
        summary: 'Change a schedule, or enable and disable it (operators)',
        params: idParams,
        body: schemas.update,
        response: { 200: scheduleOut, ...errorResponses },
      },
    },
    async (req) => updateSchedule(db, actorOf(req), req.params.id, req.body),
  );
  app.delete(
    '/api/v1/schedules/:id',
    {
      schema: {
        tags,
        summary: 'Delete a schedule (operators)',
        params: idParams,
        response: { 204: z.null(), ...errorResponses },
      },
    },
    async (req, reply) => {
      await deleteSchedule(db, actorOf(req), req.params.id);
      return reply.code(204).send(null);
    },
  );
}
