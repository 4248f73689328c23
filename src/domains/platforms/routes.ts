import { z } from 'zod';
import { allPlatforms } from '../../netio/index.ts';
import { errorResponses } from '../../platform/http/schemas.ts';
import type { TypedServer } from '../../platform/http/server.ts';
import { refusedPlatformFiles } from './files.ts';

const platformOut = z.object({
  name: z.string(),
  description: z.string(),
  vendor: z.string(),
  source: z.enum(['webnet', 'file']).describe('shipped with webnet, or read from WEBNET_PLATFORMS_DIR'),
  file: z.string().nullable(),
  detects: z.boolean().describe('auto-detection can name it'),
  configures: z.boolean().describe('it has a configuration mode (merge pushes)'),
  changes: z.boolean().describe('safe changes: preview, commit-confirm and rollback the device’s own way'),
  getters: z.array(z.string()).describe('the state it can be read for, by NAPALM’s getter names'),
});

const platformList = z.object({
  items: z.array(platformOut),
  errors: z
    .array(z.object({ file: z.string(), line: z.number().nullable(), message: z.string() }))
    .describe('platform files refused at the last load, with the line and field'),
});

/** The platforms webnet speaks, shipped and from files, and the files it refused. Not tenant data. */
export function platformRoutes(app: TypedServer) {
  app.get(
    '/api/v1/platforms',
    {
      schema: {
        tags: ['platforms'],
        summary: 'Every platform webnet speaks, and the platform files it refused',
        response: { 200: platformList, ...errorResponses },
      },
    },
    async () => ({
      items: allPlatforms().map(({ platform: p, file }) => ({
        name: p.name,
        description: p.description,
        vendor: p.vendor,
        source: file ? ('file' as const) : ('webnet' as const),
        file: file ?? null,
        detects: Boolean(p.detect),
        configures: Boolean(p.configMode),
        changes: Boolean(p.change),
        // By NAPALM's names: facts → get_facts, interfacesIp → get_interfaces_ip.
        getters: Object.keys(p.getters)
          .map((g) => `get_${g.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)}`)
          .sort(),
      })),
      errors: refusedPlatformFiles().map((e) => ({ file: e.file, line: e.line ?? null, message: e.message })),
    }),
  );
}
