import type { FailureCategory } from '../../netio/index.ts';
import type { Tx } from '../../platform/db/client.ts';
import type { DecryptedCredential } from '../credentials/service.ts';
import type { JobType } from './table.ts';

/** What a device task knows of its device: enough to reach it, nothing the API would hide. */
export type TaskDevice = {
  id: string;
  customerId: string;
  hostname: string;
  mgmtIp: string;
  port: number;
  platform: string;
  legacySsh: boolean;
  hostKey: string | null;
  credential: DecryptedCredential | undefined;
};

export type RunContext = {
  signal: AbortSignal;
  timeoutMs: number;
  /** Keys the markers that stand in for redacted secrets, so a changed secret still shows as a change. */
  redactionKey: Uint8Array;
};

/** A device task's result before it is stored. */
export type DeviceOutcome<S = unknown> = {
  summary: string;
  output?: unknown;
  /** The SSH host key seen, pinned on the device when it had none. */
  hostKey?: string | undefined;
  /** For the handler's `store`, inside the transaction that records the result. */
  value?: S;
  /** The device answered, but what it said makes this device a failure (its output is still kept). */
  error?: { category: FailureCategory; message: string } | undefined;
};

export type StoreItem<S> = {
  device: TaskDevice;
  jobId: string;
  requestedByName: string;
  value: S;
  at: Date;
};

/** What `store` decides per item: a final summary and output, and a key counted in the job's summary. */
export type Stored = { summary?: string; output?: unknown; count?: string };

/**
 * A job type is a handler per device plus, where results are durable beyond the job (snapshots,
 * facts, links), a `store` that runs in the same transaction that records the device as done, so a
 * task that runs twice (a worker died after the work) stores its effect once.
 */
export type JobHandler<P = Record<string, unknown>, S = unknown> = {
  type: JobType;
  /** Reachability needs no login; everything else does. */
  needsCredential: boolean;
  /** A failure means the device is unreachable (the reachability check itself). */
  failureMarksUnreachable?: boolean;
  run(device: TaskDevice, payload: P, ctx: RunContext): Promise<DeviceOutcome<S>>;
  store?(tx: Tx, items: StoreItem<S>[]): Promise<Stored[]>;
};

export type JobRegistry = ReadonlyMap<JobType, JobHandler>;

// biome-ignore lint/suspicious/noExplicitAny: handlers differ in payload and value types; the registry erases them (payloads are checked by the job schemas)
type AnyHandler = JobHandler<any, any>;

export function jobRegistry(handlers: AnyHandler[]): JobRegistry {
  return new Map(handlers.map((h) => [h.type, h as unknown as JobHandler]));
}
