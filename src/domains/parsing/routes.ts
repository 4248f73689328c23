import path from 'node:path';
import { z } from 'zod';
import { parse, templateLibrary, textfsmPlatform } from '../../netio/index.ts';
import type { Db } from '../../platform/db/client.ts';
import { AppError, validationFailed } from '../../platform/errors.ts';
import { errorResponses, idParams } from '../../platform/http/schemas.ts';
import { actorOf, type TypedServer } from '../../platform/http/server.ts';
import { parseWithTemplate } from '../../textfsm/index.ts';
import { parsedCell, parsedOutput } from '../jobs/run-commands.job.ts';
import { jobRecords, recordsCsv } from './job-records.ts';

const MAX_TEXT = 2 * 1024 * 1024;

const parseBody = z
  .strictObject({
    text: z.string().max(MAX_TEXT).describe("a command's output, as the device printed it"),
    platform: z
      .string()
      .min(1)
      .max(100)
      .optional()
      .describe('a webnet platform (cisco_iosxr) or an ntc-templates one (cisco_xr); with command'),
    command: z
      .string()
      .min(1)
      .max(1000)
      .optional()
      .describe('the command, abbreviations allowed (sh ip int br)'),
    template: z
      .string()
      .min(1)
      .max(256 * 1024)
      .optional()
      .describe('a TextFSM template to use instead of the index (to try one before installing it)'),
  })
  .superRefine((b, ctx) => {
    if (b.template) return;
    for (const field of ['platform', 'command'] as const) {
      if (!b[field])
        ctx.addIssue({ code: 'custom', path: [field], message: 'required unless a template is given' });
    }
  });

const jobRecordsOut = z.object({
  command: z.string(),
  index: z.number().int(),
  templates: z.array(z.string()).describe('the templates that read it (they can differ by platform)'),
  columns: z.array(z.string()).describe('"device", then every template column'),
  rows: z.array(z.record(z.string(), parsedCell)),
  missing: z
    .array(z.object({ device: z.string(), reason: z.string() }))
    .describe('devices without records for the command, and why'),
  truncated: z.boolean().describe('rows were cut at 100,000'),
});

const parseResult = parsedOutput.extend({
  platform: z.string().nullable().describe('the ntc-templates platform searched (null with a template)'),
});

/**
 * Parses text with a platform's template or a given one: how users try templates. No tenant data
 * is read or kept, so every signed-in role may use it. A broken template, no template for the
 * command, or a template's Error is a 400 naming the field, with the template and line.
 */
export function parsingRoutes(app: TypedServer, db: Db) {
  app.post(
    '/api/v1/parse',
    {
      schema: {
        tags: ['parsing'],
        summary: 'Parse command output into records with TextFSM (ntc-templates or a template given)',
        body: parseBody,
        response: { 200: parseResult, ...errorResponses, 422: errorResponses[400] },
      },
    },
    async (req) => {
      const b = req.body;
      const platform = b.template ? null : textfsmPlatform(b.platform!);
      const result = b.template
        ? parseWithTemplate(b.template, b.text, 'template')
        : parse(b.platform!, b.command!, b.text);
      if (!result.ok) {
        const field = result.reason === 'parse-error' ? 'text' : b.template ? 'template' : 'command';
        if (result.reason === 'parse-error') {
          throw new AppError(422, 'parse_error', result.message, [{ field, message: result.message }]);
        }
        throw validationFailed([{ field, message: result.message }]);
      }
      return { platform, template: result.template, columns: result.header, records: result.records };
    },
  );

  const recordsQuery = z.strictObject({
    command: z.coerce.number().int().min(0).max(99).default(0).describe("the command's position in the job"),
  });
  app.get(
    '/api/v1/jobs/:id/records',
    {
      schema: {
        tags: ['parsing'],
        summary: "A run_commands job's parsed records for one command, every device in one table",
        params: idParams,
        querystring: recordsQuery,
        response: { 200: jobRecordsOut, ...errorResponses },
      },
    },
    async (req) => jobRecords(db, actorOf(req), req.params.id, req.query.command),
  );
  app.get(
    '/api/v1/jobs/:id/records/export',
    {
      schema: {
        tags: ['parsing'],
        summary: 'The same table as a CSV file (List values joined by "; ")',
        params: idParams,
        querystring: recordsQuery,
        produces: ['text/csv'],
      },
    },
    async (req, reply) => {
      const table = await jobRecords(db, actorOf(req), req.params.id, req.query.command);
      const name = `${table.command.replace(/[^\w.-]+/g, '_').slice(0, 60) || 'records'}.csv`;
      reply.header('content-type', 'text/csv; charset=utf-8');
      reply.header('content-disposition', `attachment; filename="${name}"`);
      return reply.send(recordsCsv(table));
    },
  );
  app.get(
    '/api/v1/parse/problems',
    {
      schema: {
        tags: ['parsing'],
        summary: 'Lines of the user template index (WEBNET_TEMPLATES_DIR) that were refused',
        response: {
          200: z.object({
            items: z.array(z.object({ file: z.string(), line: z.number(), message: z.string() })),
          }),
          ...errorResponses,
        },
      },
    },
    async () => ({ items: templateLibrary().problems.map((p) => ({ ...p, file: path.basename(p.file) })) }),
  );
}
