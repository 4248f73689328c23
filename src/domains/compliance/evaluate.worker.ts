/**
 * An evaluator thread: configurations in, verdicts out (see evaluator-threads.ts). It loads only
 * the pure evaluation (no database, no server).
 */
import module from 'node:module';
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
/** The verdicts (or the error), and the buffers the configurations came in, back for reuse. */
export type EvaluateReply = ({ id: number; verdicts: DeviceVerdicts[] } | { id: number; error: string }) & {
  returned: ArrayBuffer[];
};

// A thread writes what it compiled to the compile cache (when the process has one, see
// cli/main.ts) once loaded: the threads live as long as the server, which may end by SIGKILL.
module.flushCompileCache();

parentPort!.on('message', ({ id, policies, devices }: EvaluateRequest) => {
  // Each configuration is decoded into a string of its own as it is evaluated: once the chunk is
  // done, nothing here reads its buffer, which goes back to the server's thread.
  const returned = [
    ...new Set(devices.flatMap((d) => (typeof d.config === 'string' ? [] : [d.config.buffer]))),
  ];
  let reply: EvaluateReply;
  try {
    const rulesOf = new Map(policies.map((p) => [p.id, compiledRules(p)]));
    reply = { id, verdicts: devices.map((d) => evaluateDevice(d, rulesOf)), returned };
  } catch (err) {
    reply = { id, error: (err as Error).stack ?? String(err), returned };
  }
  parentPort!.postMessage(reply, returned);
});
