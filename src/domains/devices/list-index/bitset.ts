/**
 * Fixed-size bit sets over a customer's device positions, 32 devices per word. Intersecting a
 * few of these costs a couple of hundred word operations for 5,000 devices, where testing every
 * device costs thousands of branches; counting is a popcount per word.
 * Written here because npm's bitset packages are either dynamic-size (slower) or unmaintained.
 */
export type BitSet = Uint32Array;

export const bitsetOf = (size: number): BitSet => new Uint32Array((size + 31) >>> 5);

export function filled(size: number): BitSet {
  const set = bitsetOf(size).fill(0xffffffff);
  const spare = set.length * 32 - size;
  if (spare > 0) set[set.length - 1] = 0xffffffff >>> spare;
  return set;
}

export const add = (set: BitSet, i: number): void => {
  set[i >>> 5]! |= 1 << (i & 31);
};

export const has = (set: BitSet, i: number): boolean => (set[i >>> 5]! & (1 << (i & 31))) !== 0;

export function addAll(set: BitSet, positions: Uint32Array): void {
  for (const i of positions) set[i >>> 5]! |= 1 << (i & 31);
}

/** `into` becomes `into & other` (or `into & ~other` when `negate`); answers whether any bit is left. */
export function intersect(into: BitSet, other: BitSet, negate = false): boolean {
  let any = 0;
  for (let w = 0; w < into.length; w++) {
    into[w] = negate ? into[w]! & ~other[w]! : into[w]! & other[w]!;
    any |= into[w]!;
  }
  return any !== 0;
}

export function count(set: BitSet): number {
  let n = 0;
  for (let w = 0; w < set.length; w++) {
    let v = set[w]!;
    v -= (v >>> 1) & 0x55555555;
    v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
    n += (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
  }
  return n;
}

/** Calls `fn` with each position in the set, ascending. */
export function forEachBit(set: BitSet, fn: (i: number) => void): void {
  for (let w = 0; w < set.length; w++) {
    let v = set[w]!;
    while (v !== 0) {
      const low = v & -v;
      fn((w << 5) + 31 - Math.clz32(low));
      v ^= low;
    }
  }
}
