/** A source of items already in order: each call gives the next one, undefined when done. */
export type Source<T> = () => T | undefined;

export function fromArray<T>(items: T[]): Source<T> {
  let at = 0;
  return () => items[at++];
}

/**
 * The first `k` items of several sources that each give their items in `cmp` order, merged:
 * a min-heap over the sources' heads, O(k log sources). Every customer's matches come out of the
 * index presorted and lazily, so a page over all customers reads only as many as the page needs.
 * Written here because the heap packages on npm sort whole arrays or pull in a collection framework.
 */
export function mergeFirst<T>(sources: Source<T>[], k: number, cmp: (a: T, b: T) => number): T[] {
  const heads: { item: T; next: Source<T> }[] = [];
  for (const next of sources) {
    const item = next();
    if (item !== undefined) heads.push({ item, next });
  }
  const down = (i: number) => {
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let least = i;
      if (l < heads.length && cmp(heads[l]!.item, heads[least]!.item) < 0) least = l;
      if (r < heads.length && cmp(heads[r]!.item, heads[least]!.item) < 0) least = r;
      if (least === i) return;
      [heads[i], heads[least]] = [heads[least]!, heads[i]!];
      i = least;
    }
  };
  for (let i = (heads.length >> 1) - 1; i >= 0; i--) down(i);
  const out: T[] = [];
  while (out.length < k && heads.length > 0) {
    const top = heads[0]!;
    out.push(top.item);
    const item = top.next();
    if (item === undefined) {
      heads[0] = heads[heads.length - 1]!;
      heads.pop();
    } else top.item = item;
    down(0);
  }
  return out;
}
