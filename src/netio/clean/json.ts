/**
 * A configuration a device prints as one JSON document (often on one line): read from its first
 * line that opens an object, settings that change by themselves removed by path, and printed
 * two spaces per level, one setting per line, so diffs, redaction and search work line by line.
 */
export type JsonRules = {
  /** Paths to remove: keys in order, "*" for every element of an array or value of an object. */
  drop?: string[][];
};

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function dropPath(value: Json, path: string[]): void {
  if (path.length === 0 || value === null || typeof value !== 'object') return;
  const [key, ...rest] = path as [string, ...string[]];
  const children: Json[] =
    key === '*'
      ? Array.isArray(value)
        ? value
        : Object.values(value)
      : Array.isArray(value)
        ? []
        : key in value
          ? [value[key]!]
          : [];
  if (rest.length === 0) {
    if (key === '*') return;
    if (!Array.isArray(value)) delete value[key];
    return;
  }
  for (const child of children) dropPath(child, rest);
}

/** The document pretty-printed; throws with the reason when the text holds no JSON object. */
export function formatJson(text: string, rules: JsonRules): string {
  const start = text.search(/^\s*\{/m);
  if (start === -1) throw new Error('no JSON object in the output');
  const doc = JSON.parse(text.slice(start).trim()) as Json;
  for (const path of rules.drop ?? []) dropPath(doc, path);
  return `${JSON.stringify(doc, null, 2)}\n`;
}
