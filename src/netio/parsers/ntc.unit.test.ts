import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { fixturesDir } from '../../../tests/helpers/fixtures.ts';
import { NTC_TEMPLATES_DIR, TemplateLibrary } from '../../textfsm/library.ts';
import { NTC_CASES } from '../testing/ntc-cases.ts';

/**
 * Every ntc-templates sample for the commands webnet parses, through webnet's parser, compared
 * field by field with the records the ntc-templates project expects (their names mapped to ours
 * in ntc-cases.ts). Records are compared as multisets: NAPALM groups neighbours by interface.
 */
const root = fixturesDir('ntc-templates');
const samples = NTC_CASES.flatMap((c) => {
  const dir = path.join(root, c.platform, c.command);
  const raws = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.raw')) : [];
  if (raws.length === 0) throw new Error(`no ntc-templates samples in ${dir}`);
  return raws.sort().map((raw) => ({ ...c, file: path.join(dir, raw), name: raw.replace(/\.raw$/, '') }));
});

const canonical = (records: Record<string, string>[]) => records.map((r) => JSON.stringify(r)).sort();

describe('parsers against ntc-templates samples', () => {
  it.each(samples)('$name', (s) => {
    const raw = fs.readFileSync(s.file, 'utf8');
    const yml = parseYaml(fs.readFileSync(s.file.replace(/\.raw$/, '.yml'), 'utf8')) as {
      parsed_sample: Record<string, unknown>[];
    };
    let expected = yml.parsed_sample.filter((r) => s.keep?.(r) ?? true).map((r) => s.expected(r));
    // Some samples concatenate two runs; a device's own table (and NAPALM's dict) keeps one entry per name.
    if (s.uniqueBy) expected = [...new Map(expected.map((r) => [r[s.uniqueBy!], r])).values()];
    expect(canonical(s.ours(raw))).toEqual(canonical(expected));
  });
});

/**
 * Where a getter and an ntc-template read the same command, the two must agree: the template run
 * by webnet's TextFSM engine on the same text gives the records the getter's values map to.
 * (One parser per getter stays: NAPALM's values need more than the template's columns.)
 */
describe('getters agree with the ntc-template for their command', () => {
  const library = new TemplateLibrary([NTC_TEMPLATES_DIR]);
  it.each(samples)('$name', (s) => {
    const raw = fs.readFileSync(s.file, 'utf8');
    const parsed = library.parse(s.platform, s.command.replace(/_/g, ' '), raw);
    if (!parsed.ok) throw new Error(parsed.message);
    let fromTemplate = (parsed.records as Record<string, unknown>[])
      .filter((r) => s.keep?.(r) ?? true)
      .map((r) => s.expected(r));
    if (s.uniqueBy) fromTemplate = [...new Map(fromTemplate.map((r) => [r[s.uniqueBy!], r])).values()];
    expect(canonical(s.ours(raw))).toEqual(canonical(fromTemplate));
  });
});
