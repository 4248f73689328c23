import { z } from 'zod';
import type { Db } from '../../platform/db/client.ts';
import { errorResponses, idParams, page, pageQuery } from '../../platform/http/schemas.ts';
import { actorOf, type TypedServer } from '../../platform/http/server.ts';
import type { SecretBox } from '../../platform/secrets.ts';
import { createChannel, deleteChannel, getChannel, listChannels, updateChannel } from './channels.ts';
import { getDelivery, listDeliveries, retryDelivery } from './deliveries.ts';
import type { PublicLinks } from './dispatcher.ts';
import { createRule, deleteRule, getRule, listRules, updateRule } from './rules.ts';
import {
  channelCreate,
  channelOut,
  channelUpdate,
  deliveryListQuery,
  deliveryOut,
  ruleCreate,
  ruleOut,
  ruleUpdate,
  testResult,
} from './schemas.ts';
import { sendTest } from './send-test.ts';

export type NotificationRouteDeps = { db: Db; secrets: SecretBox; links: PublicLinks };

export function notificationRoutes(app: TypedServer, deps: NotificationRouteDeps) {
  const { db, secrets } = deps;
  const tags = ['notifications'];
  const customerQuery = z.strictObject({ ...pageQuery, customerId: z.uuid().optional() });

  app.get(
    '/api/v1/notification-channels',
    {
      schema: {
        tags,
        summary: 'Notification channels (secrets are write-only)',
        querystring: customerQuery,
        response: { 200: page(channelOut), ...errorResponses },
      },
    },
    async (req) => listChannels(db, actorOf(req), req.query),
  );
  app.post(
    '/api/v1/notification-channels',
    {
      schema: {
        tags,
        summary: 'Create a webhook, Slack or email channel (admins)',
        body: channelCreate,
        response: { 201: channelOut, ...errorResponses },
      },
    },
    async (req, reply) => reply.code(201).send(await createChannel(db, secrets, actorOf(req), req.body)),
  );
  app.get(
    '/api/v1/notification-channels/:id',
    {
      schema: {
        tags,
        summary: 'One channel',
        params: idParams,
        response: { 200: channelOut, ...errorResponses },
      },
    },
    async (req) => getChannel(db, actorOf(req), req.params.id),
  );
  app.patch(
    '/api/v1/notification-channels/:id',
    {
      schema: {
        tags,
        summary: 'Change a channel (admins); enabled: true turns one webnet disabled back on',
        params: idParams,
        body: channelUpdate,
        response: { 200: channelOut, ...errorResponses },
      },
    },
    async (req) => updateChannel(db, secrets, actorOf(req), req.params.id, req.body),
  );
  app.delete(
    '/api/v1/notification-channels/:id',
    {
      schema: {
        tags,
        summary: 'Delete a channel, its rules and its delivery log (admins)',
        params: idParams,
        response: { 204: z.null(), ...errorResponses },
      },
    },
    async (req, reply) => {
      await deleteChannel(db, actorOf(req), req.params.id);
      return reply.code(204).send(null);
    },
  );
  app.post(
    '/api/v1/notification-channels/:id/test',
    {
      schema: {
        tags,
        summary: 'Send a test notification now and answer with the outcome (operators)',
        params: idParams,
        response: { 200: testResult, ...errorResponses },
      },
    },
    async (req) => sendTest(db, secrets, actorOf(req), req.params.id, deps.links.base),
  );

  app.get(
    '/api/v1/notification-rules',
    {
      schema: {
        tags,
        summary: 'Which events go to which channel',
        querystring: customerQuery.extend({ channelId: z.uuid().optional() }),
        response: { 200: page(ruleOut), ...errorResponses },
      },
    },
    async (req) => listRules(db, actorOf(req), req.query),
  );
  app.post(
    '/api/v1/notification-rules',
    {
      schema: {
        tags,
        summary: 'Create a rule (admins)',
        body: ruleCreate,
        response: { 201: ruleOut, ...errorResponses },
      },
    },
    async (req, reply) => reply.code(201).send(await createRule(db, actorOf(req), req.body)),
  );
  app.get(
    '/api/v1/notification-rules/:id',
    {
      schema: { tags, summary: 'One rule', params: idParams, response: { 200: ruleOut, ...errorResponses } },
    },
    async (req) => getRule(db, actorOf(req), req.params.id),
  );
  app.patch(
    '/api/v1/notification-rules/:id',
    {
      schema: {
        tags,
        summary: 'Change a rule (admins)',
        params: idParams,
        body: ruleUpdate,
        response: { 200: ruleOut, ...errorResponses },
      },
    },
    async (req) => updateRule(db, actorOf(req), req.params.id, req.body),
  );
  app.delete(
    '/api/v1/notification-rules/:id',
    {
      schema: {
        tags,
        summary: 'Delete a rule (admins)',
        params: idParams,
        response: { 204: z.null(), ...errorResponses },
      },
    },
    async (req, reply) => {
      await deleteRule(db, actorOf(req), req.params.id);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/v1/notification-deliveries',
    {
      schema: {
        tags,
        summary: 'The delivery log: every notification sent or being sent, with its attempts',
        querystring: deliveryListQuery,
        response: { 200: page(deliveryOut), ...errorResponses },
      },
    },
    async (req) => listDeliveries(db, actorOf(req), req.query),
  );
  app.get(
    '/api/v1/notification-deliveries/:id',
    {
      schema: {
        tags,
        summary: 'One delivery',
        params: idParams,
        response: { 200: deliveryOut, ...errorResponses },
      },
    },
    async (req) => getDelivery(db, actorOf(req), req.params.id),
  );
  app.post(
    '/api/v1/notification-deliveries/:id/retry',
    {
      schema: {
        tags,
        summary: 'Queue a failed delivery again (operators)',
        params: idParams,
        response: { 200: deliveryOut, ...errorResponses },
      },
    },
    async (req) => retryDelivery(db, actorOf(req), req.params.id),
  );
}
