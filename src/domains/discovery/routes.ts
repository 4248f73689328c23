import { z } from 'zod';
import type { Db } from '../../platform/db/client.ts';
import { errorResponses, page, pageQuery } from '../../platform/http/schemas.ts';
import { actorOf, type TypedServer } from '../../platform/http/server.ts';
import { tag } from '../devices/schemas.ts';
import { addDiscovered, listDiscovered } from './service.ts';
import { DISCOVERY_MATCHES, DISCOVERY_STATUSES } from './table.ts';

const tags = ['discovery'];

const discoveredOut = z.object({
  id: z.string(),
  jobId: z.string(),
  customerId: z.string(),
  address: z.string(),
  port: z.number(),
  transport: z.enum(['ssh', 'telnet']),
  banner: z.string(),
  platform: z.string().describe('detected; empty when no credential logged in'),
  hostname: z.string(),
  serial: z.string(),
  model: z.string(),
  osVersion: z.string(),
  credentialName: z.string().nullable().describe('the credential that logged in'),
  note: z.string().describe('why it could not be read further'),
  status: z.enum(DISCOVERY_STATUSES).describe('new, or known: the inventory already has it'),
  match: z.enum(DISCOVERY_MATCHES).nullable().describe('how a known one was matched'),
  matchedDeviceId: z.string().nullable(),
  addedDeviceId: z.string().nullable(),
  discoveredAt: z.date(),
});

/** What network_discovery jobs found, and adding it to the inventory. Scoped by customer like devices. */
export function discoveryRoutes(app: TypedServer, db: Db) {
  app.get(
    '/api/v1/discovery',
    {
      schema: {
        tags,
        summary: 'Devices found by network_discovery jobs, new or already in the inventory',
        querystring: z.strictObject({
          ...pageQuery,
          jobId: z.uuid().optional(),
          customerId: z.uuid().optional(),
          status: z.enum(DISCOVERY_STATUSES).optional(),
        }),
        response: { 200: page(discoveredOut), ...errorResponses },
      },
    },
    async (req) => listDiscovered(db, actorOf(req), req.query),
  );
  app.post(
    '/api/v1/discovery/add',
    {
      schema: {
        tags,
        summary: 'Add found devices to the inventory in one step (operators)',
        body: z.strictObject({
          ids: z.array(z.uuid()).min(1).max(1000),
          role: z
            .string()
            .trim()
            .max(64)
            .regex(/^[A-Za-z0-9._/-]*$/)
            .optional(),
          site: z.string().trim().max(100).optional(),
          tags: z.array(tag).max(50).optional(),
        }),
        response: {
          200: z.object({
            added: z.array(z.object({ id: z.string(), deviceId: z.string(), hostname: z.string() })),
            skipped: z.array(z.object({ id: z.string(), reason: z.string() })),
          }),
          ...errorResponses,
        },
      },
    },
    async (req) => addDiscovered(db, actorOf(req), req.body),
  );
}
