import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * netio, textfsm and lab are libraries: they import nothing from webnet's app (platform, domains, app,
 * cli), so they could be published on their own and the app's wiring never leaks into them.
 */
const SRC = path.resolve(import.meta.dirname, '../src');

function files(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? files(full) : e.name.endsWith('.ts') && !e.name.includes('.test.') ? [full] : [];
  });
}

/** Imports from `dir` that reach a top-level folder of src outside `allowed`. */
function reaching(dir: string, allowed: string[]): string[] {
  const offending: string[] = [];
  for (const file of files(path.join(SRC, dir))) {
    for (const m of fs.readFileSync(file, 'utf8').matchAll(/from '([^']+)'/g)) {
      const spec = m[1]!;
      if (!spec.startsWith('.')) continue;
      const target = path.relative(SRC, path.resolve(path.dirname(file), spec)).split(path.sep)[0]!;
      if (!allowed.includes(target)) offending.push(`${path.relative(SRC, file)} → ${spec}`);
    }
  }
  return offending;
}

describe('layering', () => {
  it.each(['netio', 'lab'])('src/%s imports nothing from the app', (lib) => {
    expect(reaching(lib, ['netio', 'lab', 'textfsm'])).toEqual([]);
  });

  it('src/textfsm imports nothing but itself', () => {
    expect(reaching('textfsm', ['textfsm'])).toEqual([]);
  });

  // Infrastructure serves the domains and knows none of them (the composition root, src/app, does).
  it('src/platform imports no domain, app or command', () => {
    expect(reaching('platform', ['platform', 'netio'])).toEqual([]);
  });
});
