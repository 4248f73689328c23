/**
 * The result of merging configuration lines, computed by webnet for devices without a candidate
 * (IOS, NX-OS): what the running config becomes. Indentation gives the hierarchy, as in the
 * running config itself ("interface X" with its indented lines under it); a line already present
 * changes nothing, "no …" removes what it names, a single-valued setting ("description",
 * "ip address") replaces the old one, anything else is added at the end of its block, where the
 * device puts it. Written by hand: no library models Cisco-style configuration merges.
 */

export type MergeRules = {
  /** Settings that hold one value per block; setting one again replaces it. */
  singleValued?: RegExp | undefined;
  /** One level of indentation in the device's running config. */
  indent?: string | undefined;
};

type Node = { text: string; line: string; children: Node[] };

/** Lines that only move between contexts or separate blocks: they hold no configuration. */
const STRUCTURAL = /^(?:!.*|#.*|exit|end|exit-address-family)$/;

const depthOf = (line: string) => line.length - line.trimStart().length;

/** A forest by indentation: each line owns the more indented lines under it. */
function parse(lines: string[]): Node[] {
  const root: Node = { text: '', line: '', children: [] };
  const stack: { depth: number; node: Node }[] = [{ depth: -1, node: root }];
  for (const line of lines) {
    if (line.trim() === '') {
      // A blank line ends every block (as on the device) and stays where it was.
      stack.length = 1;
      root.children.push({ text: '', line: '', children: [] });
      continue;
    }
    const depth = depthOf(line);
    while (stack.length > 1 && stack.at(-1)!.depth >= depth) stack.pop();
    const node: Node = { text: line.trim(), line: line.trimEnd(), children: [] };
    stack.at(-1)!.node.children.push(node);
    stack.push({ depth, node });
  }
  return root.children;
}

function render(nodes: Node[], out: string[]): string[] {
  for (const n of nodes) {
    out.push(n.line);
    render(n.children, out);
  }
  return out;
}

/** A change's node rewritten at `level` in the device's indentation. */
function adopt(node: Node, level: number, indent: string): Node {
  return {
    text: node.text,
    line: indent.repeat(level) + node.text,
    children: node.children.filter((c) => !STRUCTURAL.test(c.text)).map((c) => adopt(c, level + 1, indent)),
  };
}

function mergeInto(siblings: Node[], change: Node[], level: number, rules: MergeRules): void {
  const indent = rules.indent ?? ' ';
  const keyOf = (text: string) => rules.singleValued?.exec(text)?.[0];
  for (const c of change) {
    if (STRUCTURAL.test(c.text)) continue;
    if (siblings.some((s) => s.text === c.text)) {
      mergeInto(siblings.find((s) => s.text === c.text)!.children, c.children, level + 1, rules);
      continue;
    }
    const negated = /^no\s+(.+)$/.exec(c.text)?.[1];
    if (negated !== undefined) {
      // "no shutdown" removes "shutdown"; "no description" removes the description, whatever it said.
      for (let i = siblings.length - 1; i >= 0; i--) {
        const t = siblings[i]!.text;
        if (t === negated || t.startsWith(`${negated} `)) siblings.splice(i, 1);
      }
      continue;
    }
    const key = keyOf(c.text);
    const same = key === undefined ? -1 : siblings.findIndex((s) => keyOf(s.text) === key);
    if (same !== -1) {
      const old = siblings[same]!;
      siblings[same] = { ...adopt(c, level, indent), children: old.children };
      mergeInto(siblings[same]!.children, c.children, level + 1, rules);
      continue;
    }
    // New top-level lines go before the closing "end" of an IOS running config.
    const end = level === 0 && siblings.at(-1)?.text === 'end' ? siblings.length - 1 : siblings.length;
    siblings.splice(end, 0, adopt(c, level, indent));
  }
}

/** The running config after merging `change` into it. */
export function mergeConfig(running: string, change: string[], rules: MergeRules = {}): string {
  const tree = parse((running.endsWith('\n') ? running.slice(0, -1) : running).split('\n'));
  mergeInto(tree, parse(change), 0, rules);
  return `${render(tree, []).join('\n')}\n`;
}
