/**
 * The longest run of plain characters every match of `re` must contain, read off its source:
 * only the top level counts (not inside a group, a class or an alternation), and a character
 * a quantifier may drop is not part of a run. Undefined when there is none of at least 3
 * characters, or the pattern ignores case. Used to skip, with one fast substring search, the
 * lines a pattern cannot match. Written here because no package reads regex sources this way.
 */
export function requiredLiteral(re: RegExp): string | undefined {
  if (re.flags.includes('i')) return undefined;
  const src = re.source;
  const runs: string[] = [];
  let run = '';
  let depth = 0;
  const cut = () => {
    if (run) runs.push(run);
    run = '';
  };
  for (let i = 0; i < src.length; i++) {
    const ch = src[i]!;
    const next = src[i + 1];
    const optionalNext = next === '?' || next === '*' || next === '{';
    if (ch === '\\') {
      const e = src[i + 1]!;
      i++;
      // \s, \d, \w, \b… are classes or assertions; an escaped punctuation mark is itself.
      if (/[A-Za-z0-9]/.test(e)) {
        cut();
        continue;
      }
      if (depth > 0) continue;
      if (src[i + 1] === '?' || src[i + 1] === '*' || src[i + 1] === '{') cut();
      else run += e;
      if (src[i + 1] === '+') cut();
      continue;
    }
    if (ch === '(') {
      cut();
      depth++;
      continue;
    }
    if (ch === ')') {
      depth--;
      // A group's quantifier does not touch the run outside it.
      continue;
    }
    if (ch === '[') {
      cut();
      while (i < src.length && src[i] !== ']') i += src[i] === '\\' ? 2 : 1;
      continue;
    }
    if (depth > 0) continue;
    if (ch === '|') return undefined;
    if ('^$.*+?{}'.includes(ch)) {
      cut();
      if (ch === '{') while (i < src.length && src[i] !== '}') i++;
      continue;
    }
    if (optionalNext) {
      cut();
      continue;
    }
    run += ch;
    if (next === '+') cut();
  }
  cut();
  const best = runs.sort((a, b) => b.length - a.length)[0];
  return best && best.length >= 3 ? best : undefined;
}
