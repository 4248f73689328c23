/**
 * What a rule's pattern tells before it is run: the text a matching line must start with, and a
 * run of text any matching line must contain. A policy's patterns run over every line of every
 * device's configuration (900 lines × 10,000 devices when a policy is saved), and most lines
 * cannot match: a `startsWith` turns most of them away for a fraction of a regular expression's
 * call, and a configuration that does not hold the required text at all is not read line by line.
 *
 * Both are read from the compiled pattern's source and are conservative: anything not plainly a
 * literal character (a class, a group, an escape such as `\d`, a quantifier, an alternation, the
 * `i` flag) ends what is read, so what they return is always implied by a match.
 */

/** The character an escape stands for when it is a literal one (`\.`, `\+`, `\/`), else null. */
function escapedLiteral(c: string | undefined): string | null {
  return c !== undefined && /[^A-Za-z0-9_]/.test(c) ? c : null;
}

/** Whether the pattern has a `|` outside a character class: `^a|b` anchors only its first branch. */
function hasAlternation(source: string): boolean {
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') i++;
    else if (inClass) inClass = c !== ']';
    else if (c === '[') inClass = true;
    else if (c === '|') return true;
  }
  return false;
}

const QUANTIFIER = new Set(['?', '*', '+', '{']);
const SPECIAL = new Set(['.', '^', '$', '|', '?', '*', '+', '(', ')', '[', ']', '{', '}']);

/**
 * The pattern read from `from` as literal characters and breaks: anything not plainly a literal
 * is a break (a group or a class is skipped whole: it may be optional, or match many texts). A
 * literal followed by a quantifier comes with it: `?`, `*` and `{…}` may leave it out, `+` not.
 */
function* pieces(
  source: string,
  from: number,
): Generator<{ literal: string; quantifier: string | null } | null> {
  for (let i = from; i < source.length; i++) {
    const c = source[i]!;
    let literal: string | null = c;
    if (c === '\\') {
      literal = escapedLiteral(source[i + 1]);
      i++;
      // What an escape's letter takes after it is not literal text: \x41, \u0041, \cJ, \k<name>, \12.
      if (literal === null) i = escapeEnd(source, i);
    } else if (SPECIAL.has(c)) {
      if (c === '(' || c === '[') i = skipBracket(source, i);
      literal = null;
    }
    if (literal === null) {
      yield null;
      continue;
    }
    const next = source[i + 1];
    const quantifier = next !== undefined && QUANTIFIER.has(next) ? next : null;
    yield { literal, quantifier };
  }
}

/** The last index of an escape whose letter (or digit) is at `at`. */
function escapeEnd(source: string, at: number): number {
  const c = source[at];
  if (c === 'x') return at + 2;
  const until = (ch: string) => {
    const end = source.indexOf(ch, at);
    return end < 0 ? source.length : end;
  };
  if (c === 'u') return source[at + 1] === '{' ? until('}') : at + 4;
  if (c === 'c') return at + 1;
  if (c === 'k' && source[at + 1] === '<') return until('>');
  let end = at;
  if (c !== undefined && /\d/.test(c)) while (/\d/.test(source[end + 1] ?? '')) end++;
  return end;
}

/** The index of the `)` or `]` closing the bracket at `at` (the end of the source if none). */
function skipBracket(source: string, at: number): number {
  let depth = 0;
  let inClass = false;
  for (let i = at; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') i++;
    else if (inClass) {
      if (c === ']') {
        inClass = false;
        if (depth === 0) return i;
      }
    } else if (c === '[') inClass = true;
    else if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return i;
  }
  return source.length;
}

const usable = (re: RegExp) => !re.flags.includes('i') && !hasAlternation(re.source);

/** The text every line the pattern matches starts with ("" when it is not anchored or not known). */
export function literalPrefix(re: RegExp): string {
  if (!usable(re) || !re.source.startsWith('^')) return '';
  let prefix = '';
  for (const piece of pieces(re.source, 1)) {
    if (piece === null) break;
    if (piece.quantifier === null) prefix += piece.literal;
    else {
      if (piece.quantifier === '+') prefix += piece.literal;
      break;
    }
  }
  return prefix;
}

/**
 * Whether the pattern is its literal prefix and nothing more (`^interface GigabitEthernet`,
 * `^ntp server `): a line matches exactly when it starts with the prefix, and the expression need
 * not run. Most section headers and many line patterns are written so.
 */
export function isWholePrefix(re: RegExp): boolean {
  if (!usable(re) || !re.source.startsWith('^')) return false;
  for (const piece of pieces(re.source, 1)) if (piece === null || piece.quantifier !== null) return false;
  return true;
}

/** The longest text every line the pattern matches contains ("" when none is known). */
export function requiredText(re: RegExp): string {
  if (!usable(re)) return '';
  let longest = '';
  let run = '';
  for (const piece of pieces(re.source, 0)) {
    if (piece !== null && piece.quantifier === null) {
      run += piece.literal;
      continue;
    }
    if (piece?.quantifier === '+') run += piece.literal;
    if (run.length > longest.length) longest = run;
    run = '';
  }
  return run.length > longest.length ? run : longest;
}

/** A pattern with what is known of its matches before it runs. */
export type LinePattern = {
  pattern: RegExp;
  /** What the rule's author wrote (a Python pattern). */
  source: string;
  /** Every matching line starts with it. */
  prefix: string;
  /** Every matching line contains it. */
  needle: string;
  /** The pattern is the prefix alone: starting with it is matching. */
  whole: boolean;
};

export function linePattern(pattern: RegExp, source: string): LinePattern {
  return {
    pattern,
    source,
    prefix: literalPrefix(pattern),
    needle: requiredText(pattern),
    whole: isWholePrefix(pattern),
  };
}

/**
 * Whether one line matches: the prefix turns most lines away before the pattern runs, and a
 * pattern that is only its prefix does not run at all (a section's header pattern is tested on
 * every top-level line of every device: the rule engine 116.6-118.9 -> 113.9-115.9 µs per device
 * on the benchmark's policy and configurations, three pairs alternated).
 */
export function testLine(p: LinePattern, text: string): boolean {
  if (p.whole) return text.startsWith(p.prefix);
  return (p.prefix === '' || text.startsWith(p.prefix)) && p.pattern.test(text);
}
