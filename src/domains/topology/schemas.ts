import { z } from 'zod';
import { LINK_PROTOCOLS } from './table.ts';

export const linkOut = z.object({
  id: z.string(),
  customerId: z.string(),
  localDeviceId: z.string(),
  localName: z.string().describe('hostname of the device that reported the link'),
  localInterface: z.string(),
  remoteDeviceId: z.string().nullable().describe('set when the neighbour is a device of the inventory'),
  remoteName: z.string(),
  remoteInterface: z.string(),
  protocol: z.enum(LINK_PROTOCOLS),
  stale: z.boolean().describe('no longer reported by the last discovery of its device'),
  firstSeenAt: z.date(),
  lastSeenAt: z.date(),
  jobId: z.string().nullable(),
});
