import { Readable } from 'node:stream';
import { z } from 'zod';
import type { Db } from '../../platform/db/client.ts';
import { errorResponses, idParams, page, pageQuery } from '../../platform/http/schemas.ts';
import { actorOf, type TypedServer } from '../../platform/http/server.ts';
import { hostnamesOf } from '../devices/service.ts';
import { gitFastImport } from './git-export.ts';
import { diffOut, diffQuery, searchQuery, side, snapshotMeta, snapshotOut } from './schemas.ts';
import { diffSnapshots, getSnapshot, getSnapshotView, listSnapshots, searchConfigs } from './service.ts';

export function configRoutes(app: TypedServer, db: Db) {
  const tags = ['configs'];
  app.get(
    '/api/v1/customers/:id/configs/git',
    {
      schema: {
        tags,
        summary: "A customer's configuration history as a git repository (fast-import stream)",
        description:
          'One commit per change, oldest first; author is the user who ran the job, the message is the job id. ' +
          'git init repo && curl -H "Authorization: Bearer …" …/git | git -C repo fast-import --done && git -C repo checkout main',
        params: idParams,
        produces: ['application/octet-stream'],
      },
    },
    async (req, reply) => {
      const stream = gitFastImport(db, actorOf(req), req.params.id);
      // The first chunk checks access, so a refusal is still a plain 404 and not a broken stream.
      const first = await stream.next();
      const body = Readable.from(
        (async function* () {
          if (!first.done) yield first.value;
          yield* stream;
        })(),
      );
      return reply
        .type('application/octet-stream')
        .header('content-disposition', 'attachment; filename="configs.fast-import"')
        .send(body);
    },
  );
  app.get(
    '/api/v1/devices/:id/configs',
    {
      schema: {
        tags,
        summary: "A device's configuration history, newest first (without the text)",
        params: idParams,
        querystring: z.strictObject(pageQuery),
        response: { 200: page(snapshotMeta), ...errorResponses },
      },
    },
    async (req) => listSnapshots(db, actorOf(req), req.params.id, req.query),
  );
  app.get(
    '/api/v1/devices/:id/configs/diff',
    {
      schema: {
        tags,
        summary: "Diff of a device's configuration: by default its latest change",
        params: idParams,
        querystring: z.strictObject(diffQuery),
        response: { 200: diffOut, ...errorResponses },
      },
    },
    async (req) => diffSnapshots(db, actorOf(req), { deviceId: req.params.id, ...req.query }),
  );
  app.get(
    '/api/v1/configs/diff',
    {
      schema: {
        tags,
        summary: 'Diff between any two snapshots, unified and side by side',
        querystring: z.strictObject({ ...diffQuery, to: z.uuid() }),
        response: { 200: diffOut, ...errorResponses },
      },
    },
    async (req) => diffSnapshots(db, actorOf(req), req.query),
  );
  app.get(
    '/api/v1/configs/search',
    {
      schema: {
        tags,
        summary: "Search every device's latest configuration (text or regular expression)",
        querystring: searchQuery,
        response: {
          200: page(
            z.object({
              deviceId: z.string(),
              hostname: z.string(),
              customerId: z.string(),
              snapshotId: z.string(),
              changedAt: z.date(),
              matchCount: z.number(),
              lines: z.array(side),
            }),
          ).extend({
            indexPending: z
              .number()
              .describe(
                'latest configs the search index has not reached yet (they are searched all the same)',
              ),
          }),
          ...errorResponses,
        },
      },
    },
    async (req) => searchConfigs(db, actorOf(req), req.query),
  );
  app.get(
    '/api/v1/configs/:id',
    {
      schema: {
        tags,
        summary: 'One snapshot, with its text',
        params: idParams,
        response: { 200: snapshotOut, ...errorResponses },
      },
    },
    async (req) => getSnapshotView(db, actorOf(req), req.params.id),
  );
  app.get(
    '/api/v1/configs/:id/raw',
    {
      schema: {
        tags,
        summary: 'One snapshot as a text file download',
        params: idParams,
        response: { 200: z.string(), ...errorResponses },
      },
    },
    async (req, reply) => {
      const snap = await getSnapshot(db, actorOf(req), req.params.id);
      const hostname = (await hostnamesOf(db, [snap.deviceId])).get(snap.deviceId) ?? snap.deviceId;
      const stamp = snap.createdAt.toISOString().replace(/[:.]/g, '-');
      return reply
        .type('text/plain; charset=utf-8')
        .header('content-disposition', `attachment; filename="${hostname}_${stamp}.cfg"`)
        .send(snap.config);
    },
  );
}
