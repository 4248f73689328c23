/**
 * NAPALM reads validation files with PyYAML (`yaml.safe_load`), which resolves plain scalars by
 * YAML 1.1's rules as PyYAML implements them; the `yaml` package's 1.2 core schema reads some of
 * them differently, and its own 1.1 schema is wider than PyYAML (it takes `y` and `n` for
 * booleans, so a key `n:` would become `false`). A file written for NAPALM must mean here what it
 * means there, so state rules are read with PyYAML's resolvers, re-expressed as tags:
 *
 *   `is_enabled: yes` / `on` / `off` → booleans; `1e3` → the string "1e3" (PyYAML's floats need
 *   a dot); `012` → 10 (octal); `0b101` → 5; `1_000` → 1000; `1:20` → 80 (base 60).
 *
 * Timestamps (`2001-12-14`) stay strings: PyYAML's dates have no JSON form, and a date is never
 * equal to a getter's value in NAPALM either.
 */
import type { ScalarTag, SchemaOptions } from 'yaml';

const tag = (name: string, test: RegExp, resolve: (s: string) => unknown): ScalarTag => ({
  tag: `tag:yaml.org,2002:${name}`,
  default: true,
  test,
  resolve,
  // Reading only: values are never written back as YAML with this schema.
  identify: () => false,
});

/** A base-60 number ("1:20" is 80), as PyYAML reads it. */
function sexagesimal(digits: string, parse: (s: string) => number): number {
  return digits.split(':').reduce((n, part) => n * 60 + parse(part), 0);
}

function pyInt(text: string): number {
  const s = text.replace(/_/g, '');
  const sign = s.startsWith('-') ? -1 : 1;
  const body = s.replace(/^[-+]/, '');
  if (body === '0') return 0;
  if (body.startsWith('0b')) return sign * Number.parseInt(body.slice(2), 2);
  if (body.startsWith('0x')) return sign * Number.parseInt(body.slice(2), 16);
  if (body.startsWith('0')) return sign * Number.parseInt(body, 8);
  if (body.includes(':')) return sign * sexagesimal(body, Number);
  return sign * Number(body);
}

function pyFloat(text: string): number {
  const s = text.replace(/_/g, '').toLowerCase();
  if (s.endsWith('.nan')) return Number.NaN;
  const sign = s.startsWith('-') ? -1 : 1;
  const body = s.replace(/^[-+]/, '');
  if (body === '.inf') return sign * Number.POSITIVE_INFINITY;
  if (body.includes(':')) return sign * sexagesimal(body, Number.parseFloat);
  return sign * Number(body);
}

/** PyYAML's implicit resolvers (yaml/resolver.py) for the scalars JSON can hold. */
export const PYYAML_TAGS: ScalarTag[] = [
  tag('null', /^(?:~|null|Null|NULL|)$/, () => null),
  tag('bool', /^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$/, (s) =>
    /^(?:yes|true|on)$/i.test(s),
  ),
  tag(
    'int',
    /^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$/,
    pyInt,
  ),
  tag(
    'float',
    /^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/,
    pyFloat,
  ),
];

/** Options for `parseDocument` that read scalars as PyYAML does (maps, lists and strings as ever). */
export const PYYAML_OPTIONS: SchemaOptions = {
  schema: 'failsafe',
  customTags: (tags) => [...tags, ...PYYAML_TAGS],
};
