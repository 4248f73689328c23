import { z } from 'zod';
import type { Db } from '../../platform/db/client.ts';
import { errorResponses, page, pageQuery, queryBool } from '../../platform/http/schemas.ts';
import { actorOf, type TypedServer } from '../../platform/http/server.ts';
import { linkOut } from './schemas.ts';
import { listLinks } from './service.ts';

export function topologyRoutes(app: TypedServer, db: Db) {
  app.get(
    '/api/v1/topology/links',
    {
      schema: {
        tags: ['topology'],
        summary: 'LLDP and CDP links found by topology discovery',
        querystring: z.strictObject({
          ...pageQuery,
          pageSize: z.coerce.number().int().min(1).max(5000).default(500),
          deviceId: z.uuid().optional(),
          customerId: z.uuid().optional(),
          stale: queryBool.optional(),
        }),
        response: { 200: page(linkOut), ...errorResponses },
      },
    },
    async (req) => listLinks(db, actorOf(req), req.query),
  );
}
