import { z } from 'zod';
import type { Db } from '../../platform/db/client.ts';
import { errorResponses, page, pageQuery, queryBool } from '../../platform/http/schemas.ts';
import { actorOf, type TypedServer } from '../../platform/http/server.ts';
import { listLinks } from './service.ts';
import { LINK_PROTOCOLS } from './table.ts';

const linkOut = z.object({
  id: z.string(),
  customerId: z.string(),
  localDeviceId: z.string(),
  localName: z.string().describe('hostname of the device that reported the link'),
  localInterface: z.string(),
  remoteDeviceId: z.string().nullable().describe('set when the neighbour is a device of the inventory'),
  remoteName: z.string(),
  remoteInterface: z.string(),
  protocol: z.enum(LINK_PROTOCOLS),
  stale: z.boolean().describe('no longer reported by the last discovery of its device'),
  firstSeenAt: z.date(),
  lastSeenAt: z.date(),
  jobId: z.string().nullable(),
});

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
