import fastJson from 'fast-json-stringify';
import type { FastifySerializerCompiler } from 'fastify/types/schema.js';
import { z } from 'zod';

/**
 * Response serialization compiled from the route's zod schema: zod describes the answer once,
 * fast-json-stringify writes it (about 5x faster than encoding through zod on a device page).
 * Like zod's own serializer it emits only declared properties, so a column added to a query
 * never leaks into an answer by accident. Dates become ISO strings via format date-time.
 */
export const fastSerializerCompiler: FastifySerializerCompiler<z.ZodType> = ({ schema }) => {
  const json = z.toJSONSchema(schema, {
    io: 'output',
    target: 'openapi-3.0',
    unrepresentable: 'any',
    override: (ctx) => {
      const def = ctx.zodSchema._zod.def;
      if (def.type === 'date') {
        ctx.jsonSchema.type = 'string';
        ctx.jsonSchema.format = 'date-time';
      }
    },
  });
  return fastJson(json as Parameters<typeof fastJson>[0]);
};
