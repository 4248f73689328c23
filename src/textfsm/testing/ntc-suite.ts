import fs from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';

/**
 * ntc-templates' own test cases (tests/fixtures/ntc-templates, Apache-2.0), all of them:
 * `<platform>/<command with _ for spaces>/<name>.raw` with `<name>.yml` beside it holding
 * `parsed_sample`, the records their TextFSM run produced (lower-cased keys). Their `mocks/`
 * folder holds three raw files without expected records (fixtures for their own index tests).
 */
export type NtcSuiteCase = {
  id: string;
  platform: string;
  command: string;
  raw: string;
  expected: unknown[];
};

// The repository's fixtures (tests/fixtures, or WEBNET_FIXTURES), found without importing the
// app's test helpers: this library stays free of the app.
const FIXTURES = process.env.WEBNET_FIXTURES ?? path.join(import.meta.dirname, '../../../tests/fixtures');

export function loadNtcSuite(dir = path.join(FIXTURES, 'ntc-templates')): NtcSuiteCase[] {
  if (!fs.existsSync(dir)) throw new Error(`ntc-templates fixtures not found at ${dir}: set WEBNET_FIXTURES`);
  const cases: NtcSuiteCase[] = [];
  for (const platform of fs.readdirSync(dir).sort()) {
    if (platform === 'mocks' || !fs.statSync(path.join(dir, platform)).isDirectory()) continue;
    for (const commandDir of fs.readdirSync(path.join(dir, platform)).sort()) {
      const folder = path.join(dir, platform, commandDir);
      for (const file of fs.readdirSync(folder).sort()) {
        if (!file.endsWith('.raw')) continue;
        const yml = path.join(folder, file.replace(/\.raw$/, '.yml'));
        if (!fs.existsSync(yml)) continue;
        const expected = (parseYaml(fs.readFileSync(yml, 'utf8')) as { parsed_sample?: unknown[] })
          ?.parsed_sample;
        cases.push({
          id: `${platform}/${commandDir}/${file}`,
          platform,
          command: commandDir.replace(/_/g, ' '),
          raw: fs.readFileSync(path.join(folder, file), 'utf8'),
          expected: expected ?? [],
        });
      }
    }
  }
  return cases;
}

/** Records compared as ntc-templates compares them: the same keys and values, in row order. */
export function sameRecords(a: unknown, b: unknown): boolean {
  return JSON.stringify(sortKeys(a)) === JSON.stringify(sortKeys(b));
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === 'object') {
    return Object.fromEntries(
      Object.entries(v)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([k, x]) => [k, sortKeys(x)]),
    );
  }
  return v;
}
