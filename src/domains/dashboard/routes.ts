import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Db } from '../../platform/db/client.ts';
import { errorResponses } from '../../platform/http/schemas.ts';
import { actorOf, type TypedServer } from '../../platform/http/server.ts';
import { type Actor, assertCustomerVisible } from '../../platform/tenancy.ts';
import { facetsOut } from '../devices/schemas.ts';
import { customerQuery } from './schemas.ts';
import { dashboardSummary } from './service.ts';

/** The actor, once a customer it asks about is one it sees (else the 404 a missing customer gets). */
function visible(req: FastifyRequest<{ Querystring: { customerId?: string } }>): Actor {
  const actor = actorOf(req);
  if (req.query.customerId) assertCustomerVisible(actor, req.query.customerId);
  return actor;
}

export function dashboardRoutes(app: TypedServer, db: Db) {
  app.get(
    '/api/v1/dashboard',
    {
      schema: {
        tags: ['dashboard'],
        summary: 'Inventory, backup and configuration-change figures for the dashboard',
        querystring: customerQuery,
        response: {
          200: z.object({
            generatedAt: z.date(),
            devices: facetsOut,
            backups: z.object({
              backedUp: z.number().int().describe('devices with a stored configuration'),
              within24h: z.number().int().describe('devices a backup looked at in the last 24 hours'),
              never: z.number().int().describe('devices never backed up'),
              lastAttempt: z
                .object({ success: z.number().int(), failed: z.number().int() })
                .describe("each device's latest backup attempt of the last 7 days"),
            }),
            changes: z.object({
              total: z.number().int().describe('configuration changes in the last 24 hours'),
              byHour: z.array(z.object({ hour: z.string(), count: z.number().int() })),
              latest: z.array(
                z.object({
                  snapshotId: z.string(),
                  deviceId: z.string(),
                  hostname: z.string(),
                  createdAt: z.date(),
                }),
              ),
            }),
          }),
          ...errorResponses,
        },
      },
    },
    async (req) => dashboardSummary(db, visible(req), req.query.customerId),
  );
}
