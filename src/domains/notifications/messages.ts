import { sql } from 'drizzle-orm';
import { type Executor, inUuids, queryRows } from '../../platform/db/client.ts';
import { diffConfigs } from '../configs/diff.ts';
import type { Message } from './schemas.ts';
import type { NotificationEventType } from './table.ts';

/** Events about one device each: many at once are summed up in one message (renderSummary). */
export const DEVICE_EVENTS: ReadonlySet<string> = new Set([
  'config.changed',
  'device.unreachable',
  'compliance.drift',
]);
const SUMMARY_DEVICES = 25;
const SUMMARY_WORDS: Record<string, string> = {
  'config.changed': 'changed their configuration',
  'device.unreachable': 'became unreachable',
  'compliance.drift': 'fell out of compliance',
};

/** Diff lines a notification quotes; the link has the rest. */
const DIFF_LINES = 12;
const FAILED_DEVICES = 5;

type Event = { type: NotificationEventType; customerId: string; payload: Record<string, unknown> };
const str = (v: unknown) => (typeof v === 'string' ? v : '');

/**
 * An event in words, for people (Slack, email) and machines (the webhook's `data`): read once when
 * it is routed. Only the event's own customer's rows are read: a job over two customers tells each
 * about its own devices.
 */
export async function renderMessage(exec: Executor, event: Event, baseUrl: string): Promise<Message> {
  const p = event.payload;
  const link = (path: string) => new URL(path, baseUrl).toString();
  switch (event.type) {
    case 'config.changed':
      return configChanged(exec, p, link);
    case 'job.failed':
    case 'job.partial':
      return jobEnded(exec, event.customerId, p, link);
    case 'device.unreachable':
      return {
        title: `${str(p.hostname)} is unreachable`,
        lines: [str(p.error) || 'webnet could not reach it'].filter(Boolean),
        link: link(`/devices/${str(p.deviceId)}`),
        data: p,
      };
    case 'compliance.drift': {
      const [row] = await queryRows<{ policy: string | null; hostname: string | null }>(
        exec,
        sql`select (select name from compliance_policies where id = ${str(p.policyId)} and customer_id = ${event.customerId}) as policy,
                   (select hostname from devices where id = ${str(p.deviceId)} and customer_id = ${event.customerId}) as hostname`,
      );
      const failing = Array.isArray(p.failing) ? p.failing.map(String) : [];
      return {
        title: `${row?.hostname ?? 'A device'} no longer complies with ${row?.policy ?? 'a policy'}`,
        lines: failing.map((r) => `failing: ${r}`),
        link: link(`/devices/${str(p.deviceId)}?tab=compliance`),
        data: { ...p, hostname: row?.hostname ?? null, policyName: row?.policy ?? null },
      };
    }
    case 'change.awaiting_approval':
    case 'change.committed':
    case 'change.reverted':
      return changeMessage(exec, event, link);
    case 'test':
      return {
        title: 'Test notification from webnet',
        lines: [`${str(p.by)} sent this to check the channel "${str(p.channelName)}".`],
        link: link('/notifications'),
        data: p,
      };
  }
}

async function configChanged(exec: Executor, p: Record<string, unknown>, link: (path: string) => string) {
  // The snapshot and the one before it on the same device (stored configs are already redacted).
  const rows = await queryRows<{ id: string; config: string; created_at: string }>(
    exec,
    sql`(select id, config, created_at from config_snapshots where id = ${str(p.snapshotId)})
        union all
        (select s.id, s.config, s.created_at from config_snapshots s, config_snapshots n
         where n.id = ${str(p.snapshotId)} and s.device_id = n.device_id and s.created_at < n.created_at
         order by s.created_at desc limit 1)`,
  );
  const after = rows.find((r) => r.id === p.snapshotId);
  const before = rows.find((r) => r.id !== p.snapshotId);
  const lines: string[] = [];
  let added = 0;
  let removed = 0;
  if (after && before) {
    const diff = diffConfigs(
      { name: 'before', label: '', text: before.config },
      { name: 'after', label: '', text: after.config },
      0,
    );
    added = diff.added;
    removed = diff.removed;
    lines.push(`+${added} −${removed} lines`);
    const changed = diff.unified.split('\n').filter((l) => /^[+-](?![+-]{2} )/.test(l));
    lines.push(...changed.slice(0, DIFF_LINES));
    if (changed.length > DIFF_LINES) lines.push(`… and ${changed.length - DIFF_LINES} more`);
  }
  return {
    title: `Configuration changed on ${str(p.hostname)}`,
    lines,
    link: link(`/devices/${str(p.deviceId)}?snapshot=${str(p.snapshotId)}`),
    data: { ...p, added, removed },
  };
}

async function jobEnded(
  exec: Executor,
  customerId: string,
  p: Record<string, unknown>,
  link: (path: string) => string,
) {
  const jobId = str(p.jobId);
  const [counts] = await queryRows<{ total: number; failed: number }>(
    exec,
    sql`select count(*)::int as total, count(*) filter (where status = 'failed')::int as failed
        from job_devices where job_id = ${jobId} and customer_id = ${customerId}`,
  );
  const failed = await queryRows<{ hostname: string; error_category: string | null; error: string | null }>(
    exec,
    sql`select hostname, error_category, error from job_devices
        where job_id = ${jobId} and customer_id = ${customerId} and status = 'failed'
        order by hostname limit ${FAILED_DEVICES}`,
  );
  const total = counts?.total ?? 0;
  const nFailed = counts?.failed ?? 0;
  const lines = failed.map(
    (d) => `${d.hostname}: ${d.error_category ?? 'failed'}${d.error ? ` (${d.error.slice(0, 200)})` : ''}`,
  );
  if (nFailed > failed.length) lines.push(`… and ${nFailed - failed.length} more`);
  return {
    title: `Job ${str(p.type)} ${str(p.status)}: ${nFailed} of ${total} devices failed`,
    lines,
    link: link(`/jobs/${jobId}`),
    data: { ...p, total, failed: nFailed },
  };
}

const CHANGE_WORDS: Record<string, string> = {
  'change.awaiting_approval': 'awaits approval',
  'change.committed': 'was committed',
  'change.reverted': 'was reverted',
};

async function changeMessage(exec: Executor, event: Event, link: (path: string) => string) {
  const id = str(event.payload.changeId);
  const [change] = await queryRows<{ title: string; status: string; created_by_name: string }>(
    exec,
    sql`select title, status, created_by_name from changes where id = ${id} and customer_id = ${event.customerId}`,
  );
  const title = change?.title ?? str(event.payload.title);
  return {
    title: `Change "${title}" ${CHANGE_WORDS[event.type]}`,
    lines: [
      `submitted by ${change?.created_by_name ?? 'someone'}`,
      ...(event.payload.status ? [`status: ${str(event.payload.status)}`] : []),
    ],
    link: link(`/changes/${id}`),
    data: { ...event.payload, title },
  };
}

/**
 * Many device events of one type at once (a backup that finds 800 changed configurations, a
 * site that goes dark): one message naming the devices, instead of one message each.
 */
export async function renderSummary(
  exec: Executor,
  type: NotificationEventType,
  customerId: string,
  events: { device_id: string | null; payload: Record<string, unknown> }[],
  baseUrl: string,
): Promise<Message> {
  const ids = [...new Set(events.map((e) => e.device_id).filter((id): id is string => id !== null))];
  const names = await queryRows<{ id: string; hostname: string }>(
    exec,
    sql`select id, hostname from devices where customer_id = ${customerId}
        and ${inUuids(sql`id`, ids)} order by hostname`,
  );
  const jobs = [
    ...new Set(events.map((e) => e.payload.jobId).filter((j): j is string => typeof j === 'string')),
  ];
  const path =
    jobs.length === 1
      ? `/jobs/${jobs[0]}`
      : type === 'device.unreachable'
        ? '/devices?reachability=unreachable'
        : type === 'compliance.drift'
          ? '/compliance'
          : '/devices';
  const lines = names.slice(0, SUMMARY_DEVICES).map((d) => d.hostname);
  if (names.length > SUMMARY_DEVICES) lines.push(`… and ${names.length - SUMMARY_DEVICES} more`);
  return {
    title: `${ids.length} devices ${SUMMARY_WORDS[type] ?? type}`,
    lines,
    link: new URL(path, baseUrl).toString(),
    data: { count: ids.length, devices: names, ...(jobs.length === 1 ? { jobId: jobs[0] } : {}) },
  };
}
