import { describe, expect, it } from 'vitest';
import { coalesced, perDatabase } from './coalesce.ts';

describe('coalesced', () => {
  it('serves calls made close together with one batch, each caller its own answer', async () => {
    const batches: number[][] = [];
    const double = coalesced<number, number>(async (keys) => {
      batches.push([...keys]);
      return keys.map((k) => k * 2);
    });
    const first = double(1);
    await new Promise((r) => setImmediate(r));
    const rest = await Promise.all([double(2), double(3)]);
    expect([await first, ...rest]).toEqual([2, 4, 6]);
    expect(batches).toEqual([[1, 2, 3]]);
  });

  it('fails only the caller whose key failed, and a failed batch fails each of its callers', async () => {
    const odd = coalesced<number, number>(async (keys) =>
      keys.map((k) => (k % 2 ? k : new Error(`${k} is even`))),
    );
    const [a, b] = await Promise.allSettled([odd(1), odd(2)]);
    expect(a).toEqual({ status: 'fulfilled', value: 1 });
    expect(b).toMatchObject({ status: 'rejected', reason: { message: '2 is even' } });

    const down = coalesced<number, number>(async () => {
      throw new Error('database gone');
    });
    const both = await Promise.allSettled([down(1), down(2)]);
    expect(both.map((r) => r.status)).toEqual(['rejected', 'rejected']);
  });

  it('asks again on every call (nothing is cached)', async () => {
    let calls = 0;
    const read = coalesced<string, number>(async (keys) => keys.map(() => ++calls));
    expect(await read('a')).toBe(1);
    expect(await read('a')).toBe(2);
  });
});

describe('perDatabase', () => {
  it('makes one per handle', () => {
    const of = perDatabase((db: { name: string }) => ({ db: db.name }));
    const a = { name: 'a' };
    expect(of(a)).toBe(of(a));
    expect(of({ name: 'b' })).not.toBe(of(a));
  });
});
