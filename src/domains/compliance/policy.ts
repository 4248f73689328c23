/**
 * A compliance policy as users write it (YAML), checked whole before anything is saved: YAML
 * errors, unknown keys, bad patterns, templates that do not parse and unknown getters are each
 * refused with their line and the reason.
 */
import { isMap, LineCounter, parseDocument } from 'yaml';
import { z } from 'zod';
import { deviceFilterBody } from '../devices/filter.ts';
import { compileRule, PolicyError } from './compile-rule.ts';
import { type CompiledRule, SEVERITIES } from './config-rules.ts';
import { PYYAML_OPTIONS } from './pyyaml.ts';

/** The getters a state rule may name: those webnet reads from devices, with NAPALM's names. */
export const STATE_GETTERS = [
  'get_facts',
  'get_interfaces',
  'get_interfaces_ip',
  'get_lldp_neighbors',
  'get_lldp_neighbors_detail',
  'get_ntp_servers',
  'get_users',
  'get_snmp_information',
  'get_arp_table',
  'get_mac_address_table',
  'get_environment',
  'get_vlans',
  'get_bgp_neighbors',
  'get_bgp_neighbors_detail',
  'get_route_to',
  'ping',
] as const;

const lineSpec = z.union([z.string().min(1), z.strictObject({ pattern: z.string().min(1) })]);

const ruleSchema = z
  .strictObject({
    name: z.string().min(1).max(200),
    description: z.string().max(4000).default(''),
    severity: z.enum(SEVERITIES).default('medium'),
    section: z
      .union([
        z.strictObject({ parent: z.union([z.string().min(1), z.array(z.string().min(1)).min(1).max(8)]) }),
        z.strictObject({ path: z.string().min(1) }),
      ])
      .optional(),
    for_each: z.strictObject({ where: lineSpec.optional(), unless: lineSpec.optional() }).optional(),
    must_contain: z.array(lineSpec).max(500).default([]),
    must_not_contain: z.array(lineSpec).max(500).default([]),
    count: z
      .strictObject({
        pattern: z.string().min(1),
        min: z.number().int().min(0).optional(),
        max: z.number().int().min(0).optional(),
      })
      .optional(),
    intended: z.string().max(100_000).optional(),
    match: z.enum(['ordered', 'unordered']).default('unordered'),
  })
  .refine((r) => r.must_contain.length || r.must_not_contain.length || r.count || r.intended !== undefined, {
    message: 'a rule needs must_contain, must_not_contain, count or intended',
  });

export const policySchema = z.strictObject({
  name: z.string().min(1).max(200),
  description: z.string().max(4000).default(''),
  /** The devices it applies to: the device list's filter, inside the policy's customer. */
  scope: deviceFilterBody.omit({ customerId: true }).default({}),
  rules: z.array(ruleSchema).max(500).default([]),
  /** NAPALM validation checks: `- get_facts: {...}`. */
  state: z.array(z.record(z.string(), z.unknown())).max(200).default([]),
});
export type PolicySource = z.infer<typeof policySchema>;

export { PolicyError };

export type CompiledPolicy = { source: PolicySource; rules: CompiledRule[] };

/**
 * The policy with its `state:` list read as NAPALM reads a validation file (PyYAML's scalars:
 * `is_enabled: yes` is true there), the rest as YAML 1.2; the text parses the same both ways.
 */
function withNapalmState(text: string, policy: unknown): unknown {
  if (typeof policy !== 'object' || policy === null || !('state' in policy)) return policy;
  const napalm = parseDocument(text, PYYAML_OPTIONS).toJS() as { state?: unknown };
  return { ...policy, state: napalm.state };
}

/** Parses and checks a policy; the first problem found is thrown with its line. */
export function compilePolicy(text: string): CompiledPolicy {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  const [error] = doc.errors;
  if (error) throw new PolicyError(lines.linePos(error.pos[0]).line, error.message.split('\n')[0]!);
  const lineOf = (path: (string | number)[]): number => {
    for (let p = path; ; p = p.slice(0, -1)) {
      const node = p.length ? doc.getIn(p, true) : doc.contents;
      const range = (node as { range?: [number, number, number] } | null)?.range;
      if (range) return lines.linePos(range[0]).line;
      if (p.length === 0) return 1;
    }
  };
  if (!isMap(doc.contents)) throw new PolicyError(1, 'a policy is a mapping: name, rules, state');
  const parsed = policySchema.safeParse(withNapalmState(text, doc.toJS()));
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const path = issue.path.filter((k): k is string | number => typeof k !== 'symbol');
    const where = path.length ? `${path.join('.')}: ` : '';
    // An unknown key is found on its own line, not its mapping's.
    const at = issue.code === 'unrecognized_keys' ? [...path, issue.keys[0]!] : path;
    throw new PolicyError(lineOf(at), `${where}${issue.message}`);
  }
  const source = parsed.data;
  const rules = source.rules.map((rule, i) => compileRule(rule, (key) => lineOf(['rules', i, ...key])));
  source.state.forEach((check, i) => {
    for (const getter of Object.keys(check))
      if (getter !== 'get_config' && !(STATE_GETTERS as readonly string[]).includes(getter))
        throw new PolicyError(
          lineOf(['state', i, getter]),
          `state.${i}: unknown getter "${getter}" (webnet reads ${STATE_GETTERS.join(', ')})`,
        );
  });
  return { source, rules };
}
