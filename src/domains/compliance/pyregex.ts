/**
 * Python regular expressions (the `re` module's syntax, as NAPALM validation files and
 * compliance rules are written) as JavaScript ones: named groups `(?P<name>…)` and
 * back-references `(?P=name)`, `\A` and `\Z`, and leading inline flags `(?i)`, `(?m)`, `(?s)`
 * and `(?x)` (verbose: whitespace and comments dropped). Compiled once per pattern.
 */
export class PatternError extends Error {}

const cache = new Map<string, RegExp>();
const CACHE_LIMIT = 5000;

/** Drops the whitespace and "#" comments of a verbose pattern, outside character classes. */
function unverbose(source: string): string {
  let out = '';
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i]!;
    if (c === '\\') {
      out += c + (source[i + 1] ?? '');
      i++;
    } else if (inClass) {
      if (c === ']') inClass = false;
      out += c;
    } else if (c === '[') {
      inClass = true;
      out += c;
    } else if (c === '#') {
      while (i < source.length && source[i] !== '\n') i++;
    } else if (!/\s/.test(c)) out += c;
  }
  return out;
}

export function pythonRegex(source: string): RegExp {
  const known = cache.get(source);
  if (known) return known;
  let body = source;
  let flags = '';
  for (let m = /^\(\?([aiLmsux]+)\)/.exec(body); m; m = /^\(\?([aiLmsux]+)\)/.exec(body)) {
    for (const f of m[1]!) if ('ims'.includes(f) && !flags.includes(f)) flags += f;
    if (m[1]!.includes('x')) body = unverbose(body.slice(m[0].length));
    else body = body.slice(m[0].length);
  }
  body = body
    .replace(/\(\?P<(\w+)>/g, '(?<$1>')
    .replace(/\(\?P=(\w+)\)/g, '\\k<$1>')
    // The very start and end of the text, whatever the multiline flag says.
    .replace(/(^|[^\\])\\A/g, '$1(?<![\\s\\S])')
    .replace(/(^|[^\\])\\Z/g, '$1(?![\\s\\S])');
  let re: RegExp;
  try {
    re = new RegExp(body, flags);
  } catch (err) {
    throw new PatternError(
      `"${source}" is not a valid pattern: ${(err as Error).message.replace(/^Invalid regular expression: /, '')}`,
    );
  }
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(source, re);
  return re;
}
