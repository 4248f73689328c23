/**
 * IPv4 ranges for discovery: parsed, checked, counted and cut into blocks. Written here because
 * it is a few lines of integer arithmetic; a library would add more than it saves.
 */

/** The most addresses one discovery job may sweep: a /16. */
export const MAX_ADDRESSES = 65_536;
/** Addresses per work item: a /26 (one queue task, probed a few dozen at a time). */
export const BLOCK_SIZE = 64;

export type Range = { first: number; count: number };

const toInt = (ip: string) => ip.split('.').reduce((n, o) => n * 256 + Number(o), 0);
export const toIp = (n: number) => [24, 16, 8, 0].map((s) => Math.floor(n / 2 ** s) % 256).join('.');

/** "10.0.0.0/22" or a single address; throws with the reason for anything else. */
export function parseRange(text: string): Range {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(?:\/(\d{1,2}))?$/.exec(text.trim());
  if (!m || m.slice(1, 5).some((o) => Number(o) > 255))
    throw new Error(`"${text}" is not an IPv4 address or CIDR`);
  const bits = m[5] === undefined ? 32 : Number(m[5]);
  if (bits > 32) throw new Error(`"${text}": a prefix length is 0 to 32`);
  const count = 2 ** (32 - bits);
  const first = Math.floor(toInt(m.slice(1, 5).join('.')) / count) * count;
  return { first, count };
}

/** Ranges without overlaps (merged), in address order. */
export function mergeRanges(ranges: Range[]): Range[] {
  const sorted = [...ranges].sort((a, b) => a.first - b.first);
  const out: Range[] = [];
  for (const r of sorted) {
    const last = out.at(-1);
    if (last && r.first <= last.first + last.count) {
      last.count = Math.max(last.count, r.first + r.count - last.first);
    } else out.push({ ...r });
  }
  return out;
}

/** The ranges cut into blocks of at most BLOCK_SIZE addresses, labelled as CIDRs where they are whole. */
export function blocksOf(ranges: Range[]): { label: string; first: number; count: number }[] {
  const out: { label: string; first: number; count: number }[] = [];
  for (const r of ranges) {
    for (let at = r.first; at < r.first + r.count; at += BLOCK_SIZE) {
      const count = Math.min(BLOCK_SIZE, r.first + r.count - at);
      const bits = 32 - Math.log2(count);
      const whole = Number.isInteger(bits) && at % count === 0;
      out.push({ label: whole ? `${toIp(at)}/${bits}` : `${toIp(at)}+${count}`, first: at, count });
    }
  }
  return out;
}

/** The addresses a block label made by blocksOf stands for. */
export function blockRange(label: string): Range {
  const plus = /^(.+)\+(\d+)$/.exec(label);
  return plus ? { first: toInt(plus[1]!), count: Number(plus[2]) } : parseRange(label);
}

/** The addresses of a block label made by blocksOf. */
export function addressesOf(label: string): string[] {
  const { first, count } = blockRange(label);
  return Array.from({ length: count }, (_, i) => toIp(first + i));
}

/**
 * The fewest CIDRs that cover these ranges exactly: what a discovery's payload can name again
 * (a block "10.0.0.60+8" is no CIDR of its own). Each CIDR is the largest aligned block that
 * starts where the last ended and stays inside its range.
 */
export function cidrsOf(ranges: Range[]): string[] {
  const out: string[] = [];
  for (const r of mergeRanges(ranges)) {
    for (let at = r.first, end = r.first + r.count; at < end; ) {
      let size = 1;
      while (at % (size * 2) === 0 && at + size * 2 <= end) size *= 2;
      out.push(`${toIp(at)}/${32 - Math.log2(size)}`);
      at += size;
    }
  }
  return out;
}
