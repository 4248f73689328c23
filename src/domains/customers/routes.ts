import { z } from 'zod';
import type { Db } from '../../platform/db/client.ts';
import { errorResponses, idParams, label, page, pageQuery } from '../../platform/http/schemas.ts';
import { actorOf, type TypedServer } from '../../platform/http/server.ts';
import { cidr, customerIn, customerOut, customerPatch, ipRangeOut } from './schemas.ts';
import {
  addIpRange,
  createCustomer,
  deleteCustomer,
  deleteIpRange,
  getCustomer,
  listCustomers,
  listIpRanges,
  updateCustomer,
} from './service.ts';

export function customerRoutes(app: TypedServer, db: Db) {
  const tags = ['customers'];
  app.get(
    '/api/v1/customers',
    {
      schema: {
        tags,
        summary: 'Customers you can see',
        querystring: z.strictObject({ ...pageQuery, q: z.string().max(100).optional() }),
        response: { 200: page(customerOut), ...errorResponses },
      },
    },
    async (req) => listCustomers(db, actorOf(req), req.query),
  );
  app.post(
    '/api/v1/customers',
    {
      schema: {
        tags,
        summary: 'Create a customer (global admins)',
        body: customerIn,
        response: { 201: customerOut, ...errorResponses },
      },
    },
    async (req, reply) => reply.code(201).send(await createCustomer(db, actorOf(req), req.body)),
  );
  app.get(
    '/api/v1/customers/:id',
    {
      schema: {
        tags,
        summary: 'One customer',
        params: idParams,
        response: { 200: customerOut, ...errorResponses },
      },
    },
    async (req) => getCustomer(db, actorOf(req), req.params.id),
  );
  app.patch(
    '/api/v1/customers/:id',
    {
      schema: {
        tags,
        summary: 'Rename or describe a customer',
        params: idParams,
        body: customerPatch,
        response: { 200: customerOut, ...errorResponses },
      },
    },
    async (req) => updateCustomer(db, actorOf(req), req.params.id, req.body),
  );
  app.delete(
    '/api/v1/customers/:id',
    {
      schema: {
        tags,
        summary: 'Delete a customer and everything it owns (global admins)',
        params: idParams,
        response: { 204: z.null(), ...errorResponses },
      },
    },
    async (req, reply) => {
      await deleteCustomer(db, actorOf(req), req.params.id);
      return reply.code(204).send(null);
    },
  );
  app.get(
    '/api/v1/customers/:id/ip-ranges',
    {
      schema: {
        tags,
        summary: "A customer's management IP ranges",
        params: idParams,
        response: { 200: z.array(ipRangeOut), ...errorResponses },
      },
    },
    async (req) => listIpRanges(db, actorOf(req), req.params.id),
  );
  app.post(
    '/api/v1/customers/:id/ip-ranges',
    {
      schema: {
        tags,
        summary: 'Add an IP range',
        params: idParams,
        body: z.strictObject({ cidr, description: label(500).default('') }),
        response: { 201: ipRangeOut, ...errorResponses },
      },
    },
    async (req, reply) => reply.code(201).send(await addIpRange(db, actorOf(req), req.params.id, req.body)),
  );
  app.delete(
    '/api/v1/customers/:id/ip-ranges/:rangeId',
    {
      schema: {
        tags,
        summary: 'Remove an IP range',
        params: z.strictObject({ id: z.uuid(), rangeId: z.uuid() }),
        response: { 204: z.null(), ...errorResponses },
      },
    },
    async (req, reply) => {
      await deleteIpRange(db, actorOf(req), req.params.id, req.params.rangeId);
      return reply.code(204).send(null);
    },
  );
}
