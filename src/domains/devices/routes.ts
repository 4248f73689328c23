import { z } from 'zod';
import type { Db } from '../../platform/db/client.ts';
import { errorResponses, idParams, page, queryBool } from '../../platform/http/schemas.ts';
import { actorOf, type TypedServer } from '../../platform/http/server.ts';
import { startedStream } from '../../platform/http/stream.ts';
import { assertCustomerVisible } from '../../platform/tenancy.ts';
import { exportDevicesCsv } from './export.ts';
import { deviceFilterQuery, withBackupState } from './filter.ts';
import { importDevicesCsv } from './import.ts';
import { deviceFacets } from './list-index/facets.ts';
import { bulkAction, deviceCreate, deviceListQuery, deviceOut, deviceUpdate, facetsOut } from './schemas.ts';
import { bulkDevices, createDevice, deleteDevice, getDevice, listDevices, updateDevice } from './service.ts';

const importReport = z.object({
  dryRun: z.boolean(),
  ok: z.boolean(),
  total: z.number(),
  created: z.number(),
  updated: z.number(),
  unchanged: z.number(),
  rows: z.array(
    z.object({
      line: z.number(),
      hostname: z.string(),
      action: z.enum(['create', 'update', 'unchanged', 'error']),
    }),
  ),
  errors: z.array(z.object({ line: z.number(), field: z.string(), message: z.string() })),
});

export function deviceRoutes(app: TypedServer, db: Db) {
  const tags = ['devices'];
  app.get(
    '/api/v1/devices',
    {
      schema: {
        tags,
        summary: 'Devices: search, filter, sort, paginate',
        querystring: deviceListQuery,
        response: { 200: page(deviceOut), ...errorResponses },
      },
    },
    async (req) => {
      const found = await listDevices(db, actorOf(req), req.query);
      const now = Date.now();
      return { ...found, items: found.items.map((d) => withBackupState(d, now)) };
    },
  );
  app.post(
    '/api/v1/devices',
    {
      schema: {
        tags,
        summary: 'Add a device (operators)',
        body: deviceCreate,
        response: { 201: deviceOut, ...errorResponses },
      },
    },
    async (req, reply) =>
      reply.code(201).send(withBackupState(await createDevice(db, actorOf(req), req.body))),
  );
  app.get(
    '/api/v1/devices/facets',
    {
      schema: {
        tags,
        summary: 'The filter choices: device counts per vendor, platform, role, site, tag and reachability',
        description:
          "Takes the list's filters: each field's counts are narrowed by the other fields (tags, which a device must all carry, by every filter).",
        querystring: z.strictObject(deviceFilterQuery),
        response: { 200: facetsOut, ...errorResponses },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      // Another customer's id answers as a missing customer does, as on the dashboard.
      for (const id of req.query.customerId ?? []) assertCustomerVisible(actor, id);
      return deviceFacets(db, actor, req.query);
    },
  );
  app.get(
    '/api/v1/devices/export',
    {
      schema: {
        tags,
        summary: 'Devices as CSV (the import format), with the same filters as the list',
        querystring: z.strictObject(deviceFilterQuery),
        produces: ['text/csv'],
      },
    },
    async (req, reply) => {
      const body = await startedStream(exportDevicesCsv(db, actorOf(req), req.query));
      reply.header('content-type', 'text/csv; charset=utf-8');
      reply.header('content-disposition', 'attachment; filename="devices.csv"');
      return reply.send(body);
    },
  );
  app.post(
    '/api/v1/devices/import',
    {
      schema: {
        tags,
        summary: 'Import devices from CSV (text/csv body). All rows or none; dryRun=true only reports',
        description:
          'Columns: hostname, mgmt_ip (required), customer (by name; else customerId), port, vendor, platform, role, site, tags (;-separated), credential (by name), enabled, legacy_ssh, transport (ssh or telnet; port 23 by default for telnet), description. Existing hostnames are updated.',
        querystring: z.strictObject({ customerId: z.uuid().optional(), dryRun: queryBool.default(false) }),
        consumes: ['text/csv'],
        body: z.string().max(50 * 1024 * 1024),
        response: {
          200: importReport,
          ...errorResponses,
          400: errorResponses[400].extend({ report: importReport.optional() }),
        },
      },
    },
    async (req, reply) => {
      const report = await importDevicesCsv(db, actorOf(req), {
        csv: req.body,
        customerId: req.query.customerId,
        dryRun: req.query.dryRun,
      });
      if (report.ok || report.dryRun) return report;
      // The one error shape, with the full report beside it for a UI to show row by row.
      return reply.code(400).send({
        error: {
          code: 'import_failed',
          message: `${report.errors.length} problem(s) in the CSV; nothing was imported`,
          fields: report.errors.map((e) => ({ field: `line ${e.line}: ${e.field}`, message: e.message })),
        },
        report,
      });
    },
  );
  app.post(
    '/api/v1/devices/bulk',
    {
      schema: {
        tags,
        summary: 'Enable, disable or delete many devices',
        body: bulkAction,
        response: {
          200: z.object({ action: z.string(), requested: z.number(), affected: z.number() }),
          ...errorResponses,
        },
      },
    },
    async (req) => bulkDevices(db, actorOf(req), req.body.ids, req.body.action),
  );
  app.get(
    '/api/v1/devices/:id',
    {
      schema: {
        tags,
        summary: 'One device',
        params: idParams,
        response: { 200: deviceOut, ...errorResponses },
      },
    },
    async (req) => withBackupState(await getDevice(db, actorOf(req), req.params.id)),
  );
  app.patch(
    '/api/v1/devices/:id',
    {
      schema: {
        tags,
        summary: 'Change a device',
        params: idParams,
        body: deviceUpdate,
        response: { 200: deviceOut, ...errorResponses },
      },
    },
    async (req) => withBackupState(await updateDevice(db, actorOf(req), req.params.id, req.body)),
  );
  app.delete(
    '/api/v1/devices/:id',
    {
      schema: {
        tags,
        summary: 'Delete a device',
        params: idParams,
        response: { 204: z.null(), ...errorResponses },
      },
    },
    async (req, reply) => {
      await deleteDevice(db, actorOf(req), req.params.id);
      return reply.code(204).send(null);
    },
  );
}
