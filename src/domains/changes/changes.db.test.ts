import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, type TestApp, testApp } from '../../../tests/helpers/app.ts';
import { type LabInventory, labInventory } from '../../../tests/helpers/lab.ts';
import { startReceiver } from '../../../tests/helpers/receiver.ts';
import { xrClock } from '../../lab/dialects/cisco-rollback.ts';
import { eosClock } from '../../lab/dialects/eos-sessions.ts';
import { junosClock } from '../../lab/dialects/junos.ts';
import { queryRows } from '../../platform/db/client.ts';
import { changeClock } from './run.ts';

/**
 * A change through the API against the lab, on every platform webnet can change: a template
 * rendered per device, previewed the device's own way, approved by someone other than its
 * author, committed with a confirm and checks, and what each device ends with is what its preview
 * showed. Edits, stale previews, failed checks and bad input are refused or reverted, never half-done.
 */
let t: TestApp;
let inv: LabInventory;
let author: { headers: { authorization: string } };
let reviewer: { headers: { authorization: string } };
let customer: { id: string };
/** What the customer's webhook heard (its rule asks for every change event). */
let receiver: Awaited<ReturnType<typeof startReceiver>> | undefined;
const heard = () =>
  (receiver?.got ?? []).map((r) => JSON.parse(r.body) as { type: string; data: { changeId: string } });

const CHANGEABLE = ['cisco_ios', 'cisco_nxos', 'arista_eos', 'cisco_iosxr', 'juniper_junos'];
const TEMPLATE = `{% if device.platform == 'juniper_junos' %}set system location "{{ location }} {{ device.hostname }}"
{% else %}snmp-server location {{ location }} {{ device.hostname }}
{% endif %}`;

/** The first change, and what its devices held before it, for the rollback. */
const first = { id: '', before: new Map<string, string>(), secrets: new Map<string, string[]>() };
const secretLines = (hostname: string) =>
  inv.lab.device(hostname).running.filter((l) => /secret|password|community/.test(l));

type Change = { id: string; status: string; revision: number; approved: boolean; needsApproval: boolean };
type ChangeDevice = {
  deviceId: string;
  hostname: string;
  state: string;
  noop: boolean | null;
  candidateHash: string | null;
  renderError: string | null;
  previewError: string | null;
  rendered: string | null;
  reason: string | null;
};

beforeAll(async () => {
  // A one-minute confirm window lasts 3 s here: long enough to verify and confirm in.
  junosClock.minuteMs = 3000;
  eosClock.secondMs = 50;
  xrClock.secondMs = 50;
  t = await testApp({ WEBNET_WORKER_CONCURRENCY: '20' });
  customer = await t.customer();
  author = await t.user({ role: 'operator', customerIds: [customer.id] });
  reviewer = await t.user({ role: 'operator', customerIds: [customer.id] });
  inv = await labInventory(t, customer.id, { devices: 16, configBytes: 3000 });
  const admin = await t.user({ role: 'admin', customerIds: [customer.id] });
  const res = await t.http.inject({
    method: 'PATCH',
    url: `/api/v1/customers/${customer.id}`,
    headers: admin.headers,
    payload: { changesNeedApproval: true },
  });
  expect(res.statusCode, res.body).toBe(200);
  receiver = await startReceiver();
  const channel = await call('POST', '/api/v1/notification-channels', admin.headers, {
    customerId: customer.id,
    name: 'changes',
    kind: 'webhook',
    settings: { url: receiver.url },
    secret: { signingSecret: 'changes-signing-secret' },
  });
  expect(channel.statusCode, channel.body).toBe(201);
  const rule = await call('POST', '/api/v1/notification-rules', admin.headers, {
    customerId: customer.id,
    name: 'changes',
    channelId: json<{ id: string }>(channel).id,
    events: ['change.awaiting_approval', 'change.committed', 'change.reverted'],
  });
  expect(rule.statusCode, rule.body).toBe(201);
}, 60_000);
afterAll(async () => {
  await receiver?.close();
  await t?.stop();
  await inv?.lab.stop();
});

const call = async (method: 'GET' | 'POST' | 'PATCH', url: string, headers: object, payload?: object) =>
  t.http.inject({ method, url, headers: headers as Record<string, string>, ...(payload ? { payload } : {}) });

async function create(body: Record<string, unknown>): Promise<Change> {
  const res = await call('POST', '/api/v1/changes', author.headers, {
    customerId: customer.id,
    title: 'location',
    targets: { filter: { platform: CHANGEABLE } },
    template: TEMPLATE,
    variables: { location: 'dc-1' },
    confirmMinutes: 1,
    rollout: { canary: 1, batchSize: 10 },
    ...body,
  });
  expect(res.statusCode, res.body).toBe(201);
  return json<Change>(res);
}

/** Polls the change until `done` says it is where it should be. */
async function until(id: string, done: (c: Change) => boolean, ms = 25_000): Promise<Change> {
  const end = Date.now() + ms;
  for (;;) {
    const c = json<Change>(await call('GET', `/api/v1/changes/${id}`, author.headers));
    if (done(c)) return c;
    if (Date.now() > end) throw new Error(`change still ${c.status}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const devicesOf = async (id: string) =>
  json<{ items: ChangeDevice[] }>(
    await call('GET', `/api/v1/changes/${id}/devices?pageSize=100`, author.headers),
  ).items;

async function previewed(id: string): Promise<Change> {
  const res = await call('POST', `/api/v1/changes/${id}/preview`, author.headers);
  expect(res.statusCode, res.body).toBe(200);
  return until(id, (c) => c.status === 'awaiting_approval');
}

const latestConfig = async (deviceId: string) =>
  (
    await queryRows<{ id: string; config: string }>(
      t.database.db,
      sql`select s.id, s.config from config_latest l join config_snapshots s on s.id = l.snapshot_id
          where l.device_id = ${deviceId}`,
    )
  )[0]!;

/** A Junos configuration without its secret statements (and the blocks a secret names). */
function withoutSecrets(config: string): string {
  const out: string[] = [];
  let skipTo: string | null = null;
  for (const line of config.split('\n')) {
    if (skipTo !== null) {
      if (line === skipTo) skipTo = null;
      continue;
    }
    if (!line.includes('<redacted')) out.push(line);
    else if (line.endsWith('{')) skipTo = `${line.match(/^\s*/)![0]}}`;
  }
  return out.join('\n');
}

const latestHash = async (deviceId: string) =>
  (
    await queryRows<{ hash: string }>(
      t.database.db,
      sql`select hash from config_latest where device_id = ${deviceId}`,
    )
  )[0]?.hash;

describe('a change', () => {
  it('is previewed per device, approved by another operator, committed, and lands as previewed', async () => {
    const change = await create({ deviceVariables: {} });
    const { items: targets } = json<{ items: { platform: string }[] }>(
      await call('GET', `/api/v1/devices?pageSize=100&platform=${CHANGEABLE.join(',')}`, author.headers),
    );
    await previewed(change.id);
    const preview = await devicesOf(change.id);
    expect(preview.length).toBe(targets.length);
    first.id = change.id;
    for (const d of preview) {
      first.before.set(d.deviceId, (d as ChangeDevice & { runningHash: string }).runningHash);
      first.secrets.set(d.hostname, secretLines(d.hostname));
    }
    for (const d of preview) {
      expect(d.previewError, d.hostname).toBeNull();
      expect(d.noop, d.hostname).toBe(false);
      expect(d.rendered).toContain(`dc-1 ${d.hostname}`);
    }
    // The author cannot approve; another operator can.
    const self = await call('POST', `/api/v1/changes/${change.id}/approve`, author.headers, {});
    expect(self.statusCode).toBe(403);
    expect(self.json().error.message).toMatch(/author/);
    const early = await call('POST', `/api/v1/changes/${change.id}/commit`, author.headers);
    expect(early.statusCode).toBe(409);
    const ok = await call('POST', `/api/v1/changes/${change.id}/approve`, reviewer.headers, {
      comment: 'go',
    });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ status: 'approved', approved: true });

    const commit = await call('POST', `/api/v1/changes/${change.id}/commit`, author.headers);
    expect(commit.statusCode, commit.body).toBe(200);
    const done = await until(change.id, (c) => !['running'].includes(c.status));
    expect(done.status).toBe('succeeded');
    for (const d of await devicesOf(change.id)) {
      expect(d.state, `${d.hostname}: ${d.reason}`).toBe('confirmed');
      // What the device holds now is exactly what its preview showed.
      expect(await latestHash(d.deviceId), d.hostname).toBe(d.candidateHash);
    }
    // Previewing the same change again finds nothing left to do.
    const again = await create({});
    await previewed(again.id);
    expect((await devicesOf(again.id)).every((d) => d.noop)).toBe(true);
  });

  it("rolls back: every device's configuration is again what it was, its secrets untouched", async () => {
    const res = await call('POST', `/api/v1/changes/${first.id}/rollback`, author.headers);
    expect(res.statusCode, res.body).toBe(201);
    const rollback = json<Change>(res);
    await previewed(rollback.id);
    const devices = await devicesOf(rollback.id);
    expect(devices.length).toBe(first.before.size);
    for (const d of devices) {
      expect(d.previewError, d.hostname).toBeNull();
      if (inv.devices.find((x) => x.id === d.deviceId)!.platform === 'juniper_junos') {
        // Junos loads its snapshot whole ("load override"): the text holds markers, not secrets.
        expect(d.rendered, d.hostname).toMatch(/encrypted-password <redacted:[0-9a-f]{8}>;/);
        expect(d.rendered, d.hostname).not.toContain('dc-1');
      } else {
        // The location it had before, or none.
        expect(d.rendered, d.hostname).toMatch(
          /^(?:no snmp-server location dc-1|snmp-server location (?!dc-1))/m,
        );
      }
    }
    await call('POST', `/api/v1/changes/${rollback.id}/approve`, reviewer.headers, {});
    await call('POST', `/api/v1/changes/${rollback.id}/commit`, author.headers);
    expect((await until(rollback.id, (c) => c.status !== 'running')).status).toBe('succeeded');
    for (const d of devices) {
      expect(await latestHash(d.deviceId), d.hostname).toBe(first.before.get(d.deviceId));
      expect(secretLines(d.hostname), d.hostname).toEqual(first.secrets.get(d.hostname));
    }
  });

  it('needs a new preview and new approval after an edit, and refuses a device changed since its preview', async () => {
    const change = await create({
      variables: { location: 'dc-2' },
      targets: { filter: { platform: ['cisco_ios'] } },
    });
    await previewed(change.id);
    await call('POST', `/api/v1/changes/${change.id}/approve`, reviewer.headers, {});
    const edited = await call('PATCH', `/api/v1/changes/${change.id}`, author.headers, {
      variables: { location: 'dc-3' },
    });
    expect(edited.json()).toMatchObject({ status: 'draft', revision: 2, approved: false });
    expect((await call('POST', `/api/v1/changes/${change.id}/commit`, author.headers)).statusCode).toBe(409);
    await previewed(change.id);
    await call('POST', `/api/v1/changes/${change.id}/approve`, reviewer.headers, {});
    // Someone changes one device by hand after the preview.
    const [first] = await devicesOf(change.id);
    inv.lab.device(first!.hostname).running.push('ntp server 198.51.100.9');
    await call('POST', `/api/v1/changes/${change.id}/commit`, author.headers);
    const done = await until(change.id, (c) => c.status !== 'running');
    const devices = await devicesOf(change.id);
    const stale = devices.find((d) => d.hostname === first!.hostname)!;
    expect(stale.state).toBe('failed');
    expect(stale.reason).toMatch(/changed since its preview/);
    // The canary failed, so the rollout stopped before the rest.
    expect(done.status).toBe('failed');
    expect(devices.filter((d) => d.state === 'skipped').length).toBe(devices.length - 1);
  });

  it('reverts every device whose check fails after the commit, to exactly its configuration before', async () => {
    const targets = inv.devices.filter((d) => CHANGEABLE.includes(d.platform));
    const before = new Map(targets.map((d) => [d.hostname, inv.lab.device(d.hostname).running.join('\n')]));
    // The lab's fault: the change takes a link down on every device, as a bad change would.
    const link = new Map(
      targets.map((d) => [d.hostname, inv.lab.device(d.hostname).interfaces.find((i) => i.up)!.name]),
    );
    for (const d of targets) await inv.lab.setFaults(d.hostname, { linkDownOnCommit: link.get(d.hostname)! });
    const change = await create({
      variables: { location: 'dc-9' },
      rollout: { canary: 0, batchSize: 50, maxFailurePercent: 100 },
      checks: [{ kind: 'interfaces_up' }],
    });
    await previewed(change.id);
    await call('POST', `/api/v1/changes/${change.id}/approve`, reviewer.headers, {});
    await call('POST', `/api/v1/changes/${change.id}/commit`, author.headers);
    const done = await until(change.id, (c) => c.status !== 'running');
    expect(done.status).toBe('reverted');
    const devices = await devicesOf(change.id);
    expect(devices.length).toBe(targets.length);
    for (const d of devices) {
      expect(d.state, d.hostname).toBe('reverted');
      expect(d.reason, d.hostname).toMatch(
        /check failed.*interfaces up: lost after the change: .*; reverted/,
      );
      expect(d.reason, d.hostname).toContain(link.get(d.hostname));
      // The device's own running config, line for line, is what it was (and so the link is up).
      expect(inv.lab.device(d.hostname).running.join('\n'), d.hostname).toBe(before.get(d.hostname));
    }
    for (const d of targets) await inv.lab.setFaults(d.hostname, {});
  });

  it('replaces a whole configuration: lines not in it go, lines in it come, secrets stay as they are', async () => {
    const target = inv.devices.find((d) => d.platform === 'cisco_ios')!;
    const running = inv.lab.device(target.hostname).running;
    const ntp = running.find((l) => l.startsWith('ntp server'))!;
    // Lines whose secret a backup redacts: the text below leaves them out entirely.
    const secret = (l: string) => /\b(?:secret|password) \d\b|\bcommunity \S+ R[OW]\b|\bkey \d\b/.test(l);
    const secrets = running.filter(secret);
    expect(secrets.length).toBeGreaterThan(1);
    // The device's configuration as it should be: one NTP server gone, one line new.
    const wanted = running
      .filter((l) => l !== ntp && !secret(l))
      .concat('ip domain-lookup source-interface Loopback0');
    const change = await create({
      mode: 'replace',
      targets: { deviceIds: [target.id] },
      template: `${wanted.join('\n')}\nend\n`,
    });
    await previewed(change.id);
    const [d] = await devicesOf(change.id);
    expect(d!.previewError).toBeNull();
    expect(d!.rendered).toContain(`no ${ntp}`);
    expect(d!.rendered).toContain('ip domain-lookup source-interface Loopback0');
    await call('POST', `/api/v1/changes/${change.id}/approve`, reviewer.headers, {});
    await call('POST', `/api/v1/changes/${change.id}/commit`, author.headers);
    expect((await until(change.id, (c) => c.status !== 'running')).status).toBe('succeeded');
    const after = inv.lab.device(target.hostname).running;
    expect(after).not.toContain(ntp);
    expect(after).toContain('ip domain-lookup source-interface Loopback0');
    expect(after.filter(secret)).toEqual(secrets);
    expect(await latestHash(target.id)).toBe((await devicesOf(change.id))[0]!.candidateHash);
  });

  it("replaces a Junos configuration the device's own way; secrets it leaves out stay on the device", async () => {
    const target = inv.devices.find((d) => d.platform === 'juniper_junos')!;
    const secrets = secretLines(target.hostname);
    const stored = await latestConfig(target.id);
    // What an operator would write from it: no secrets at all (markers are refused), one filter
    // term gone, one statement new.
    const text = withoutSecrets(stored.config)
      .replace(/^ {12}term t1 \{\n(?: {16}.*\n)+ {12}\}\n/m, '')
      .replace(/^(system \{\n)/m, '$1    domain-name lab.example;\n');
    expect(text).not.toContain('term t1 {');
    expect(text).not.toContain('encrypted-password');
    const change = await create({ mode: 'replace', targets: { deviceIds: [target.id] }, template: text });
    await previewed(change.id);
    const [d] = await devicesOf(change.id);
    expect(d!.previewError).toBeNull();
    await call('POST', `/api/v1/changes/${change.id}/approve`, reviewer.headers, {});
    await call('POST', `/api/v1/changes/${change.id}/commit`, author.headers);
    expect((await until(change.id, (c) => c.status !== 'running')).status).toBe('succeeded');
    const after = inv.lab.device(target.hostname).running;
    expect(after).toContain('set system domain-name lab.example');
    expect(after.some((l) => l.includes(' term t1 '))).toBe(false);
    expect(after.some((l) => l.includes(' term t2 '))).toBe(true);
    expect(secretLines(target.hostname).sort()).toEqual([...secrets].sort());
    expect(await latestHash(target.id)).toBe((await devicesOf(change.id))[0]!.candidateHash);
  });

  it('refuses, per device and before pushing, a rollback to a snapshot whose secret the device no longer has', async () => {
    const target = inv.devices.find((d) => d.platform === 'juniper_junos')!;
    const { id: snapshotId } = await latestConfig(target.id);
    // Someone changes the root password on the device after that snapshot.
    const lab = inv.lab.device(target.hostname);
    lab.running = lab.running.map((l) =>
      l.startsWith('set system root-authentication encrypted-password')
        ? 'set system root-authentication encrypted-password "$6$new$cm90YXRlZA"'
        : l,
    );
    const before = lab.running.join('\n');
    const res = await call('POST', '/api/v1/changes/rollback', author.headers, { snapshotId });
    expect(res.statusCode, res.body).toBe(201);
    const rollback = json<Change>(res);
    await call('POST', `/api/v1/changes/${rollback.id}/preview`, author.headers);
    await until(rollback.id, (c) => !['draft', 'previewing'].includes(c.status));
    const [d] = await devicesOf(rollback.id);
    expect(d!.previewError).toMatch(/encrypted-password.*holds a secret the device no longer has/);
    expect(lab.running.join('\n')).toBe(before);
  });

  it('reverts a change that cuts the management session, on every platform, to the config before', async () => {
    const targets = CHANGEABLE.map((p) => inv.devices.find((d) => d.platform === p)!);
    const before = new Map(targets.map((d) => [d.hostname, inv.lab.device(d.hostname).running.join('\n')]));
    // The change itself takes management away: devices with a confirm timer come back when it
    // reverts them (3 s here); the others after 4 s, when webnet reverts them itself.
    for (const d of targets) await inv.lab.setFaults(d.hostname, { cutManagementOnCommitMs: 4000 });
    const change = await create({
      variables: { location: 'dc-cut' },
      targets: { deviceIds: targets.map((d) => d.id) },
      rollout: { canary: 0, batchSize: 50, maxFailurePercent: 100 },
    });
    await previewed(change.id);
    await call('POST', `/api/v1/changes/${change.id}/approve`, reviewer.headers, {});
    await call('POST', `/api/v1/changes/${change.id}/commit`, author.headers);
    const done = await until(change.id, (c) => c.status !== 'running', 60_000);
    expect(done.status).toBe('reverted');
    for (const d of await devicesOf(change.id)) {
      expect(d.state, `${d.hostname}: ${d.reason}`).toBe('reverted');
      expect(d.reason, d.hostname).toMatch(/management was lost/);
      expect(inv.lab.device(d.hostname).running.join('\n'), d.hostname).toBe(before.get(d.hostname));
    }
    for (const d of targets) await inv.lab.setFaults(d.hostname, {});
  }, 90_000);
});

describe('the revert guard', () => {
  it('reverts a device left applied once it answers again, when the commit gave up on it', async () => {
    // A one-minute window lasts 4.5 s here, for the wait on a lost device and for the guard.
    changeClock.scale = 0.05;
    try {
      const target = inv.devices.find((d) => d.platform === 'cisco_ios')!;
      const before = inv.lab.device(target.hostname).running.join('\n');
      // Management comes back only after webnet stopped waiting for it: the guard's case.
      await inv.lab.setFaults(target.hostname, { cutManagementOnCommitMs: 8000 });
      const change = await create({
        variables: { location: 'dc-guard' },
        targets: { deviceIds: [target.id] },
        rollout: { canary: 0, batchSize: 10, maxFailurePercent: 100 },
      });
      await previewed(change.id);
      await call('POST', `/api/v1/changes/${change.id}/approve`, reviewer.headers, {});
      await call('POST', `/api/v1/changes/${change.id}/commit`, author.headers);
      await until(change.id, (c) => c.status !== 'running', 30_000);
      const [left] = await devicesOf(change.id);
      expect(left!.state).toBe('applied');
      expect(left!.reason).toMatch(/revert guard keeps trying/);
      expect(inv.lab.device(target.hostname).running.join('\n')).not.toBe(before);
      const end = Date.now() + 30_000;
      let d = left!;
      while (d.state === 'applied' && Date.now() < end) {
        await new Promise((r) => setTimeout(r, 250));
        d = (await devicesOf(change.id))[0]!;
      }
      expect(d.state).toBe('reverted');
      expect(d.reason).toMatch(/webnet restored the configuration from before the change/);
      expect(inv.lab.device(target.hostname).running.join('\n')).toBe(before);
    } finally {
      changeClock.scale = 1;
    }
  }, 60_000);
});

describe('bad input', () => {
  it('names the field: a template that does not parse, a <redacted> marker, targets that match nothing', async () => {
    const bad = async (body: Record<string, unknown>, field: string) => {
      const res = await call('POST', '/api/v1/changes', author.headers, {
        customerId: customer.id,
        title: 'bad',
        targets: { filter: {} },
        template: 'ntp server 192.0.2.1',
        ...body,
      });
      expect(res.statusCode, res.body).toBe(400);
      expect(JSON.stringify(res.json().error.fields ?? res.json().error)).toContain(field);
    };
    await bad({ template: '{% if x %}never closed' }, 'template');
    await bad({ template: 'username admin secret <redacted 3f2a>' }, 'template');
    await bad({ targets: { filter: { hostname: ['no-such-device'] } } }, 'targets');
    await bad({ variables: { device: 'shadowed' } }, 'variables');
    await bad({ template: `ntp server 192.0.2.1\n${'!'.repeat(300 * 1024)}` }, 'template');
  });

  it('shows a render error per device with the variable and line, and pushes nothing there', async () => {
    const change = await create({
      template: 'ntp server {{ ntp_server }}',
      targets: { filter: { platform: ['cisco_ios'] } },
    });
    const res = await call('POST', `/api/v1/changes/${change.id}/preview`, author.headers);
    expect(res.statusCode).toBe(200);
    const devices = await devicesOf(change.id);
    for (const d of devices) {
      expect(d.renderError).toMatch(/ntp_server/);
      expect(d.renderError).toMatch(/line:1/);
    }
    const after = await until(change.id, (c) => c.status === 'previewed');
    expect((await call('POST', `/api/v1/changes/${after.id}/commit`, author.headers)).statusCode).toBe(409);
  });

  it("lets a viewer read changes but not make or decide them; another customer's users see none", async () => {
    const change = await create({});
    const viewer = await t.user({ role: 'viewer', customerIds: [customer.id] });
    expect((await call('GET', `/api/v1/changes/${change.id}`, viewer.headers)).statusCode).toBe(200);
    expect((await call('POST', `/api/v1/changes/${change.id}/approve`, viewer.headers, {})).statusCode).toBe(
      403,
    );
    const other = await t.customer();
    const stranger = await t.user({ role: 'admin', customerIds: [other.id] });
    expect((await call('GET', `/api/v1/changes/${change.id}`, stranger.headers)).statusCode).toBe(404);
    expect(json<{ total: number }>(await call('GET', '/api/v1/changes', stranger.headers)).total).toBe(0);
  });

  it('tells the customer when a change awaits approval, and when one is committed or reverted', async () => {
    const ended = await queryRows<{ id: string; status: string }>(
      t.database.db,
      sql`select id, status from changes where customer_id = ${customer.id}`,
    );
    const want = (statuses: string[]) =>
      ended
        .filter((c) => statuses.includes(c.status))
        .map((c) => c.id)
        .sort();
    const got = (type: string) =>
      [
        ...new Set(
          heard()
            .filter((h) => h.type === type)
            .map((h) => h.data.changeId),
        ),
      ].sort();
    expect(want(['succeeded', 'partial']).length).toBeGreaterThan(0);
    await expect
      .poll(() => got('change.committed'), { timeout: 15_000 })
      .toEqual(want(['succeeded', 'partial']));
    await expect.poll(() => got('change.reverted'), { timeout: 15_000 }).toEqual(want(['reverted']));
    // Every change that reached approval was announced (each preview of a new revision asks again).
    const asked = await queryRows<{ id: string }>(
      t.database.db,
      sql`select distinct target_id as id from audit_events where action = 'change.approve'
          and customer_id = ${customer.id}`,
    );
    for (const { id } of asked) expect(got('change.awaiting_approval')).toContain(id);
  });
});
