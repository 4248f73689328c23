import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { add, addAll, bitsetOf, count, filled, forEachBit, has, intersect } from './bitset.ts';

const positions = (size: number) => fc.uniqueArray(fc.nat(size - 1), { maxLength: size });

describe('bitset', () => {
  it('agrees with a Set of numbers on add, has, count, intersect and iteration', () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 1, max: 200 })
          .chain((size) => fc.tuple(fc.constant(size), positions(size), positions(size), fc.boolean())),
        ([size, xs, ys, negate]) => {
          const a = bitsetOf(size);
          for (const x of xs) add(a, x);
          const b = bitsetOf(size);
          addAll(b, Uint32Array.from(ys));
          expect(count(a)).toBe(xs.length);
          for (let i = 0; i < size; i++) expect(has(a, i)).toBe(xs.includes(i));
          const expected = xs.filter((x) => ys.includes(x) !== negate).sort((p, q) => p - q);
          expect(intersect(a, b, negate)).toBe(expected.length > 0);
          const seen: number[] = [];
          forEachBit(a, (i) => seen.push(i));
          expect(seen).toEqual(expected);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('fills exactly the positions below its size', () => {
    for (const size of [1, 31, 32, 33, 64, 100]) {
      const all = filled(size);
      expect(count(all)).toBe(size);
      expect(has(all, size - 1)).toBe(true);
    }
  });
});
