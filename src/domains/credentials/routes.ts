import { z } from 'zod';
import type { Db } from '../../platform/db/client.ts';
import { errorResponses, idParams, page, pageQuery } from '../../platform/http/schemas.ts';
import { actorOf, type TypedServer } from '../../platform/http/server.ts';
import type { SecretBox } from '../../platform/secrets.ts';
import { credentialFields, credentialOut } from './schemas.ts';
import {
  createCredential,
  deleteCredential,
  getCredential,
  listCredentials,
  updateCredential,
} from './service.ts';

export function credentialRoutes(app: TypedServer, db: Db, box: SecretBox) {
  const tags = ['credentials'];
  app.get(
    '/api/v1/credentials',
    {
      schema: {
        tags,
        summary: 'Device credentials (secrets are write-only)',
        querystring: z.strictObject({
          ...pageQuery,
          customerId: z.uuid().optional(),
          q: z.string().max(100).optional(),
        }),
        response: { 200: page(credentialOut), ...errorResponses },
      },
    },
    async (req) => listCredentials(db, actorOf(req), req.query),
  );
  app.post(
    '/api/v1/credentials',
    {
      schema: {
        tags,
        summary: 'Create a credential (admins)',
        body: z.strictObject({ customerId: z.uuid(), ...credentialFields }),
        response: { 201: credentialOut, ...errorResponses },
      },
    },
    async (req, reply) => reply.code(201).send(await createCredential(db, box, actorOf(req), req.body)),
  );
  app.get(
    '/api/v1/credentials/:id',
    {
      schema: {
        tags,
        summary: 'One credential',
        params: idParams,
        response: { 200: credentialOut, ...errorResponses },
      },
    },
    async (req) => getCredential(db, actorOf(req), req.params.id),
  );
  app.patch(
    '/api/v1/credentials/:id',
    {
      schema: {
        tags,
        summary: 'Change a credential; a secret left out is kept, null clears it',
        params: idParams,
        body: z.strictObject(credentialFields).partial(),
        response: { 200: credentialOut, ...errorResponses },
      },
    },
    async (req) => updateCredential(db, box, actorOf(req), req.params.id, req.body),
  );
  app.delete(
    '/api/v1/credentials/:id',
    {
      schema: {
        tags,
        summary: 'Delete a credential',
        params: idParams,
        response: { 204: z.null(), ...errorResponses },
      },
    },
    async (req, reply) => {
      await deleteCredential(db, actorOf(req), req.params.id);
      return reply.code(204).send(null);
    },
  );
}
