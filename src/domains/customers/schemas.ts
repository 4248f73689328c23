import { z } from 'zod';
import { label, name } from '../../platform/http/schemas.ts';

export const customerOut = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  changesNeedApproval: z.boolean(),
  terminalRecordsInput: z.boolean(),
  createdAt: z.date(),
  updatedAt: z.date(),
});

const customerFields = {
  name: name(100),
  description: label(1000),
  changesNeedApproval: z
    .boolean()
    .describe("a change to this customer's devices runs only once someone other than its author approves it"),
  terminalRecordsInput: z
    .boolean()
    .describe(
      "browser terminals on this customer's devices record what is typed too (never at a password prompt), not only the output",
    ),
};

export const customerIn = z.strictObject({
  ...customerFields,
  description: customerFields.description.default(''),
  changesNeedApproval: customerFields.changesNeedApproval.default(false),
  terminalRecordsInput: customerFields.terminalRecordsInput.default(false),
});

/** An update changes only what it names (defaults would reset the rest). */
export const customerPatch = z.strictObject(customerFields).partial();

export const ipRangeOut = z.object({
  id: z.string(),
  customerId: z.string(),
  cidr: z.string(),
  description: z.string(),
  createdAt: z.date(),
});

/** PostgreSQL's cidr rejects host bits (10.0.0.1/8); check here so the answer names the field. */
export const cidr = z.union([z.cidrv4(), z.cidrv6()]).refine((v) => {
  const [addr, bits] = v.split('/');
  if (!addr || !bits || addr.includes(':')) return true;
  const n = addr.split('.').reduce((acc, o) => acc * 256 + Number(o), 0);
  const hostBits = 32 - Number(bits);
  return hostBits === 0 || n % 2 ** hostBits === 0;
}, 'has host bits set; use the network address');
