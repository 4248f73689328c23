import type { LabDevice } from '../model.ts';
import type { Reply } from './types.ts';

/**
 * The "commit cuts management" fault: once a change lands, the session drops and the device
 * answers no SSH until its confirm timer reverts the change (restoreManagement) or the fault's
 * time runs out. Returns the reply to send: closing the session when management was cut.
 */
export function afterCommit(d: LabDevice, reply: Reply): Reply {
  const ms = d.faults.cutManagementOnCommitMs;
  if (ms === undefined) return reply;
  // One cut per fault: a revert or a later change does not cut again.
  d.faults = { ...d.faults, cutManagementOnCommitMs: undefined };
  d.managementDownUntil = Date.now() + ms;
  return { output: reply.output, close: true };
}

/** The change is reverted: management answers again. */
export function restoreManagement(d: LabDevice): void {
  d.managementDownUntil = 0;
}

export const managementDown = (d: LabDevice) => (d.managementDownUntil ?? 0) > Date.now();
