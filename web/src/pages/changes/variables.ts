import { parse as parseCsv } from 'csv-parse/browser/esm/sync';
import { parse as parseYaml, stringify as toYaml } from 'yaml';
import { ApiError } from '../../api/client';

/**
 * A CSV of per-device variables (a "hostname" column, one column per variable) as the YAML the
 * form edits; a row without a hostname or a file without that column is an error naming it.
 */
export function deviceVariablesFromCsv(text: string): string {
  const rows = parseCsv(text, { columns: true, skip_empty_lines: true, trim: true, bom: true }) as Record<
    string,
    string
  >[];
  if (rows.length > 0 && !('hostname' in rows[0]!)) throw new Error('the CSV needs a "hostname" column');
  const out: Record<string, Record<string, string>> = {};
  for (const [i, { hostname, ...vars }] of rows.entries()) {
    if (!hostname) throw new Error(`row ${i + 2} has no hostname`);
    out[hostname] = vars;
  }
  return toYaml(out);
}

/** YAML text to an object, or an error that names the field (shown like the server's own). */
export function yamlField(field: string, text: string): Record<string, unknown> {
  if (text.trim() === '') return {};
  try {
    const value = parseYaml(text) as unknown;
    if (value && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
    throw new Error('must be a mapping of names to values');
  } catch (err) {
    const message = `not YAML: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`;
    throw new ApiError(400, 'validation_failed', message, [{ field, message }]);
  }
}
