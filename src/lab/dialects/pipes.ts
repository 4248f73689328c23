/**
 * Output filters after "|" as Cisco, Arista and Juniper CLIs accept them: include/exclude
 * (grep/except/match on some), begin, section, no-more (handled by the caller: it only turns paging off).
 */
export function splitPipes(line: string): { command: string; pipes: string[] } {
  const [command = '', ...pipes] = line.split(/\s+\|\s+/);
  return { command: command.trim(), pipes: pipes.map((p) => p.trim()) };
}

export function applyPipes(output: string, pipes: string[]): string {
  if (pipes.every((p) => p === 'no-more')) return output;
  let lines = output.split('\n');
  for (const pipe of pipes) {
    const [verb = '', ...rest] = pipe.split(/\s+/);
    const arg = rest.join(' ');
    let re: RegExp;
    try {
      re = new RegExp(arg);
    } catch {
      re = new RegExp(arg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
    }
    if (/^(?:include|i|inc|grep|match)$/.test(verb)) lines = lines.filter((l) => re.test(l));
    else if (/^(?:exclude|e|exc|except)$/.test(verb)) lines = lines.filter((l) => !re.test(l));
    else if (/^(?:begin|b)$/.test(verb)) {
      const at = lines.findIndex((l) => re.test(l));
      lines = at === -1 ? [] : lines.slice(at);
    }
  }
  return lines.join('\n');
}

export const wantsNoMore = (pipes: string[]) => pipes.some((p) => /^no-more$/.test(p));
