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

/**
 * The configuration lines that take a running config to `target` by merging (a rollback where
 * the device cannot replace its config whole): what only the running config has is negated, what
 * only the target has is added, under the blocks they belong to. Lines holding `secret` (the
 * redaction marker) are left alone on both sides: a stored snapshot has no secret to push back.
 * Both texts must be cleaned and redacted the same way (a backup's form).
 */
export function linesToReach(
  running: string,
  target: string,
  rules: MergeRules & { secret: string },
): string[] {
  const trim = (t: string) => (t.endsWith('\n') ? t.slice(0, -1) : t).split('\n');
  const entries: { path: string[]; line: string }[] = [];
  walk(parse(trim(running)), parse(trim(target)), [], entries, rules);
  // Each line under its block's header, a header written once for the lines that follow it.
  const indent = rules.indent ?? ' ';
  const out: string[] = [];
  let open: string[] = [];
  for (const { path, line } of entries) {
    let same = 0;
    while (same < path.length && same < open.length && path[same] === open[same]) same++;
    for (let i = same; i < path.length; i++) out.push(indent.repeat(i) + path[i]);
    out.push(indent.repeat(path.length) + line);
    open = path;
  }
  return out;
}

function walk(
  have: Node[],
  want: Node[],
  path: string[],
  out: { path: string[]; line: string }[],
  rules: MergeRules & { secret: string },
): void {
  const keyOf = (text: string) => rules.singleValued?.exec(text)?.[0];
  const skip = (n: Node) => n.text === '' || STRUCTURAL.test(n.text) || n.text.includes(rules.secret);
  const wanted = new Map(want.filter((n) => !skip(n)).map((n) => [n.text, n]));
  const had = new Map(have.filter((n) => !skip(n)).map((n) => [n.text, n]));
  const newKeys = new Set([...wanted.keys()].filter((t) => !had.has(t)).flatMap((t) => keyOf(t) ?? []));
  for (const text of had.keys()) {
    if (wanted.has(text)) continue;
    // A setting given a new value below needs no "no" first.
    const key = keyOf(text);
    if (key !== undefined && newKeys.has(key)) continue;
    // "no X" stands in the config for a default turned off: stating X turns it on again.
    out.push({ path, line: /^no\s+(.+)$/.exec(text)?.[1] ?? `no ${text}` });
  }
  const add = (node: Node, at: string[]) => {
    if (skip(node)) return;
    out.push({ path: at, line: node.text });
    for (const child of node.children) add(child, [...at, node.text]);
  };
  for (const [text, node] of wanted) {
    const existing = had.get(text);
    if (existing) walk(existing.children, node.children, [...path, text], out, rules);
    else add(node, path);
  }
}
