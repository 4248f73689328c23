import { z } from 'zod';
import { errorResponses, idParams, page } from '../../platform/http/schemas.ts';
import { actorOf, type TypedServer } from '../../platform/http/server.ts';
import type { JobDeps } from '../jobs/service.ts';
import { cancelChange, startCommit, startPreview } from './run.ts';
import {
  changeCreate,
  changeDetailOut,
  changeDeviceOut,
  changeDevicesQuery,
  changeListQuery,
  changeOut,
  changeUpdate,
  decisionIn,
  rollbackDeviceIn,
} from './schemas.ts';
import {
  changeDetail,
  createChange,
  decideChange,
  deleteChange,
  listChangeDevices,
  listChanges,
  rollbackChange,
  rollbackDevice,
  updateChange,
} from './service.ts';

export function changeRoutes(app: TypedServer, deps: JobDeps) {
  const tags = ['changes'];
  const { db } = deps;
  const detail = (req: Parameters<typeof actorOf>[0], id: string) => changeDetail(db, actorOf(req), id);
  app.get(
    '/api/v1/changes',
    {
      schema: {
        tags,
        summary: 'Configuration changes, newest first',
        querystring: changeListQuery,
        response: { 200: page(changeOut), ...errorResponses },
      },
    },
    async (req) => listChanges(db, actorOf(req), req.query),
  );
  app.post(
    '/api/v1/changes',
    {
      schema: {
        tags,
        summary:
          'Draft a change (operators): configuration text or a LiquidJS template, targets, rollout, checks',
        body: changeCreate,
        response: { 201: changeDetailOut, ...errorResponses },
      },
    },
    async (req, reply) => {
      const change = await createChange(db, actorOf(req), req.body);
      return reply.code(201).send(await detail(req, change.id));
    },
  );
  app.get(
    '/api/v1/changes/:id',
    {
      schema: {
        tags,
        summary: 'A change with its approvals',
        params: idParams,
        response: { 200: changeDetailOut, ...errorResponses },
      },
    },
    async (req) => detail(req, req.params.id),
  );
  app.patch(
    '/api/v1/changes/:id',
    {
      schema: {
        tags,
        summary: 'Edit a change (operators); it must be previewed, and approved, again',
        params: idParams,
        body: changeUpdate,
        response: { 200: changeDetailOut, ...errorResponses },
      },
    },
    async (req) => {
      await updateChange(db, actorOf(req), req.params.id, req.body);
      return detail(req, req.params.id);
    },
  );
  app.delete(
    '/api/v1/changes/:id',
    {
      schema: {
        tags,
        summary: 'Delete a change that never ran (operators)',
        params: idParams,
        response: { 204: z.null(), ...errorResponses },
      },
    },
    async (req, reply) => {
      await deleteChange(db, actorOf(req), req.params.id);
      return reply.code(204).send(null);
    },
  );
  app.get(
    '/api/v1/changes/:id/devices',
    {
      schema: {
        tags,
        summary: "Each device's rendered configuration, preview and commit state, in rollout order",
        params: idParams,
        querystring: changeDevicesQuery,
        response: { 200: page(changeDeviceOut), ...errorResponses },
      },
    },
    async (req) => listChangeDevices(db, actorOf(req), req.params.id, req.query),
  );
  const action = (
    path: string,
    summary: string,
    run: (req: Parameters<typeof actorOf>[0] & { params: { id: string } }) => Promise<unknown>,
  ) =>
    app.post(
      `/api/v1/changes/:id/${path}`,
      {
        schema: { tags, summary, params: idParams, response: { 200: changeDetailOut, ...errorResponses } },
      },
      async (req) => {
        await run(req);
        return detail(req, req.params.id);
      },
    );
  action('preview', 'Render and preview the change on every target, applying nothing (operators)', (req) =>
    startPreview(deps, actorOf(req), req.params.id),
  );
  action(
    'commit',
    'Commit the previewed (and, where asked, approved) change: canary, then batches (operators)',
    (req) => startCommit(deps, actorOf(req), req.params.id),
  );
  action('cancel', 'Stop a running change after the devices in flight (operators)', (req) =>
    cancelChange(deps, actorOf(req), req.params.id),
  );
  app.post(
    '/api/v1/changes/:id/rollback',
    {
      schema: {
        tags,
        summary:
          'Draft a change that takes every device this change changed back to its configuration before (operators)',
        params: idParams,
        response: { 201: changeDetailOut, ...errorResponses },
      },
    },
    async (req, reply) => {
      const change = await rollbackChange(db, actorOf(req), req.params.id);
      return reply.code(201).send(await detail(req, change.id));
    },
  );
  app.post(
    '/api/v1/changes/rollback',
    {
      schema: {
        tags,
        summary: 'Draft a change that takes a device back to one of its stored configurations (operators)',
        body: rollbackDeviceIn,
        response: { 201: changeDetailOut, ...errorResponses },
      },
    },
    async (req, reply) => {
      const change = await rollbackDevice(db, actorOf(req), req.body);
      return reply.code(201).send(await detail(req, change.id));
    },
  );
  for (const decision of ['approve', 'reject'] as const)
    app.post(
      `/api/v1/changes/:id/${decision}`,
      {
        schema: {
          tags,
          summary: `${decision === 'approve' ? 'Approve' : 'Reject'} the previewed change (operators other than its author)`,
          params: idParams,
          body: decisionIn,
          response: { 200: changeDetailOut, ...errorResponses },
        },
      },
      async (req) => {
        await decideChange(db, actorOf(req), req.params.id, decision, req.body.comment);
        return detail(req, req.params.id);
      },
    );
}
