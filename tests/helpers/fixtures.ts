import fs from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';

/**
 * Real device data (ntc-templates and Oxidized, Apache-2.0), copied into tests/fixtures with
 * their licenses. WEBNET_FIXTURES points elsewhere. Missing fixtures fail loudly: a test that
 * silently found nothing to check would pass without checking anything.
 */
export const FIXTURES = path.resolve(
  process.env.WEBNET_FIXTURES ?? path.join(import.meta.dirname, '../fixtures'),
);

export function fixturesDir(sub: string): string {
  const dir = path.join(FIXTURES, sub);
  if (!fs.existsSync(dir)) {
    throw new Error(
      `device fixtures not found at ${dir}: check out ../shared/fixtures or set WEBNET_FIXTURES`,
    );
  }
  return dir;
}

/** One ntc-templates sample: the device's text and the records ntc-templates expects from it. */
export type NtcSample = { name: string; raw: string; records: Record<string, string & string[]>[] };

/** Every ntc-templates sample of a platform's command ("show_ip_route"), with its records. */
export function ntcSamples(platform: string, command: string): NtcSample[] {
  const dir = path.join(fixturesDir('ntc-templates'), platform, command);
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.raw'))
    .map((f) => ({
      name: f,
      raw: fs.readFileSync(path.join(dir, f), 'utf8'),
      records: (
        parseYaml(fs.readFileSync(path.join(dir, f.replace(/\.raw$/, '.yml')), 'utf8')) as {
          parsed_sample: NtcSample['records'];
        }
      ).parsed_sample,
    }));
}
