/**
 * A discovery's failed blocks are swept again by naming them in a new job's payload: the CIDRs
 * must cover exactly the blocks' addresses, no more and none fewer.
 */
import { describe, expect, it } from 'vitest';
import { addressesOf, blockRange, blocksOf, cidrsOf, mergeRanges, parseRange } from './cidr.ts';

const covered = (cidrs: string[]) => cidrs.flatMap((c) => addressesOf(c));

describe('cidrsOf', () => {
  it('names a whole block by its own CIDR, and neighbours as one', () => {
    expect(cidrsOf([blockRange('10.0.0.0/26')])).toEqual(['10.0.0.0/26']);
    expect(cidrsOf([blockRange('10.0.0.64/26'), blockRange('10.0.0.0/26')])).toEqual(['10.0.0.0/25']);
    expect(cidrsOf([blockRange('10.0.0.0/26'), blockRange('10.0.1.0/26')])).toEqual([
      '10.0.0.0/26',
      '10.0.1.0/26',
    ]);
  });

  it('covers a block that is no CIDR (a range cut at an odd address) exactly', () => {
    // 10.0.0.60/30 and .64/29 merged: 12 addresses from .60, which blocksOf labels "+12".
    const [block] = blocksOf(mergeRanges([parseRange('10.0.0.60/30'), parseRange('10.0.0.64/29')]));
    expect(block!.label).toBe('10.0.0.60+12');
    const cidrs = cidrsOf([blockRange(block!.label)]);
    expect(cidrs).toEqual(['10.0.0.60/30', '10.0.0.64/29']);
    expect(covered(cidrs)).toEqual(Array.from({ length: 12 }, (_, i) => `10.0.0.${60 + i}`));
  });

  it('gives back exactly the addresses of any set of blocks', () => {
    const blocks = blocksOf([parseRange('192.0.2.3'), parseRange('10.1.0.0/23'), parseRange('10.1.2.5')]);
    const failed = blocks.filter((_, i) => i % 3 !== 1).map((b) => b.label);
    const want = failed.flatMap((l) => addressesOf(l)).sort();
    expect(covered(cidrsOf(failed.map(blockRange))).sort()).toEqual(want);
  });
});
