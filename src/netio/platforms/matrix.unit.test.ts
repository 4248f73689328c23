import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { platformMatrix } from './matrix.ts';

describe('docs/platforms.md', () => {
  it('is what the platform tables say (run `npm run docs:platforms` after changing one)', () => {
    const committed = fs.readFileSync(path.join(import.meta.dirname, '../../../docs/platforms.md'), 'utf8');
    expect(committed).toBe(platformMatrix());
  });
});
