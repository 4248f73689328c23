import { z } from 'zod';
import type { Db } from '../../platform/db/client.ts';
import { errorResponses, idParams, page, pageQuery } from '../../platform/http/schemas.ts';
import { actorOf, type TypedServer } from '../../platform/http/server.ts';
import { ROLES } from '../../platform/tenancy.ts';
import { password, userCreate, userOut, userUpdate } from './schemas.ts';
import { createUser, deleteUser, getUser, listUsers, setUserPassword, updateUser } from './service.ts';

export function userRoutes(app: TypedServer, db: Db) {
  const tags = ['users'];
  app.get(
    '/api/v1/users',
    {
      schema: {
        tags,
        summary: 'Users you manage (admins)',
        querystring: z.strictObject({
          ...pageQuery,
          q: z.string().max(100).optional(),
          role: z.enum(ROLES).optional(),
        }),
        response: { 200: page(userOut), ...errorResponses },
      },
    },
    async (req) => listUsers(db, actorOf(req), req.query),
  );
  app.post(
    '/api/v1/users',
    {
      schema: {
        tags,
        summary: 'Create a user',
        body: userCreate,
        response: { 201: userOut, ...errorResponses },
      },
    },
    async (req, reply) => reply.code(201).send(await createUser(db, actorOf(req), req.body)),
  );
  app.get(
    '/api/v1/users/:id',
    {
      schema: { tags, summary: 'One user', params: idParams, response: { 200: userOut, ...errorResponses } },
    },
    async (req) => getUser(db, actorOf(req), req.params.id),
  );
  app.patch(
    '/api/v1/users/:id',
    {
      schema: {
        tags,
        summary: 'Change a user; customerIds replaces the memberships',
        params: idParams,
        body: userUpdate,
        response: { 200: userOut, ...errorResponses },
      },
    },
    async (req) => updateUser(db, actorOf(req), req.params.id, req.body),
  );
  app.post(
    '/api/v1/users/:id/password',
    {
      schema: {
        tags,
        summary: "Reset a user's password; their sessions end",
        params: idParams,
        body: z.strictObject({ password }),
        response: { 204: z.null(), ...errorResponses },
      },
    },
    async (req, reply) => {
      await setUserPassword(db, actorOf(req), req.params.id, req.body.password);
      return reply.code(204).send(null);
    },
  );
  app.delete(
    '/api/v1/users/:id',
    {
      schema: {
        tags,
        summary: 'Delete a user',
        params: idParams,
        response: { 204: z.null(), ...errorResponses },
      },
    },
    async (req, reply) => {
      await deleteUser(db, actorOf(req), req.params.id);
      return reply.code(204).send(null);
    },
  );
}
