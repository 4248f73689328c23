import type { z } from 'zod';
import type { FailureCategory, Transcript } from '../../netio/index.ts';
import type { Db, Tx } from '../../platform/db/client.ts';
import type { Queue } from '../../platform/queue.ts';
import type { SecretBox } from '../../platform/secrets.ts';
import type { Actor } from '../../platform/tenancy.ts';
import type { CredentialChoice, DecryptedCredential } from '../credentials/service.ts';
import type { JobStatus, JobType } from './table.ts';

/** What a device task knows of its device: enough to reach it, nothing the API would hide. */
export type TaskDevice = {
  id: string;
  customerId: string;
  hostname: string;
  mgmtIp: string;
  port: number;
  platform: string;
  legacySsh: boolean;
  /** SSH, or telnet for devices that speak nothing else. */
  transport?: 'ssh' | 'telnet';
  hostKey: string | null;
  /** Its own credential, or the first of the customer's it may try. */
  credential: DecryptedCredential | undefined;
  /**
   * The credentials to log in with, in order: its own alone, or (without one) the customer's it
   * may try, each tried on an authentication failure only.
   */
  credentials: CredentialChoice[];
  /** True when it has no credential of its own and tries the customer's. */
  fallback?: boolean;
  /** With `fallback`: when every credential it may try was last refused. */
  credentialsFailedAt?: Date | null;
  /** For a work item that groups inventory devices (JobHandler.devicesPerItem): those devices. */
  deviceIds?: string[];
};

export type RunContext = {
  signal: AbortSignal;
  timeoutMs: number;
  /** Keys the markers that stand in for redacted secrets, so a changed secret still shows as a change. */
  redactionKey: Uint8Array;
  /**
   * For handlers whose work has durable steps of its own while the device is being worked on (a
   * change records "applied" before it touches the device, and queues its revert guard).
   */
  db: Db;
  queue: Queue;
  /** For a handler that opens a secret of its own (a NetBox token); device credentials come opened. */
  secrets: SecretBox;
  /** The job this task belongs to. */
  jobId: string;
  /**
   * Filled in by the device session (onDevice) for the result: the credential that logged in,
   * and whether every credential the device may try failed.
   */
  report?: { credential?: { id: string; name: string }; credentialsFailed?: boolean };
  /** Where the device sessions keep their exchange (the job device's transcript). */
  transcript?: Transcript | undefined;
};

/** A job as its handler's `finished` sees it, once every device is done. */
export type FinishedJob = {
  id: string;
  status: JobStatus;
  payload: Record<string, unknown>;
  succeeded: number;
  failed: number;
  cancelled: number;
};

/** A device task's result before it is stored. */
export type DeviceOutcome<O = unknown, S = unknown> = {
  summary: string;
  /** What the API serves for this device (the handler's output schema says its shape). */
  output?: O;
  /** The SSH host key seen, pinned on the device when it had none. */
  hostKey?: string | undefined;
  /** For the handler's `store`, inside the transaction that records the result. */
  value?: S;
  /** The device answered, but what it said makes this device a failure (its output is still kept). */
  error?: { category: FailureCategory; message: string } | undefined;
  /** Counted in the job's summary, as Stored's `count` (a handler without `store` says it here). */
  count?: Stored['count'];
};

export type StoreItem<S> = {
  device: TaskDevice;
  jobId: string;
  requestedByName: string;
  value: S;
  at: Date;
};

/**
 * What `store` decides per item: a final summary and output, and what it adds to the job's
 * summary: a key counted once, or keys with how many each (a work item that groups devices
 * counts its devices: "7715 failing, 2285 compliant").
 */
export type Stored<O = unknown> = { summary?: string; output?: O; count?: string | Record<string, number> };

/**
 * The contract of a job type. A handler says what a job of its type takes (`payload`, a zod
 * schema: the job-create API, its OpenAPI document and the UI's types come from it) and what each
 * device's result holds (`output`, likewise), and does the work per device in `run`. Where results
 * are durable beyond the job (snapshots, facts, links), `store` runs in the same transaction that
 * records the device as done, so a task that runs twice (a worker died after the work) stores its
 * effect once. Adding a job type: docs/guides/add-a-job-type.md.
 */
export type JobHandler<P = Record<string, unknown>, O = unknown, S = unknown> = {
  type: JobType;
  /** One line for the API documentation and the UI. */
  description: string;
  /** The job's parameters; defaults fill what a request leaves out. */
  payload: z.ZodType<P, Record<string, unknown>>;
  /** One device's output, as stored and served (null until the device is done). */
  output: z.ZodType<O>;
  /** Reachability needs no login; everything else does. */
  needsCredential: boolean;
  /** A failure means the device is unreachable (the reachability check itself). */
  failureMarksUnreachable?: boolean;
  /**
   * Each device's result is its last backup (when, success or the failure's category and
   * message): the device list shows and filters on it.
   */
  isBackup?: boolean;
  /** Started by its own domain (a change), not through POST /jobs or a schedule. */
  internal?: boolean;
  /**
   * For a handler that opens no device session (it works on stored data): its target devices are
   * grouped, this many of one customer to a work item, and the job records, queues and runs each
   * item as one (labelled by its first and last device; `run` gets their ids in `deviceIds`). A
   * row and a task per device cost the job more than the work: a 10,000-device compliance
   * evaluation, its devices in batches of 500 but each recorded, spent 2.4 CPU s beyond the
   * evaluation's own 3.2 (the job's 10,000 rows created, loaded, updated and announced).
   */
  devicesPerItem?: number;
  /**
   * For a job whose targets are not inventory devices (a discovery sweep of address ranges): the
   * work items it fans out to, from its payload. Each is recorded and queued as a device would
   * be (`hostname` is its label, e.g. "10.0.0.0/26"), and reaches `run` as a TaskDevice whose
   * `mgmtIp` is that label and whose credentials are its customer's, in order. A request for such
   * a job gives no `targets`.
   */
  resolveTargets?(db: Db, actor: Actor, payload: P): Promise<WorkItem[]>;
  /**
   * With resolveTargets: the payload whose work items are these failed ones (their labels), for
   * "retry failed". A job of work items without it cannot retry its failed items (409).
   */
  retryPayload?(payload: P, failed: string[]): P;
  run(device: TaskDevice, payload: P, ctx: RunContext): Promise<DeviceOutcome<O, S>>;
  store?(tx: Tx, items: StoreItem<S>[]): Promise<Stored<O>[]>;
  /** In the transaction that ends the job (every device done, or the job cancelled). */
  finished?(tx: Tx, job: FinishedJob, ctx: { queue: Queue }): Promise<void>;
};

/**
 * A job's unit of work that is not one inventory device: an address block of a discovery (see
 * JobHandler.resolveTargets), or a group of devices (JobHandler.devicesPerItem, with their ids).
 */
export type WorkItem = { id: string; customerId: string; hostname: string; deviceIds?: string[] };

/** Checks a handler's types where it is written (payload, output and stored value agree). */
export const defineJob = <P, O, S = unknown>(handler: JobHandler<P, O, S>) => handler;

export type JobRegistry = ReadonlyMap<JobType, JobHandler>;

// biome-ignore lint/suspicious/noExplicitAny: handlers differ in payload, output and value types; the registry erases them (each is checked by its own schemas)
export type AnyJobHandler = JobHandler<any, any, any>;

/**
 * How many devices one work item of a type groups (JobHandler.devicesPerItem; 1: each device is
 * its own). Creating a job reads it where the registry is not at hand (a job is created by routes,
 * schedules and domains alike), so the registry records it as it is built.
 */
const perItem = new Map<JobType, number>();
export const devicesPerItem = (type: JobType): number => perItem.get(type) ?? 1;

/** Job types whose targets are work items of their own (recorded like perItem, for the same reason). */
type Resolver = (db: Db, actor: Actor, payload: Record<string, unknown>) => Promise<WorkItem[]>;
const resolvers = new Map<JobType, Resolver>();
export const targetResolver = (type: JobType): Resolver | undefined => resolvers.get(type);

/** Whether a type's job records work items rather than each inventory device. */
export const hasWorkItems = (type: JobType): boolean => resolvers.has(type) || perItem.has(type);

/** Handlers' payloads for retrying failed work items (recorded like perItem, for the same reason). */
type Retrier = (payload: Record<string, unknown>, failed: string[]) => Record<string, unknown>;
const retriers = new Map<JobType, Retrier>();
export const retryPayloadOf = (type: JobType): Retrier | undefined => retriers.get(type);

/** Handlers' `finished` hooks (recorded like perItem: cancelling a job ends it where the registry is not at hand). */
type Finisher = NonNullable<JobHandler['finished']>;
const finishers = new Map<JobType, Finisher>();
export const finishedHook = (type: JobType): Finisher | undefined => finishers.get(type);

export function jobRegistry(handlers: readonly AnyJobHandler[]): JobRegistry {
  for (const h of handlers) {
    if (h.devicesPerItem && h.devicesPerItem > 1) perItem.set(h.type, h.devicesPerItem);
    if (h.resolveTargets) resolvers.set(h.type, h.resolveTargets.bind(h));
    if (h.finished) finishers.set(h.type, h.finished.bind(h));
    if (h.retryPayload) retriers.set(h.type, h.retryPayload.bind(h));
  }
  return new Map(handlers.map((h) => [h.type, h as unknown as JobHandler]));
}
