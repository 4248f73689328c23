/**
 * An evaluator thread: configurations in, verdicts out (see evaluator-threads.ts). It loads only
 * the pure evaluation (no database, no server).
 */
import { parentPort } from 'node:worker_threads';
import {
  compiledRules,
  type DeviceConfig,
  type DeviceVerdicts,
  evaluateDevice,
  type PolicyRules,
} from './evaluate-device.ts';

/** A chunk of devices with the policies they are in (each sent once per chunk, not per device). */
export type EvaluateRequest = { id: number; policies: PolicyRules[]; devices: DeviceConfig[] };
export type EvaluateReply = { id: number; verdicts: DeviceVerdicts[] } | { id: number; error: string };

parentPort!.on('message', ({ id, policies, devices }: EvaluateRequest) => {
  let reply: EvaluateReply;
  try {
    const rulesOf = new Map(policies.map((p) => [p.id, compiledRules(p)]));
    reply = { id, verdicts: devices.map((d) => evaluateDevice(d, rulesOf)) };
  } catch (err) {
    reply = { id, error: (err as Error).stack ?? String(err) };
  }
  parentPort!.postMessage(reply);
});
