/**
 * Junos configuration kept as "set" statements (what "show configuration | display set" prints)
 * and shown as the braces of "show configuration". The lab does not know Junos' schema, so a
 * statement's last word is its value, and these containers always open a block of their own.
 */
const CONTAINERS = new Set(
  `system interfaces protocols routing-options policy-options snmp services login security firewall chassis vlans
  bgp ospf ospf3 lldp lldp-med isis mpls rsvp ldp routing-instances forwarding-options class-of-service syslog ntp
  root-authentication authentication from then ssh netconf archival configuration`.split(/\s+/),
);
/** Blocks named by their next word: "unit 0 {", "family inet {", "group peers {". */
const NAMED = new Set(
  'unit family group neighbor term policy-statement prefix-list user area interface community'.split(' '),
);

type Node = { children: Map<string, Node> };

export function tokens(statement: string): string[] {
  return statement.match(/"[^"]*"|\S+/g) ?? [];
}

function tree(statements: string[]): Node {
  const root: Node = { children: new Map() };
  for (const s of statements) {
    let node = root;
    for (const word of tokens(s).slice(1)) {
      let next = node.children.get(word);
      if (!next) {
        next = { children: new Map() };
        node.children.set(word, next);
      }
      node = next;
    }
  }
  return root;
}

function emit(name: string, node: Node, indent: string, out: string[]): void {
  if (node.children.size === 0) {
    out.push(`${indent}${name};`);
    return;
  }
  out.push(`${indent}${name} {`);
  render(node, `${indent}    `, out);
  out.push(`${indent}}`);
}

function render(node: Node, indent: string, out: string[]): void {
  for (const [word, child] of node.children) {
    if (NAMED.has(word)) {
      for (const [arg, grandchild] of child.children) emit(`${word} ${arg}`, grandchild, indent, out);
      continue;
    }
    if (CONTAINERS.has(word)) {
      emit(word, child, indent, out);
      continue;
    }
    // A chain of single children is one statement: "host-name r1;", "address 10.0.0.1/31;".
    let name = word;
    let current = child;
    while (current.children.size === 1) {
      const [next, nextNode] = [...current.children][0]!;
      if (CONTAINERS.has(next) || NAMED.has(next)) break;
      name += ` ${next}`;
      current = nextNode;
    }
    emit(name, current, indent, out);
  }
}

export function showConfiguration(statements: string[]): string {
  const out: string[] = [];
  render(tree(statements), '', out);
  return out.join('\n');
}

/** Applies a "set" or "delete" to the statements; "delete" removes everything under its path. */
export function applyStatement(statements: string[], line: string): string | null {
  const words = tokens(line);
  const verb = words[0];
  const path = words.slice(1).join(' ');
  if (!path) return 'error: missing argument';
  if (verb === 'set') {
    if (!statements.includes(`set ${path}`)) statements.push(`set ${path}`);
    return null;
  }
  if (verb === 'delete') {
    const before = statements.length;
    for (let i = statements.length - 1; i >= 0; i--) {
      const s = statements[i]!.slice(4);
      if (s === path || s.startsWith(`${path} `)) statements.splice(i, 1);
    }
    return statements.length === before ? 'warning: statement not found' : null;
  }
  return `error: unknown command: ${verb}`;
}

/** "show | compare": what the candidate adds and removes, as set statements. */
export function compare(running: string[], candidate: string[]): string {
  const removed = running.filter((s) => !candidate.includes(s)).map((s) => `- ${s}`);
  const added = candidate.filter((s) => !running.includes(s)).map((s) => `+ ${s}`);
  return removed.length + added.length === 0 ? '' : `[edit]\n${[...removed, ...added].join('\n')}`;
}

/**
 * The braces of "show configuration" read back into "set" statements, as "load override" does:
 * a block's words prefix every statement inside it. Comments ("#", "/* … *\/", "## SECRET-DATA")
 * go. Returns the line of the first syntax error instead when the text does not parse.
 */
export function parseConfiguration(text: string): { statements: string[] } | { error: string; line: number } {
  const statements: string[] = [];
  const stack: string[][] = [];
  const lines = text.split('\n');
  for (const [i, raw] of lines.entries()) {
    const line = raw
      .replace(/\s*##.*$/, '')
      .replace(/\/\*.*?\*\//g, '')
      .trim();
    if (line === '' || line.startsWith('#')) continue;
    if (line === '}') {
      if (!stack.pop()) return { error: 'unbalanced "}"', line: i + 1 };
      continue;
    }
    const open = /^(.*\S)\s*\{$/.exec(line);
    if (open) {
      stack.push(tokens(open[1]!));
      continue;
    }
    const leaf = /^(.*\S)\s*;$/.exec(line);
    if (!leaf) return { error: `syntax error: ${line}`, line: i + 1 };
    statements.push(`set ${[...stack.flat(), ...tokens(leaf[1]!)].join(' ')}`);
  }
  if (stack.length > 0) return { error: 'missing "}"', line: lines.length };
  return { statements };
}
