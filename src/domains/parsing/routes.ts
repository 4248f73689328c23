import path from 'node:path';
import { z } from 'zod';
import { parse, templateLibrary, textfsmPlatform } from '../../netio/index.ts';
import { AppError, validationFailed } from '../../platform/errors.ts';
import { errorResponses } from '../../platform/http/schemas.ts';
import type { TypedServer } from '../../platform/http/server.ts';
import { parseWithTemplate } from '../../textfsm/index.ts';
import { parsedOutput } from '../jobs/run-commands.job.ts';

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

const parseResult = parsedOutput.extend({
  platform: z.string().nullable().describe('the ntc-templates platform searched (null with a template)'),
});

/**
 * Parses text with a platform's template or a given one: how users try templates. No tenant data
 * is read or kept, so every signed-in role may use it. A broken template, no template for the
 * command, or a template's Error is a 400 naming the field, with the template and line.
 */
export function parsingRoutes(app: TypedServer) {
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
