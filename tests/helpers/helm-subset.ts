import fs from 'node:fs';
import path from 'node:path';
import { parse as parseYaml, stringify as toYaml } from 'yaml';

/**
 * Renders deploy/helm/webnet the way `helm template` does, for the part of Helm's template
 * language the chart uses, so that tests can check what the chart produces against Kubernetes'
 * schemas. Helm is not installed on the machines the tests run on (and cannot be fetched); `helm
 * lint` and `helm template` stay the full check. Any action outside this subset throws, so the
 * chart cannot drift into something this renders wrongly without a test failing.
 *
 * The subset: `{{ pipeline }}` and `{{- if pipeline }} … {{- end }}`, `{{- define "name" -}}` in
 * _helpers.tpl, whitespace trimming, and the functions include, default, required, add, not,
 * toYaml, quote, nindent over .Values, .Release and .Chart.
 */
type Ctx = {
  Values: Record<string, unknown>;
  Release: Record<string, unknown>;
  Chart: Record<string, unknown>;
};
type Node = { text: string } | { action: string } | { if: string; body: Node[] };

function tokenize(src: string): (string | { action: string })[] {
  const out: (string | { action: string })[] = [];
  const re = /\{\{(-?)\s*([\s\S]*?)\s*(-?)\}\}/g;
  let last = 0;
  let trimNext = false;
  for (let m = re.exec(src); m; m = re.exec(src)) {
    let text = src.slice(last, m.index);
    if (trimNext) text = text.replace(/^\s+/, '');
    if (m[1]) text = text.replace(/\s+$/, '');
    out.push(text, { action: m[2]! });
    trimNext = m[3] === '-';
    last = re.lastIndex;
  }
  const tail = src.slice(last);
  out.push(trimNext ? tail.replace(/^\s+/, '') : tail);
  return out;
}

function parse(tokens: (string | { action: string })[], defines: Map<string, Node[]>): Node[] {
  const stack: Node[][] = [[]];
  const frames: ({ kind: 'if'; cond: string } | { kind: 'define'; name: string })[] = [];
  for (const t of tokens) {
    const top = stack.at(-1)!;
    if (typeof t === 'string') {
      if (t) top.push({ text: t });
      continue;
    }
    const a = t.action;
    if (a.startsWith('/*')) continue;
    const define = /^define "([^"]+)"$/.exec(a);
    if (define) {
      frames.push({ kind: 'define', name: define[1]! });
      stack.push([]);
    } else if (a.startsWith('if ')) {
      frames.push({ kind: 'if', cond: a.slice(3) });
      stack.push([]);
    } else if (a === 'end') {
      const frame = frames.pop();
      const body = stack.pop()!;
      if (!frame) throw new Error('helm-subset: {{ end }} without a block');
      if (frame.kind === 'define') defines.set(frame.name, body);
      else stack.at(-1)!.push({ if: frame.cond, body });
    } else if (/^(else|range|with|template|block)\b/.test(a)) {
      throw new Error(`helm-subset: "${a}" is outside the subset this renders`);
    } else top.push({ action: a });
  }
  if (frames.length) throw new Error('helm-subset: a block is not closed');
  return stack[0]!;
}

const empty = (v: unknown) =>
  v === undefined ||
  v === null ||
  v === false ||
  v === 0 ||
  v === '' ||
  (Array.isArray(v) && v.length === 0) ||
  (typeof v === 'object' && v !== null && Object.keys(v).length === 0);

/** Splits a pipeline's words, keeping quoted strings and parenthesized pipelines whole. */
function words(expr: string): string[] {
  const out: string[] = [];
  let cur = '';
  let depth = 0;
  let quoted = false;
  for (const ch of expr) {
    if (ch === '"' && depth === 0) quoted = !quoted;
    if (!quoted && ch === '(') depth++;
    if (!quoted && ch === ')') depth--;
    if (!quoted && depth === 0 && /\s/.test(ch)) {
      if (cur) out.push(cur);
      cur = '';
    } else cur += ch;
  }
  if (cur) out.push(cur);
  return out;
}

function splitPipes(expr: string): string[] {
  const out: string[] = [];
  let cur = '';
  let depth = 0;
  let quoted = false;
  for (const ch of expr) {
    if (ch === '"') quoted = !quoted;
    if (!quoted && ch === '(') depth++;
    if (!quoted && ch === ')') depth--;
    if (!quoted && depth === 0 && ch === '|') {
      out.push(cur.trim());
      cur = '';
    } else cur += ch;
  }
  out.push(cur.trim());
  return out;
}

export class HelmSubset {
  private readonly defines = new Map<string, Node[]>();
  private readonly ctx: Ctx;
  constructor(ctx: Ctx) {
    this.ctx = ctx;
  }

  private value(word: string): unknown {
    if (word.startsWith('"')) return JSON.parse(word);
    if (/^-?\d+$/.test(word)) return Number(word);
    if (word.startsWith('(')) return this.pipeline(word.slice(1, -1));
    if (word === '.') return this.ctx;
    if (word.startsWith('.')) {
      return word
        .slice(1)
        .split('.')
        .reduce<unknown>(
          (o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined),
          this.ctx,
        );
    }
    throw new Error(`helm-subset: "${word}" is outside the subset this renders`);
  }

  private call(fn: string, args: unknown[]): unknown {
    switch (fn) {
      case 'include': {
        const body = this.defines.get(String(args[0]));
        if (!body) throw new Error(`helm-subset: no template "${args[0]}"`);
        return this.render(body).trim();
      }
      case 'default':
        return empty(args[1]) ? args[0] : args[1];
      case 'required':
        if (empty(args[1])) throw new Error(`execution error: ${args[0]}`);
        return args[1];
      case 'add':
        return Number(args[0]) + Number(args[1]);
      case 'not':
        return empty(args[0]);
      case 'toYaml':
        return empty(args[0]) ? '{}' : toYaml(args[0]).trimEnd();
      case 'quote':
        return JSON.stringify(String(args[0] ?? ''));
      case 'nindent': {
        const pad = ' '.repeat(Number(args[0]));
        return `\n${String(args[1])
          .split('\n')
          .map((l) => pad + l)
          .join('\n')}`;
      }
      default:
        throw new Error(`helm-subset: function "${fn}" is outside the subset this renders`);
    }
  }

  private pipeline(expr: string): unknown {
    let result: unknown;
    splitPipes(expr).forEach((segment, i) => {
      const [head, ...rest] = words(segment);
      if (!head) throw new Error(`helm-subset: empty pipeline in "${expr}"`);
      const isFunction = /^[a-zA-Z]+$/.test(head);
      if (!isFunction) {
        if (i > 0 || rest.length) throw new Error(`helm-subset: cannot read "${segment}"`);
        result = this.value(head);
        return;
      }
      const args = rest.map((w) => this.value(w));
      result = this.call(head, i > 0 ? [...args, result] : args);
    });
    return result;
  }

  private render(nodes: Node[]): string {
    return nodes
      .map((n) => {
        if ('text' in n) return n.text;
        if ('if' in n) return empty(this.pipeline(n.if)) ? '' : this.render(n.body);
        const v = this.pipeline(n.action);
        return v === undefined || v === null ? '' : String(v);
      })
      .join('');
  }

  /** Every template of the chart, rendered and parsed: the Kubernetes objects it would create. */
  static renderChart(
    chartDir: string,
    values: Record<string, unknown>,
    releaseName = 'rel',
  ): Record<string, unknown>[] {
    const chart = parseYaml(fs.readFileSync(path.join(chartDir, 'Chart.yaml'), 'utf8'));
    const defaults = parseYaml(fs.readFileSync(path.join(chartDir, 'values.yaml'), 'utf8'));
    const merge = (a: Record<string, unknown>, b: Record<string, unknown>): Record<string, unknown> => {
      const out = { ...a };
      for (const [k, v] of Object.entries(b))
        out[k] =
          v && typeof v === 'object' && !Array.isArray(v) && a[k] && typeof a[k] === 'object'
            ? merge(a[k] as Record<string, unknown>, v as Record<string, unknown>)
            : v;
      return out;
    };
    const r = new HelmSubset({
      Values: merge(defaults, values),
      Release: { Name: releaseName, Service: 'Helm' },
      Chart: { Name: chart.name, Version: chart.version, AppVersion: chart.appVersion },
    });
    const dir = path.join(chartDir, 'templates');
    const files = fs.readdirSync(dir).sort();
    for (const f of files.filter((x) => x.endsWith('.tpl')))
      parse(tokenize(fs.readFileSync(path.join(dir, f), 'utf8')), r.defines);
    const docs: Record<string, unknown>[] = [];
    for (const f of files.filter((x) => x.endsWith('.yaml'))) {
      const text = r.render(parse(tokenize(fs.readFileSync(path.join(dir, f), 'utf8')), r.defines));
      for (const part of text.split(/^---$/m)) {
        const doc = parseYaml(part);
        if (doc) docs.push(doc);
      }
    }
    return docs;
  }
}
