import { z } from 'zod';
import type { Db } from '../../platform/db/client.ts';
import { errorResponses, page, pageQuery } from '../../platform/http/schemas.ts';
import { actorOf, type TypedServer } from '../../platform/http/server.ts';
import { auditEvent } from './schemas.ts';
import { listAudit } from './service.ts';

export function auditRoutes(app: TypedServer, db: Db) {
  app.get(
    '/api/v1/audit',
    {
      schema: {
        tags: ['audit'],
        summary: 'Audit trail of changes and logins, newest first (admins)',
        querystring: z.strictObject({
          ...pageQuery,
          customerId: z.uuid().optional(),
          action: z.string().max(100).optional(),
          actor: z.string().max(100).optional(),
          since: z.coerce.date().optional(),
          before: z.coerce.date().optional(),
        }),
        response: { 200: page(auditEvent), ...errorResponses },
      },
    },
    async (req) => listAudit(db, actorOf(req), req.query),
  );
}
