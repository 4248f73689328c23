/**
 * One device's configuration against the configuration rules of its policies: a pure step (text
 * in, verdicts as JSON out) that runs where it is cheapest, in the caller's thread for a backup's
 * few devices, or on an evaluator thread for a whole fleet (see evaluator-threads.ts).
 */
import type { TemplateDevice } from '../changes/template.ts';
import { compileRule, type RuleSource } from './compile-rule.ts';
import { type CompiledRule, evaluateRule } from './config-rules.ts';
import { parseConfig, styleOf } from './sections.ts';
import { type Prepared, prepare } from './verdicts.ts';

/** A policy's checked rules (as compilePolicy leaves them): plain data, compiled where evaluated. */
export type PolicyRules = { id: string; revision: number; rules: RuleSource[] };

/** What a device's evaluation needs, all of it plain data (it may cross to another thread). */
export type DeviceConfig = {
  deviceId: string;
  customerId: string;
  platform: string | null;
  /** The device as the intended templates see it. */
  seen: TemplateDevice;
  snapshotId: string;
  /**
   * The configuration, or its UTF-8 bytes: a fleet's configurations move to the evaluator threads
   * as bytes, without a copy (see evaluate.ts).
   */
  config: string | Uint8Array<ArrayBuffer>;
  /** The policies whose scope holds the device. */
  policyIds: string[];
};

export type DeviceVerdicts = {
  deviceId: string;
  rules: number;
  failing: number;
  /** One per policy, ready to store. */
  prepared: Prepared[];
};

/** The configuration as text, decoded here when it came as bytes (in the evaluator thread). */
const textOf = (config: string | Uint8Array) =>
  typeof config === 'string'
    ? config
    : Buffer.from(config.buffer, config.byteOffset, config.byteLength).toString('utf8');

/** A thread's compiled rules by policy, for the revision they were compiled at. */
const compiled = new Map<string, { revision: number; rules: CompiledRule[] }>();

/** The policy's rules compiled, once per revision in each thread that evaluates them. */
export function compiledRules(p: PolicyRules): CompiledRule[] {
  const known = compiled.get(p.id);
  if (known?.revision === p.revision) return known.rules;
  // Checked when the policy was saved: compiling again cannot fail but for a bug.
  const rules = p.rules.map((r) => compileRule(r));
  compiled.set(p.id, { revision: p.revision, rules });
  return rules;
}

/** The rules' names per compiled policy: one array its devices' verdicts share (see Prepared). */
const namesOf = new WeakMap<CompiledRule[], readonly string[]>();

/**
 * Every policy on one parse that is dropped before the next device is parsed: its hundreds of
 * line objects die young (a cheap scavenge) instead of living through the batch into the old
 * generation, where collecting them is dear (measured on 10,000 devices: webnet's CPU per device
 * 0.86 → 0.66 ms in the full evaluation, 0.59 → 0.47 ms in the incremental one). What outlives a
 * device is its verdicts as JSON, never its configuration.
 */
export function evaluateDevice(d: DeviceConfig, rulesOf: Map<string, CompiledRule[]>): DeviceVerdicts {
  const config = parseConfig(textOf(d.config), styleOf(d.platform));
  const out: DeviceVerdicts = { deviceId: d.deviceId, rules: 0, failing: 0, prepared: [] };
  for (const policyId of d.policyIds) {
    const rules = rulesOf.get(policyId)!;
    const verdicts = rules.map((rule) => evaluateRule(rule, config, d.seen));
    out.rules += verdicts.length;
    out.failing += verdicts.filter((v) => v.status === 'fail' || v.status === 'error').length;
    const key = {
      policy_id: policyId,
      device_id: d.deviceId,
      customer_id: d.customerId,
      kind: 'config' as const,
      snapshot_id: d.snapshotId,
    };
    let names = namesOf.get(rules);
    if (!names) {
      names = verdicts.map((v) => v.rule);
      namesOf.set(rules, names);
    }
    out.prepared.push(prepare(key, verdicts, names));
  }
  return out;
}
