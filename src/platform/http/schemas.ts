import { z } from 'zod';

export const idParams = z.strictObject({ id: z.uuid() });

/** The error shape every 4xx/5xx answer has. */
export const errorSchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    fields: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
  }),
});

export const errorResponses = {
  400: errorSchema,
  401: errorSchema,
  403: errorSchema,
  404: errorSchema,
  409: errorSchema,
} as const;

export const pageQuery = {
  page: z.coerce.number().int().min(1).max(1_000_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(50),
};

export const page = <T extends z.ZodType>(item: T) =>
  z.object({
    items: z.array(item),
    total: z.number().int(),
    page: z.number().int(),
    pageSize: z.number().int(),
  });

/** Query strings carry booleans as text; accept the spellings people type. */
export const queryBool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

// biome-ignore lint/suspicious/noControlCharactersInRegex: rejecting control characters is the point
const CONTROL = /[\u0000-\u001f\u007f]/;
const NO_CONTROL = 'must not contain control characters';

/** A value to search or filter by: no stored value holds a control character, so none is asked for. */
export const filterText = (max: number) =>
  z
    .string()
    .max(max)
    .refine((v) => !CONTROL.test(v), NO_CONTROL);

/** `a,b` or repeated `?x=a&x=b`, as a list (no control characters: see filterText). */
export const queryList = z
  .union([z.string().refine((v) => !CONTROL.test(v), NO_CONTROL), z.array(filterText(1000))])
  .transform((v) => (Array.isArray(v) ? v : v.split(',')).map((s) => s.trim()).filter(Boolean));

/**
 * A point in time sent by a client (ISO 8601, or milliseconds since 1970), within what the
 * database stores: year 10000 is a 400 naming the field, not a failed insert.
 */
export const instant = () =>
  z.coerce
    .date()
    .min(new Date('1970-01-01T00:00:00Z'), 'must be after 1970')
    .max(new Date('9999-12-31T23:59:59Z'), 'must be before the year 10000');

/** Free text a person types: trimmed, bounded, no control characters. */
export const label = (max = 200) =>
  z
    .string()
    .trim()
    .max(max)
    // biome-ignore lint/suspicious/noControlCharactersInRegex: rejecting control characters is the point
    .regex(/^[^\u0000-\u001f\u007f]*$/, 'must not contain control characters');
export const name = (max = 100) => label(max).min(1);
