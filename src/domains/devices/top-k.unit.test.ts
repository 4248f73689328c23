import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { topK } from './top-k.ts';

describe('topK', () => {
  it('equals sorting everything and taking the first k, for any input', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -50, max: 50 })), fc.nat(300), (xs, k) => {
        const cmp = (a: number, b: number) => a - b;
        expect(topK(xs, k, cmp)).toEqual([...xs].sort(cmp).slice(0, k));
      }),
      { numRuns: 500 },
    );
  });

  it('keeps ties in comparator order when the comparator breaks them', () => {
    const items = Array.from({ length: 1000 }, (_, i) => ({ key: i % 7, id: i }));
    const cmp = (a: { key: number; id: number }, b: { key: number; id: number }) =>
      a.key - b.key || a.id - b.id;
    expect(topK(items, 20, cmp)).toEqual([...items].sort(cmp).slice(0, 20));
  });
});
