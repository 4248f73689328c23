import type { LabDevice, LabInterface } from '../model.ts';
import type { Reply } from './types.ts';

/**
 * The faults a change sets off, once it has landed (`previous` is the running config before it).
 * "Commit cuts management": the session drops and the device answers no SSH until its confirm
 * timer reverts the change (restoreManagement) or the fault's time runs out. "Link down on
 * commit": an interface goes down until the configuration is back to `previous`. Returns the
 * reply to send: closing the session when management was cut.
 */
export function afterCommit(d: LabDevice, previous: string[], reply: Reply): Reply {
  const link = d.faults.linkDownOnCommit;
  if (link !== undefined) {
    d.faults = { ...d.faults, linkDownOnCommit: undefined };
    d.linkDown = { name: link, untilRunning: previous.join('\n') };
  }
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

/** Whether the interface's link is up now, the linkDownOnCommit fault included. */
export function linkUp(d: LabDevice, iface: LabInterface): boolean {
  if (!iface.up) return false;
  if (d.linkDown?.name !== iface.name) return true;
  if (d.running.join('\n') !== d.linkDown.untilRunning) return false;
  // Reverted: the link comes back for good.
  d.linkDown = undefined;
  return true;
}
