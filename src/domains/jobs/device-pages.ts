import { and, asc, eq, gt, or } from 'drizzle-orm';
import type { Executor } from '../../platform/db/client.ts';
import { jobDevices } from './table.ts';

export type JobDeviceResult = {
  hostname: string;
  deviceId: string;
  status: string;
  errorCategory: string | null;
  error: string | null;
  output: unknown;
};

/**
 * A job's devices with their results, in hostname order, a page at a time: keyset pages, so a
 * 100,000-device job is read in steps, never held whole (records, output groups and exports).
 */
export async function* jobDevicePages(
  exec: Executor,
  jobId: string,
  size = 500,
): AsyncGenerator<JobDeviceResult[]> {
  let after: { hostname: string; deviceId: string } | undefined;
  for (;;) {
    const page = await exec
      .select({
        hostname: jobDevices.hostname,
        deviceId: jobDevices.deviceId,
        status: jobDevices.status,
        errorCategory: jobDevices.errorCategory,
        error: jobDevices.error,
        output: jobDevices.output,
      })
      .from(jobDevices)
      .where(
        and(
          eq(jobDevices.jobId, jobId),
          after
            ? or(
                gt(jobDevices.hostname, after.hostname),
                and(eq(jobDevices.hostname, after.hostname), gt(jobDevices.deviceId, after.deviceId)),
              )
            : undefined,
        ),
      )
      .orderBy(asc(jobDevices.hostname), asc(jobDevices.deviceId))
      .limit(size);
    if (page.length > 0) yield page;
    if (page.length < size) return;
    const last = page.at(-1)!;
    after = { hostname: last.hostname, deviceId: last.deviceId };
  }
}
