import { z } from 'zod';
import { pageQuery, queryBool } from '../../platform/http/schemas.ts';
import { SNAPSHOT_SOURCES } from './table.ts';

export const snapshotMeta = z.object({
  id: z.string(),
  customerId: z.string(),
  deviceId: z.string(),
  source: z.enum(SNAPSHOT_SOURCES),
  jobId: z.string().nullable(),
  requestedByName: z.string(),
  hash: z.string(),
  lines: z.number(),
  bytes: z.number(),
  createdAt: z.date(),
});

export const snapshotOut = snapshotMeta.extend({
  config: z.string(),
  insignificantLines: z
    .array(z.number())
    .describe(
      'lines (1-based) the platform keeps but does not count as a change, such as clocks: diffs ignore them',
    ),
});

export const side = z.object({ line: z.number(), text: z.string() });

export const diffOut = z.object({
  from: snapshotMeta,
  to: snapshotMeta,
  unified: z.string(),
  added: z.number(),
  removed: z.number(),
  hunks: z.array(
    z.object({
      oldStart: z.number(),
      oldLines: z.number(),
      newStart: z.number(),
      newLines: z.number(),
      rows: z.array(
        z.object({
          kind: z.enum(['same', 'removed', 'added', 'changed']),
          left: side.nullable(),
          right: side.nullable(),
        }),
      ),
    }),
  ),
});

export const diffQuery = {
  from: z.uuid().optional().describe('older snapshot; default: the one before `to`'),
  to: z.uuid().optional().describe("newer snapshot; default: the device's latest"),
  context: z.coerce.number().int().min(0).max(1000).default(3).describe('unchanged lines around each change'),
};

export const searchQuery = z.strictObject({
  ...pageQuery,
  q: z.string().min(1).max(500).describe('text to find, or a regular expression with regex=true'),
  regex: queryBool.default(false),
  caseSensitive: queryBool.default(false),
  customerId: z.uuid().optional(),
  maxLines: z.coerce.number().int().min(1).max(500).default(20).describe('matching lines shown per device'),
});
