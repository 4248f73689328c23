/**
 * A configuration rule compiled from its checked source: its patterns as regular expressions
 * (Python's syntax, as users write them), its literal lines in normal form, its intended template
 * parsed. Apart from the policy's YAML and schema (policy.ts), so that an evaluator thread loads
 * only this and the evaluation.
 */
import { Liquid } from 'liquidjs';
import type { CompiledRule, LineSpec } from './config-rules.ts';
import { linePattern } from './line-patterns.ts';
import type { PolicySource } from './policy.ts';
import { PatternError, pythonRegex } from './pyregex.ts';
import { normalize } from './sections.ts';

/** What is wrong with a policy, and where. */
export class PolicyError extends Error {
  readonly line: number;
  readonly reason: string;
  constructor(line: number, reason: string) {
    super(`line ${line}: ${reason}`);
    this.line = line;
    this.reason = reason;
  }
}

export type RuleSource = PolicySource['rules'][number];

// The intended blocks' templates: the same sandbox rules as change templates (no files, own
// properties only, strict variables), rendered synchronously per device during evaluation.
const liquid = new Liquid({
  strictVariables: true,
  strictFilters: true,
  ownPropertyOnly: true,
  relativeReference: false,
  outputEscape: undefined,
  renderLimit: 1_000,
  fs: {
    exists: async () => false,
    existsSync: () => false,
    readFile: async () => {
      throw new Error('templates cannot read files');
    },
    readFileSync: () => {
      throw new Error('templates cannot read files');
    },
    resolve: (_root: string, file: string) => file,
  },
});

/** Compiles a checked rule; `lineOf` places a pattern or template that does not compile. */
export function compileRule(
  rule: RuleSource,
  lineOf: (key: (string | number)[]) => number = () => 0,
): CompiledRule {
  const pattern = (source: string, key: (string | number)[]) => {
    try {
      return pythonRegex(source);
    } catch (err) {
      if (err instanceof PatternError) throw new PolicyError(lineOf(key), `rules: ${err.message}`);
      throw err;
    }
  };
  const spec = (s: string | { pattern: string }, key: (string | number)[]): LineSpec =>
    typeof s === 'string'
      ? { literal: s, norm: normalize(s) }
      : linePattern(pattern(s.pattern, key), s.pattern);
  let intended: CompiledRule['intended'] = null;
  if (rule.intended !== undefined) {
    let template: ReturnType<typeof liquid.parse>;
    try {
      template = liquid.parse(rule.intended);
    } catch (err) {
      throw new PolicyError(lineOf(['intended']), `intended: ${(err as Error).message.split('\n')[0]}`);
    }
    intended = (device) => liquid.renderSync(template, { device }) as string;
  }
  const parents = rule.section && 'parent' in rule.section ? [rule.section.parent].flat() : undefined;
  return {
    name: rule.name,
    severity: rule.severity,
    description: rule.description,
    selector: {
      parents: parents?.map((p, i) => pattern(p, ['section', 'parent', ...(parents.length > 1 ? [i] : [])])),
      path: rule.section && 'path' in rule.section ? rule.section.path : undefined,
    },
    forEach: rule.for_each
      ? {
          where: rule.for_each.where ? spec(rule.for_each.where, ['for_each', 'where']) : undefined,
          unless: rule.for_each.unless ? spec(rule.for_each.unless, ['for_each', 'unless']) : undefined,
        }
      : null,
    mustContain: rule.must_contain.map((s, i) => spec(s, ['must_contain', i])),
    mustNotContain: rule.must_not_contain.map((s, i) => spec(s, ['must_not_contain', i])),
    count: rule.count
      ? {
          ...rule.count,
          ...linePattern(pattern(rule.count.pattern, ['count', 'pattern']), rule.count.pattern),
        }
      : null,
    intended,
    ordered: rule.match === 'ordered',
  };
}
