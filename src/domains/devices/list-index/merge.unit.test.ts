import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromArray, mergeFirst } from './merge.ts';

describe('mergeFirst', () => {
  it('equals sorting the union and taking the first k, for any sorted lists', () => {
    const cmp = (a: number, b: number) => a - b;
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.integer({ min: -50, max: 50 })), { maxLength: 25 }),
        fc.nat(300),
        (raw, k) => {
          const lists = raw.map((l) => [...l].sort(cmp));
          expect(mergeFirst(lists.map(fromArray), k, cmp)).toEqual(lists.flat().sort(cmp).slice(0, k));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('keeps the comparator order of ties broken by a second key', () => {
    type Item = { key: number; id: number };
    const cmp = (a: Item, b: Item) => a.key - b.key || a.id - b.id;
    const items = Array.from({ length: 1000 }, (_, i) => ({ key: i % 7, id: i }));
    const lists = [0, 1, 2].map((r) => items.filter((x) => x.id % 3 === r).sort(cmp));
    expect(mergeFirst(lists.map(fromArray), 40, cmp)).toEqual([...items].sort(cmp).slice(0, 40));
  });
});
