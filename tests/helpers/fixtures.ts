import fs from 'node:fs';
import path from 'node:path';

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
