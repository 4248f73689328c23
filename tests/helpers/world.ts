/**
 * A customer with one of everything (a device with two snapshots, a credential, a user, an IP
 * range, an API key, a job, a schedule and a change), for tests that walk every route against real objects.
 */
import { randomUUID } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { complianceHistory } from '../../src/domains/compliance/table.ts';
import { storeBackups } from '../../src/domains/configs/store.ts';
import { createCredential } from '../../src/domains/credentials/service.ts';
import { addIpRange } from '../../src/domains/customers/service.ts';
import { createDevice } from '../../src/domains/devices/service.ts';
import { discoveredDevices } from '../../src/domains/discovery/table.ts';
import type { TaskDevice } from '../../src/domains/jobs/contract.ts';
import { jobTranscripts } from '../../src/domains/jobs/table.ts';
import { notificationDeliveries } from '../../src/domains/notifications/table.ts';
import { terminalSessions } from '../../src/domains/terminal/table.ts';
import { systemActor } from '../../src/platform/tenancy.ts';
import type { TestApp } from './app.ts';

export type Ids = {
  customer: string;
  user: string;
  credential: string;
  device: string;
  apiKey: string;
  range: string;
  job: string;
  snapshot: string;
  schedule: string;
  change: string;
  policy: string;
  discovered: string;
  recording: string;
  channel: string;
  rule: string;
  delivery: string;
};
export type World = { ids: Ids; names: string[]; headers: { authorization: string } };

export async function world(t: TestApp, label: string): Promise<World> {
  const customer = await t.customer(`tenant-${label}-${randomUUID().slice(0, 6)}`);
  const sys = systemActor();
  const admin = await t.user({ role: 'admin', customerIds: [customer.id] });
  const member = await t.user({ role: 'viewer', customerIds: [customer.id] });
  const cred = await createCredential(t.database.db, t.secrets, sys, {
    customerId: customer.id,
    name: `cred-${label}`,
    username: `user-${label}`,
    password: `pw-${label}-secret`,
  });
  const device = await createDevice(t.database.db, sys, {
    customerId: customer.id,
    hostname: `core-${label}-01`,
    mgmtIp: `10.${label.charCodeAt(0) % 200}.0.1`,
    port: 22,
    vendor: 'cisco',
    platform: 'cisco_ios',
    role: 'core',
    site: `site-${label}`,
    tags: [`tag-${label}`],
    description: '',
    credentialId: cred.id,
    enabled: true,
    legacySsh: false,
    transport: 'ssh',
  });
  const range = await addIpRange(t.database.db, sys, customer.id, {
    cidr: `10.${label.charCodeAt(0) % 200}.0.0/16`,
    description: '',
  });
  const key = await t.http.inject({
    method: 'POST',
    url: '/api/v1/api-keys',
    headers: admin.headers,
    payload: { name: `key-${label}` },
  });
  // Two snapshots of the device, as backups would have stored them (its address is not reachable).
  let snapshot = '';
  for (const n of [1, 2]) {
    const stored = await t.database.db.transaction((tx) =>
      storeBackups(tx, [
        {
          device: { id: device.id, customerId: customer.id } as TaskDevice,
          jobId: randomUUID(),
          requestedByName: 'test',
          value: { config: `hostname core-${label}-01\nntp server 10.${n}.0.1\n`, hash: `h${n}-${label}` },
          at: new Date(Date.now() + n),
        },
      ]),
    );
    snapshot = (stored[0]!.output as { snapshotId: string }).snapshotId;
  }
  const job = await t.http.inject({
    method: 'POST',
    url: '/api/v1/jobs',
    headers: admin.headers,
    // run_commands with parse: its records routes answer too.
    payload: {
      type: 'run_commands',
      targets: { deviceIds: [device.id] },
      payload: { commands: ['show version'], parse: true },
    },
  });
  const schedule = await t.http.inject({
    method: 'POST',
    url: '/api/v1/schedules',
    headers: admin.headers,
    payload: {
      name: `nightly-${label}`,
      job: { type: 'config_backup', targets: { deviceIds: [device.id] } },
      kind: 'cron',
      cron: '0 3 * * *',
    },
  });
  const change = await t.http.inject({
    method: 'POST',
    url: '/api/v1/changes',
    headers: admin.headers,
    payload: {
      customerId: customer.id,
      title: `change-${label}`,
      targets: { deviceIds: [device.id] },
      template: 'ntp server {{ ntp }}',
      variables: { ntp: '192.0.2.1' },
    },
  });
  if (change.statusCode !== 201) throw new Error(`change: ${change.body}`);
  const policy = await t.http.inject({
    method: 'POST',
    url: '/api/v1/compliance/policies',
    headers: admin.headers,
    payload: {
      customerId: customer.id,
      source: `name: policy-${label}\nrules:\n  - name: ntp\n    must_contain: [ntp server 192.0.2.1]\n`,
    },
  });
  if (policy.statusCode !== 201) throw new Error(`policy: ${policy.body}`);
  // The device started failing the policy's rule: a history row, as an evaluation writes it.
  await t.database.db.insert(complianceHistory).values({
    policyId: policy.json().id,
    deviceId: device.id,
    customerId: customer.id,
    rule: 'ntp',
    status: 'fail',
  });
  // The job device's transcript, as a failed device's session leaves it.
  await t.database.db.insert(jobTranscripts).values({
    jobId: job.json().id,
    deviceId: device.id,
    startedAt: new Date(),
    events: [[0.1, 'o', `core-${label}-01#`]],
    size: 10,
  });
  // A browser terminal session an operator had on the device, recorded.
  const [recording] = await t.database.db
    .insert(terminalSessions)
    .values({
      customerId: customer.id,
      deviceId: device.id,
      hostname: device.hostname,
      username: member.username,
      endedAt: new Date(),
      endReason: 'closed by the user',
      recording: gzipSync(`{"version":2,"width":80,"height":24}\n[0.1,"o","core-${label}-01#"]\n`),
    })
    .returning({ id: terminalSessions.id });
  // A notification channel, a rule sending to it, and a delivery it failed.
  const channel = await t.http.inject({
    method: 'POST',
    url: '/api/v1/notification-channels',
    headers: admin.headers,
    payload: {
      customerId: customer.id,
      name: `hook-${label}`,
      kind: 'webhook',
      settings: { url: 'http://127.0.0.1:9/hook' },
      secret: { signingSecret: `signing-secret-${label}-0123456789` },
    },
  });
  if (channel.statusCode !== 201) throw new Error(`channel: ${channel.body}`);
  const rule = await t.http.inject({
    method: 'POST',
    url: '/api/v1/notification-rules',
    headers: admin.headers,
    payload: {
      customerId: customer.id,
      name: `rule-${label}`,
      channelId: channel.json().id,
      events: ['job.failed', 'config.changed'],
    },
  });
  if (rule.statusCode !== 201) throw new Error(`rule: ${rule.body}`);
  const [delivery] = await t.database.db
    .insert(notificationDeliveries)
    .values({
      customerId: customer.id,
      channelId: channel.json().id,
      type: 'job.failed',
      summary: `Job run_commands failed on core-${label}-01`,
      message: { title: `core-${label}-01`, lines: [], link: 'http://w/jobs', data: {} },
      status: 'failed',
      attempts: 8,
    })
    .returning({ id: notificationDeliveries.id });
  // Its NetBox source (never asked here: the walk only reads and writes its settings).
  const netbox = await t.http.inject({
    method: 'PUT',
    url: `/api/v1/customers/${customer.id}/netbox`,
    headers: admin.headers,
    payload: { url: `https://netbox-${label}.example.net`, token: `netbox-token-${label}-0123456789` },
  });
  if (netbox.statusCode !== 200) throw new Error(`netbox: ${netbox.body}`);
  // What a discovery found (a sweep's result row, stored as its job's store writes it).
  const [found] = await t.database.db
    .insert(discoveredDevices)
    .values({
      jobId: job.json().id,
      customerId: customer.id,
      address: '192.0.2.200',
      port: 22,
      transport: 'ssh',
      hostname: `found-${label}`,
      status: 'new',
    })
    .returning({ id: discoveredDevices.id });
  return {
    ids: {
      change: change.json().id,
      policy: policy.json().id,
      discovered: found!.id,
      recording: recording!.id,
      channel: channel.json().id,
      rule: rule.json().id,
      delivery: delivery!.id,
      schedule: schedule.json().id,
      snapshot,
      job: job.json().id,
      customer: customer.id,
      user: member.id,
      credential: cred.id,
      device: device.id,
      apiKey: key.json().id,
      range: range.id,
    },
    names: [
      customer.name,
      device.hostname,
      cred.name,
      member.username,
      `key-${label}`,
      `nightly-${label}`,
      `change-${label}`,
      `policy-${label}`,
      `found-${label}`,
      `hook-${label}`,
      `rule-${label}`,
    ],
    headers: admin.headers,
  };
}

export const randomIds = (): Ids => ({
  customer: randomUUID(),
  user: randomUUID(),
  credential: randomUUID(),
  device: randomUUID(),
  apiKey: randomUUID(),
  range: randomUUID(),
  job: randomUUID(),
  snapshot: randomUUID(),
  schedule: randomUUID(),
  change: randomUUID(),
  discovered: randomUUID(),
  policy: randomUUID(),
  recording: randomUUID(),
  channel: randomUUID(),
  rule: randomUUID(),
  delivery: randomUUID(),
});
