/**
 * The first `k` items of several lists that are each already in `cmp` order, merged: a min-heap
 * over the list heads, O(k log lists). Every customer's matches come out of the index presorted,
 * so a page over all customers needs only its own items merged, never a sort of every match.
 * Written here because the heap packages on npm sort whole arrays or pull in a collection framework.
 */
export function mergeFirst<T>(lists: T[][], k: number, cmp: (a: T, b: T) => number): T[] {
  const heads = lists.filter((l) => l.length > 0).map((list) => ({ list, at: 0 }));
  type Head = (typeof heads)[number];
  const less = (a: Head, b: Head) => cmp(a.list[a.at]!, b.list[b.at]!) < 0;
  const down = (i: number) => {
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let least = i;
      if (l < heads.length && less(heads[l]!, heads[least]!)) least = l;
      if (r < heads.length && less(heads[r]!, heads[least]!)) least = r;
      if (least === i) return;
      [heads[i], heads[least]] = [heads[least]!, heads[i]!];
      i = least;
    }
  };
  for (let i = (heads.length >> 1) - 1; i >= 0; i--) down(i);
  const out: T[] = [];
  while (out.length < k && heads.length > 0) {
    const top = heads[0]!;
    out.push(top.list[top.at++]!);
    if (top.at === top.list.length) {
      heads[0] = heads[heads.length - 1]!;
      heads.pop();
    }
    down(0);
  }
  return out;
}
