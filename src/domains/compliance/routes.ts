import { z } from 'zod';
import { errorResponses, idParams, page } from '../../platform/http/schemas.ts';
import { actorOf, type TypedServer } from '../../platform/http/server.ts';
import { changeOut } from '../changes/schemas.ts';
import type { JobDeps } from '../jobs/service.ts';
import { listHistory } from './history.ts';
import {
  historyOut,
  historyQuery,
  policyCreate,
  policyListQuery,
  policyOut,
  policyTest,
  policyTestOut,
  policyUpdate,
  remediateIn,
  resultListQuery,
  resultOut,
  trendOut,
} from './schemas.ts';
import {
  createPolicy,
  deletePolicy,
  getPolicy,
  listPolicies,
  listResults,
  policyTrend,
  remediate,
  testPolicy,
  updatePolicy,
} from './service.ts';

export function complianceRoutes(app: TypedServer, deps: JobDeps) {
  const tags = ['compliance'];
  const { db } = deps;
  app.get(
    '/api/v1/compliance/policies',
    {
      schema: {
        tags,
        summary: 'Compliance policies, with how many devices comply',
        querystring: policyListQuery,
        response: { 200: page(policyOut), ...errorResponses },
      },
    },
    async (req) => listPolicies(db, actorOf(req), req.query),
  );
  app.post(
    '/api/v1/compliance/policies',
    {
      schema: {
        tags,
        summary: 'Save a policy (YAML) and evaluate it on the devices in its scope (operators)',
        body: policyCreate,
        response: { 201: policyOut, ...errorResponses },
      },
    },
    async (req, reply) => reply.code(201).send(await createPolicy(deps, actorOf(req), req.body)),
  );
  app.post(
    '/api/v1/compliance/policies/test',
    {
      schema: {
        tags,
        summary: 'Evaluate a policy as written on one device’s stored configuration, saving nothing',
        body: policyTest,
        response: { 200: policyTestOut, ...errorResponses },
      },
    },
    async (req) => testPolicy(db, actorOf(req), req.body),
  );
  app.get(
    '/api/v1/compliance/policies/:id',
    {
      schema: {
        tags,
        summary: 'A policy and its source',
        params: idParams,
        response: { 200: policyOut, ...errorResponses },
      },
    },
    async (req) => getPolicy(db, actorOf(req), req.params.id),
  );
  app.get(
    '/api/v1/compliance/policies/:id/trend',
    {
      schema: {
        tags,
        summary: 'The last 30 days: devices with results and how many complied each day',
        params: idParams,
        response: { 200: trendOut, ...errorResponses },
      },
    },
    async (req) => policyTrend(db, actorOf(req), req.params.id),
  );
  app.put(
    '/api/v1/compliance/policies/:id',
    {
      schema: {
        tags,
        summary: 'Replace a policy’s source and evaluate it again (operators)',
        params: idParams,
        body: policyUpdate,
        response: { 200: policyOut, ...errorResponses },
      },
    },
    async (req) => updatePolicy(deps, actorOf(req), req.params.id, req.body),
  );
  app.delete(
    '/api/v1/compliance/policies/:id',
    {
      schema: {
        tags,
        summary: 'Delete a policy and its results (operators)',
        params: idParams,
        response: { 204: z.null(), ...errorResponses },
      },
    },
    async (req, reply) => {
      await deletePolicy(db, actorOf(req), req.params.id);
      return reply.code(204).send(null);
    },
  );
  app.get(
    '/api/v1/compliance/results',
    {
      schema: {
        tags,
        summary: 'Results per device × policy × rule, failing first, with findings and the fix',
        querystring: resultListQuery,
        response: { 200: page(resultOut), ...errorResponses },
      },
    },
    async (req) => listResults(db, actorOf(req), req.query),
  );
  app.get(
    '/api/v1/compliance/history',
    {
      schema: {
        tags,
        summary: 'Each time a device’s rule changed status (started or stopped complying), newest first',
        querystring: historyQuery,
        response: { 200: page(historyOut), ...errorResponses },
      },
    },
    async (req) => listHistory(db, actorOf(req), req.query),
  );
  app.post(
    '/api/v1/compliance/remediate',
    {
      schema: {
        tags,
        summary: 'A draft change with each device’s fix for its failing rules, ready for preview (operators)',
        body: remediateIn,
        response: { 201: changeOut, ...errorResponses },
      },
    },
    async (req, reply) => reply.code(201).send(await remediate(deps, actorOf(req), req.body)),
  );
}
