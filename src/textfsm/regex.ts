/**
 * Python regular expressions (the `re` module, as TextFSM templates are written) translated to
 * JavaScript. No library does this, so it is written here: a single pass over the pattern that
 * re-emits every token in a JavaScript form with Python's meaning.
 *
 * Two translations come out of one pass:
 * - `ascii`: for input that is printable ASCII (nearly all device output). `\w`, `\d`, `\s` and
 *   `\b` mean the same in both languages there, so they stay as they are and V8 runs them fast.
 * - `unicode`: for any other input, compiled with the `u` flag. Python's `\w`, `\d`, `\s` and
 *   `\b` are Unicode-aware on str patterns (a description "Büro" is one word to Python), so they
 *   become Unicode property classes here.
 *
 * What differs and how it is handled: `(?P<name>…)` and `(?P=name)`; global inline flags
 * `(?aiLmsux)` (applied to the whole pattern, as Python before 3.11 did wherever they stood);
 * scoped flags `(?i:…)`; `(?#…)` comments; verbose mode; `\A`, `\Z`; `{,n}`; a `]` first in a
 * class; octal escapes, `\a`, `\U`; possessive quantifiers and atomic groups (emulated with a
 * lookahead and a backreference, numeric backreferences renumbered). What JavaScript cannot
 * express (conditionals `(?(1)…)`, `\N{name}`) is refused with the position.
 */

export class RegexTranslationError extends Error {}

export type TranslatedRegex = { ascii: string; unicode: string; flags: string };

const SYNTAX = new Set('^$\\.*+?()[]{}|/');
const PY_WHITESPACE =
  '\\t\\n\\x0b\\x0c\\r\\x1c-\\x20\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
const PY_WORD = '\\p{L}\\p{N}_';
const PY_DIGIT = '\\p{Nd}';
const UNICODE_CLASS: Record<string, { set: string; negated: boolean }> = {
  w: { set: PY_WORD, negated: false },
  W: { set: PY_WORD, negated: true },
  d: { set: PY_DIGIT, negated: false },
  D: { set: PY_DIGIT, negated: true },
  s: { set: PY_WHITESPACE, negated: false },
  S: { set: PY_WHITESPACE, negated: true },
};
const SIMPLE_ESCAPES: Record<string, string> = {
  a: '\\x07',
  f: '\\f',
  n: '\\n',
  r: '\\r',
  t: '\\t',
  v: '\\v',
};

type Out = { ascii: string; unicode: string };
/** A place in the output, with the JavaScript groups opened before it. */
type Mark = Out & { groups: number; lookaround?: boolean };
type OpenGroup = {
  kind: 'plain' | 'atomic' | 'lookaround';
  atomicGroup?: number;
  start: Mark;
  verbose: boolean;
};

/** A code point as a JavaScript escape valid in both modes (inside or outside a class). */
function escapeCodePoint(cp: number, inClass = false): Out {
  const ch = String.fromCodePoint(cp);
  // \- is valid only inside a class under the u flag; outside one a hyphen is plain text.
  if (ch === '-') return inClass ? { ascii: '\\-', unicode: '\\-' } : { ascii: '-', unicode: '-' };
  if (cp < 0x20 || cp === 0x7f) {
    const hex = `\\x${cp.toString(16).padStart(2, '0')}`;
    return { ascii: hex, unicode: hex };
  }
  if (SYNTAX.has(ch)) return { ascii: `\\${ch}`, unicode: `\\${ch}` };
  if (cp > 0xffff) {
    // Outside the u flag an astral character is two code units; as a literal it still matches.
    return { ascii: ch, unicode: `\\u{${cp.toString(16)}}` };
  }
  return { ascii: ch, unicode: ch };
}

export function translatePythonRegex(pattern: string): TranslatedRegex {
  return new Translator(pattern).run();
}

class Translator {
  private i = 0;
  private out: Out = { ascii: '', unicode: '' };
  private flags = new Set<string>();
  private verbose = false;
  private readonly groups: OpenGroup[] = [];
  /** Python group number → JavaScript group number (they differ once an atomic group is emulated). */
  private readonly groupMap: number[] = [0];
  private jsGroups = 0;
  /** Where the last quantifiable atom began in the output, for possessive quantifiers. */
  private atomStart: Mark | null = null;

  private readonly p: string;

  constructor(p: string) {
    this.p = p;
    // Global flags hold for the whole pattern wherever they stand, so read them first.
    for (const m of p.matchAll(/\(\?([aiLmsux]+)\)/g)) for (const f of m[1]!) this.flags.add(f);
    this.verbose = this.flags.has('x');
  }

  run(): TranslatedRegex {
    while (this.i < this.p.length) this.token();
    if (this.groups.length) this.fail('missing ), unterminated subpattern', this.p.length);
    let flags = '';
    if (this.flags.has('i')) flags += 'i';
    if (this.flags.has('m')) flags += 'm';
    if (this.flags.has('s')) flags += 's';
    return { ascii: this.out.ascii, unicode: this.out.unicode, flags };
  }

  private fail(reason: string, at = this.i): never {
    throw new RegexTranslationError(`${reason} at position ${at}`);
  }

  private emit(ascii: string, unicode = ascii): void {
    this.out.ascii += ascii;
    this.out.unicode += unicode;
  }

  private mark(): Mark {
    return { ...this.out, groups: this.jsGroups };
  }

  private token(): void {
    const c = this.p[this.i]!;
    if (this.verbose && /\s/.test(c)) {
      this.i++;
      return;
    }
    if (this.verbose && c === '#') {
      while (this.i < this.p.length && this.p[this.i] !== '\n') this.i++;
      return;
    }
    switch (c) {
      case '(':
        this.openGroup();
        return;
      case ')':
        this.closeGroup();
        return;
      case '[':
        this.atomStart = this.mark();
        this.charClass();
        return;
      case '\\':
        this.escape();
        return;
      case '*':
      case '+':
      case '?':
        this.quantifier(c, 1);
        return;
      case '{': {
        const q = /^\{(\d*)(,?)(\d*)\}/.exec(this.p.slice(this.i));
        if (q && (q[1] || q[2]) && this.atomStart) {
          const text = q[2] ? `{${q[1] || '0'},${q[3]}}` : `{${q[1]}}`;
          this.quantifier(text, q[0].length);
          return;
        }
        this.atomStart = this.mark();
        this.emit('\\{');
        this.i++;
        return;
      }
      case '^':
      case '$':
      case '|':
        this.atomStart = null;
        this.emit(c);
        this.i++;
        return;
      case '.':
        this.atomStart = this.mark();
        this.emit('.');
        this.i++;
        return;
      default: {
        const cp = this.p.codePointAt(this.i)!;
        this.atomStart = this.mark();
        const e = escapeCodePoint(cp);
        this.emit(e.ascii, e.unicode);
        this.i += cp > 0xffff ? 2 : 1;
      }
    }
  }

  private quantifier(text: string, length: number): void {
    if (!this.atomStart) this.fail('nothing to repeat');
    if (this.atomStart.lookaround) {
      // Python repeats an assertion; JavaScript repeats only a group around one.
      const s = this.atomStart;
      this.out = {
        ascii: `${s.ascii}(?:${this.out.ascii.slice(s.ascii.length)})`,
        unicode: `${s.unicode}(?:${this.out.unicode.slice(s.unicode.length)})`,
      };
    }
    this.i += length;
    const next = this.p[this.i];
    if (next === '?') {
      this.emit(`${text}?`);
      this.i++;
    } else if (next === '+') {
      // Possessive (Python 3.11): once matched, never given back — an atomic group around it.
      this.i++;
      const start = this.atomStart;
      // The wrapper's group opens before the atom's own groups: they move up by one.
      const n = start.groups + 1;
      this.jsGroups++;
      for (let k = 1; k < this.groupMap.length; k++)
        if (this.groupMap[k]! >= n) this.groupMap[k] = this.groupMap[k]! + 1;
      this.out = {
        ascii: `${start.ascii}(?:(?=(${this.out.ascii.slice(start.ascii.length)}${text}))\\${n})`,
        unicode: `${start.unicode}(?:(?=(${this.out.unicode.slice(start.unicode.length)}${text}))\\${n})`,
      };
    } else {
      this.emit(text);
    }
    this.atomStart = null;
  }

  private openGroup(): void {
    const start = this.mark();
    const rest = this.p.slice(this.i);
    const push = (kind: OpenGroup['kind'], atomicGroup?: number) =>
      this.groups.push({ kind, atomicGroup, start, verbose: this.verbose });
    const named = /^\(\?P?<([A-Za-z_]\w*)>/.exec(rest);
    const backref = /^\(\?P=([A-Za-z_]\w*)\)/.exec(rest);
    const plain = /^\(\?(:|=|!|<=|<!)/.exec(rest);
    const flags = /^\(\?([aiLmsux]*)(?:-([imsx]+))?(:|\))/.exec(rest);
    this.atomStart = null;
    if (named) {
      this.capture();
      this.emit(`(?<${named[1]}>`);
      push('plain');
      this.i += named[0].length;
    } else if (backref) {
      this.atomStart = start;
      this.emit(`\\k<${backref[1]}>`);
      this.i += backref[0].length;
    } else if (plain) {
      this.emit(plain[0]);
      push(plain[1] === ':' ? 'plain' : 'lookaround');
      this.i += plain[0].length;
    } else if (rest.startsWith('(?#')) {
      const end = this.p.indexOf(')', this.i);
      if (end < 0) this.fail('missing ), unterminated comment');
      this.i = end + 1;
    } else if (rest.startsWith('(?>')) {
      const n = ++this.jsGroups;
      this.emit('(?:(?=(');
      push('atomic', n);
      this.i += 3;
    } else if (flags && (flags[1] || flags[2])) {
      this.i += flags[0].length;
      if (flags[3] === ')') {
        if (flags[2]) this.fail('missing :');
        return; // global flags, read in the constructor
      }
      const js = (s: string | undefined) => [...(s ?? '')].filter((f) => 'ims'.includes(f)).join('');
      const on = js(flags[1]);
      const off = js(flags[2]);
      this.emit(on || off ? `(?${on}${off ? `-${off}` : ''}:` : '(?:');
      push('plain');
      if (flags[1]?.includes('x')) this.verbose = true;
      if (flags[2]?.includes('x')) this.verbose = false;
    } else if (rest.startsWith('(?(')) {
      this.fail('conditional groups (?(…)…) cannot be expressed in JavaScript');
    } else if (rest.startsWith('(?')) {
      this.fail(`unknown extension ${rest.slice(0, 3)}`);
    } else {
      this.capture();
      this.emit('(');
      push('plain');
      this.i += 1;
    }
  }

  private capture(): void {
    this.groupMap.push(++this.jsGroups);
  }

  private closeGroup(): void {
    const g = this.groups.pop();
    if (!g) this.fail('unbalanced parenthesis');
    this.emit(g.kind === 'atomic' ? `))\\${g.atomicGroup})` : ')');
    this.verbose = g.verbose;
    this.atomStart = { ...g.start, lookaround: g.kind === 'lookaround' };
    this.i++;
  }

  private escape(): void {
    const start = this.mark();
    const at = this.i;
    const c = this.p[this.i + 1];
    if (c === undefined) this.fail('bad escape (end of pattern)');
    this.i += 2;
    this.atomStart = start;
    if (c === 'A') {
      this.emit('(?<![\\s\\S])');
      return;
    }
    if (c === 'Z') {
      this.emit('(?![\\s\\S])');
      return;
    }
    if (c === 'b' || c === 'B') {
      this.atomStart = null;
      const w = `[${PY_WORD}]`;
      const word = `(?:(?<=${w})(?!${w})|(?<!${w})(?=${w}))`;
      const notWord = `(?:(?<=${w})(?=${w})|(?<!${w})(?!${w}))`;
      this.emit(`\\${c}`, c === 'b' ? word : notWord);
      return;
    }
    const cls = UNICODE_CLASS[c];
    if (cls) {
      this.emit(`\\${c}`, `[${cls.negated ? '^' : ''}${cls.set}]`);
      return;
    }
    if (/[1-9]/.test(c)) {
      const oct = /^[0-7]{2}/.exec(this.p.slice(this.i));
      if (c <= '7' && oct && this.p[this.i - 1]! <= '3') {
        this.i += 2;
        this.emitCodePoint(Number.parseInt(c + oct[0], 8));
        return;
      }
      const digits = /^\d?/.exec(this.p.slice(this.i))![0];
      this.i += digits.length;
      const n = Number(c + digits);
      const js = this.groupMap[n];
      if (js === undefined) this.fail(`invalid group reference ${n}`, at);
      this.emit(`(?:\\${js})`);
      return;
    }
    const cp = this.readCodeEscape(c, at);
    if (cp !== undefined) {
      this.emitCodePoint(cp);
      return;
    }
    if (/[A-Za-z0-9]/.test(c)) this.fail(`bad escape \\${c}`, at);
    this.i--;
    const lit = this.p.codePointAt(this.i)!;
    this.i += lit > 0xffff ? 2 : 1;
    this.emitCodePoint(lit);
  }

  /** `\0`, `\x`, `\u`, `\U`, `\a` …: the code point they stand for, in or out of a class. */
  private readCodeEscape(c: string, at: number): number | undefined {
    if (SIMPLE_ESCAPES[c])
      return SIMPLE_ESCAPES[c] === '\\x07' ? 7 : '\f\n\r\t\v'['fnrtv'.indexOf(c)]!.charCodeAt(0);
    const hex = (n: number) => {
      const h = this.p.slice(this.i, this.i + n);
      if (!new RegExp(`^[0-9a-fA-F]{${n}}$`).test(h)) this.fail(`incomplete escape \\${c}${h}`, at);
      this.i += n;
      return Number.parseInt(h, 16);
    };
    if (c === 'x') return hex(2);
    if (c === 'u') return hex(4);
    if (c === 'U') return hex(8);
    if (c === '0') {
      const oct = /^[0-7]{0,2}/.exec(this.p.slice(this.i))![0];
      this.i += oct.length;
      return Number.parseInt(`0${oct}`, 8);
    }
    if (c === 'N') this.fail('\\N{name} escapes cannot be expressed in JavaScript', at);
    return undefined;
  }

  private emitCodePoint(cp: number): void {
    const e = escapeCodePoint(cp);
    this.emit(e.ascii, e.unicode);
  }

  /**
   * A character class. Python lets `]` stand first and `[` stand anywhere inside; the Unicode
   * translation must also place `\W`, `\D`, `\S` (negations that cannot sit inside a `u` class
   * with property escapes) outside the brackets: [a\W] becomes (?:[a]|[^word]).
   */
  private charClass(): void {
    const open = this.i;
    this.i++;
    const negated = this.p[this.i] === '^';
    if (negated) this.i++;
    let ascii = '';
    let unicode = '';
    const negatedSets: string[] = [];
    /** The last item was a single character, so a following "-x" makes a range. */
    let single = false;
    let inRange = false;
    const add = (cp: number) => {
      const x = escapeCodePoint(cp, true);
      ascii += x.ascii;
      unicode += x.unicode;
      single = !inRange;
      inRange = false;
    };
    let first = true;
    for (;;) {
      if (this.i >= this.p.length) this.fail('unterminated character set', open);
      const c = this.p[this.i]!;
      if (c === ']' && !first) break;
      first = false;
      if (c === '-' && single && this.p[this.i + 1] !== ']' && this.i + 1 < this.p.length) {
        ascii += '-';
        unicode += '-';
        single = false;
        inRange = true;
        this.i++;
        continue;
      }
      if (c === '\\') {
        const e = this.p[this.i + 1];
        if (e === undefined) this.fail('unterminated character set', open);
        const at = this.i;
        this.i += 2;
        const cls = UNICODE_CLASS[e];
        if (cls) {
          if (inRange) this.fail(`bad character range ending in \\${e}`, at);
          ascii += `\\${e}`;
          if (cls.negated) negatedSets.push(cls.set);
          else unicode += cls.set;
          single = false;
          continue;
        }
        let cp = e === 'b' ? 8 : this.readCodeEscape(e, at);
        if (cp === undefined && /[1-7]/.test(e)) {
          const oct = /^[0-7]{0,2}/.exec(this.p.slice(this.i))![0];
          this.i += oct.length;
          cp = Number.parseInt(e + oct, 8);
        }
        if (cp === undefined) {
          if (/[A-Za-z0-9]/.test(e)) this.fail(`bad escape \\${e}`, at);
          cp = e.codePointAt(0)!;
        }
        add(cp);
        continue;
      }
      const cp = this.p.codePointAt(this.i)!;
      this.i += cp > 0xffff ? 2 : 1;
      add(cp);
    }
    this.i++; // the closing ]
    const caret = negated ? '^' : '';
    let uni = `[${caret}${unicode}]`;
    if (negatedSets.length) {
      uni = negated
        ? `(?:${unicode ? `(?![${unicode}])` : ''}${negatedSets.map((s, k) => (k < negatedSets.length - 1 ? `(?=[${s}])` : `[${s}]`)).join('')})`
        : `(?:${[unicode ? `[${unicode}]` : '', ...negatedSets.map((s) => `[^${s}]`)].filter(Boolean).join('|')})`;
    }
    this.emit(`[${caret}${ascii}]`, uni);
  }
}
