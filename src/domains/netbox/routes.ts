import { z } from 'zod';
import type { Db } from '../../platform/db/client.ts';
import { errorResponses, idParams } from '../../platform/http/schemas.ts';
import { actorOf, type TypedServer } from '../../platform/http/server.ts';
import type { SecretBox } from '../../platform/secrets.ts';
import { netboxSourceIn, netboxSourceOut } from './schemas.ts';
import { deleteNetboxSource, findNetboxSource, putNetboxSource } from './service.ts';

/**
 * A customer's NetBox source. Syncs are jobs (`POST /jobs` with type `netbox_sync`, or a
 * schedule), so they queue, stream, retry and keep their history as every job does.
 */
export function netboxRoutes(app: TypedServer, db: Db, secrets: SecretBox) {
  const tags = ['netbox'];
  app.get(
    '/api/v1/customers/:id/netbox',
    {
      schema: {
        tags,
        summary: "The customer's NetBox source, null when it has none (the token is write-only)",
        params: idParams,
        response: { 200: netboxSourceOut.nullable(), ...errorResponses },
      },
    },
    async (req) => findNetboxSource(db, actorOf(req), req.params.id),
  );
  app.put(
    '/api/v1/customers/:id/netbox',
    {
      schema: {
        tags,
        summary: "Set the customer's NetBox source (admins)",
        params: idParams,
        body: netboxSourceIn,
        response: { 200: netboxSourceOut, ...errorResponses },
      },
    },
    async (req) => putNetboxSource(db, secrets, actorOf(req), req.params.id, req.body),
  );
  app.delete(
    '/api/v1/customers/:id/netbox',
    {
      schema: {
        tags,
        summary: 'Remove the NetBox source (admins); synced devices stay',
        params: idParams,
        response: { 204: z.null(), ...errorResponses },
      },
    },
    async (req, reply) => {
      await deleteNetboxSource(db, actorOf(req), req.params.id);
      return reply.code(204).send(null);
    },
  );
}
