import { z } from 'zod';
import { errorResponses, idParams, page } from '../../platform/http/schemas.ts';
import { actorOf, type TypedServer } from '../../platform/http/server.ts';
import { refuseCrossOrigin } from '../../platform/http/websocket.ts';
import { requireRole } from '../../platform/tenancy.ts';
import { getDevice } from '../devices/service.ts';
import { runTerminal, type TerminalDeps } from './live.ts';
import { terminalQuery, terminalSessionOut, terminalSessionQuery } from './schemas.ts';
import { getRecording, getSession, listSessions } from './service.ts';

export function terminalRoutes(app: TypedServer, deps: TerminalDeps) {
  const { db } = deps;
  app.get(
    '/ws/devices/:id/terminal',
    {
      websocket: true,
      schema: { hide: true, params: idParams, querystring: terminalQuery },
      // Before the upgrade, so a refusal is a plain HTTP answer: 403 for a viewer, 404 for a
      // device of another customer (as for one that does not exist).
      preHandler: async (req) => {
        const actor = actorOf(req);
        refuseCrossOrigin(req, actor);
        requireRole(actor, 'operator');
        await getDevice(db, actor, (req.params as { id: string }).id);
      },
    },
    async (socket, req) => {
      const { id } = req.params as { id: string };
      const size = terminalQuery.parse(req.query);
      try {
        await runTerminal(socket, req, actorOf(req), id, size, deps);
      } catch (err) {
        req.log.error({ err }, 'terminal failed');
        if (socket.readyState === socket.OPEN) socket.close(1011, 'the terminal failed');
      }
    },
  );

  const tags = ['terminal'];
  app.get(
    '/api/v1/terminal-sessions',
    {
      schema: {
        tags,
        summary: 'Browser terminal sessions and their recordings (operators), newest first',
        querystring: terminalSessionQuery,
        response: { 200: page(terminalSessionOut), ...errorResponses },
      },
    },
    async (req) => listSessions(db, actorOf(req), req.query),
  );
  app.get(
    '/api/v1/terminal-sessions/:id',
    {
      schema: {
        tags,
        summary: 'One terminal session',
        params: idParams,
        response: { 200: terminalSessionOut, ...errorResponses },
      },
    },
    async (req) => getSession(db, actorOf(req), req.params.id),
  );
  app.get(
    '/api/v1/terminal-sessions/:id/recording',
    {
      schema: {
        tags,
        summary:
          "The session's recording as an asciicast v2 file (asciinema plays it); ?download=true to save it",
        params: idParams,
        querystring: z.strictObject({ download: z.enum(['true', 'false']).default('false') }),
        produces: ['application/x-asciicast'],
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      const session = await getSession(db, actor, req.params.id);
      const cast = await getRecording(db, actor, req.params.id);
      reply.header('content-type', 'application/x-asciicast');
      if (req.query.download === 'true') {
        const at = session.startedAt.toISOString().slice(0, 19).replace(/[:T]/g, '-');
        reply.header('content-disposition', `attachment; filename="${session.hostname}-${at}.cast"`);
      }
      return reply.send(cast);
    },
  );
}
