import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixturesDir } from '../../tests/helpers/fixtures.ts';
import { detectBy } from './detect.ts';
import { PLATFORMS } from './platforms/index.ts';

/**
 * Detection against real devices' answers: every ntc-templates sample of a platform's probe
 * command (its "show version", "display version", "show system info"…), run through all the
 * probes as a device would answer them (the sample to its command, a refusal to any other),
 * must name that platform, not one probed before it.
 */
const dir = fixturesDir('ntc-templates');
const REFUSED = "% Invalid input detected at '^' marker.";

const cases = Object.values(PLATFORMS).flatMap((platform) => {
  if (!platform.detect) return [];
  const folder = path.join(
    dir,
    platform.textfsm ?? platform.name,
    platform.detect.command.replaceAll(' ', '_'),
  );
  if (!fs.existsSync(folder)) return [];
  return fs
    .readdirSync(folder)
    .filter((f) => f.endsWith('.raw'))
    .map((f) => ({ platform: platform.name, command: platform.detect!.command, file: path.join(folder, f) }));
});

describe('platform detection on real devices’ answers', () => {
  it('has samples for the probes of many platforms', () => {
    expect(new Set(cases.map((c) => c.platform)).size).toBeGreaterThanOrEqual(10);
  });

  it.each(cases.map((c) => [`${c.platform}: ${path.basename(c.file)}`, c] as const))('%s', async (_, c) => {
    const sample = fs.readFileSync(c.file, 'utf8');
    await expect(detectBy(async (command) => (command === c.command ? sample : REFUSED))).resolves.toBe(
      c.platform,
    );
  });
});
