import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, type TestApp, testApp } from '../../../tests/helpers/app.ts';
import { type LabInventory, labInventory, runJob } from '../../../tests/helpers/lab.ts';
import { freePort } from '../../../tests/helpers/net.ts';
import { startReceiver } from '../../../tests/helpers/receiver.ts';
import { queryRows } from '../../platform/db/client.ts';
import { systemActor } from '../../platform/tenancy.ts';
import { deviceCreate } from '../devices/schemas.ts';
import { createDevice } from '../devices/service.ts';
import { NotificationDispatcher } from './dispatcher.ts';
import { deliveryAttempts } from './metrics.ts';
import { notify } from './outbox.ts';
import { verifyWebhook } from './senders.ts';

async function until<T>(what: string, fn: () => Promise<T | undefined>, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const SECRET = 'whsec-0123456789abcdef';

describe('notifications from real work', () => {
  let t: TestApp;
  let inv: LabInventory;
  let customer: { id: string };
  let admin: { headers: { authorization: string } };
  let hook: Awaited<ReturnType<typeof startReceiver>>;

  beforeAll(async () => {
    t = await testApp({ WEBNET_PUBLIC_URL: 'https://webnet.example.net' });
    customer = await t.customer();
    admin = await t.user({ role: 'admin', customerIds: [customer.id] });
    inv = await labInventory(t, customer.id, { devices: 2, topology: 'flat', platform: 'cisco_ios' });
    hook = await startReceiver();
  }, 60_000);
  afterAll(async () => {
    await t?.stop();
    await inv?.lab.stop();
    await hook?.close();
  });

  it('a changed configuration reaches a signed webhook with its diff and a link, a first backup does not', async () => {
    const channel = await t.http.inject({
      method: 'POST',
      url: '/api/v1/notification-channels',
      headers: admin.headers,
      payload: {
        customerId: customer.id,
        name: 'noc-hook',
        kind: 'webhook',
        settings: { url: hook.url },
        secret: { signingSecret: SECRET },
      },
    });
    expect(channel.statusCode).toBe(201);
    const rule = await t.http.inject({
      method: 'POST',
      url: '/api/v1/notification-rules',
      headers: admin.headers,
      payload: {
        customerId: customer.id,
        name: 'changes and failures',
        channelId: json(channel).id,
        events: ['config.changed', 'job.failed', 'device.unreachable'],
      },
    });
    expect(rule.statusCode).toBe(201);

    await runJob(t, admin.headers, { type: 'config_backup', targets: { filter: {} } });
    const [first] = inv.devices;
    inv.lab.device(first!.hostname).running.push('ntp server 198.51.100.42');
    await runJob(t, admin.headers, { type: 'config_backup', targets: { filter: {} } });

    const req = await until('the webhook', async () => hook.got[0]);
    // Only the device that changed; the first backup of both was no change.
    await new Promise((r) => setTimeout(r, 300));
    expect(hook.got).toHaveLength(1);
    expect(verifyWebhook(SECRET, req.body, String(req.headers['x-webnet-signature']))).toBe(true);
    expect(verifyWebhook('another-secret-of-16', req.body, String(req.headers['x-webnet-signature']))).toBe(
      false,
    );
    expect(
      verifyWebhook(SECRET, req.body.replace('ntp', 'NTP'), String(req.headers['x-webnet-signature'])),
    ).toBe(false);
    expect(req.headers['x-webnet-event']).toBe('config.changed');
    const body = JSON.parse(req.body);
    expect(body).toMatchObject({
      type: 'config.changed',
      customer: { id: customer.id },
      title: `Configuration changed on ${first!.hostname}`,
      data: { deviceId: first!.id, hostname: first!.hostname, added: 1, removed: 0 },
    });
    expect(body.id).toBe(req.headers['x-webnet-delivery']);
    expect(body.lines).toContain('+ntp server 198.51.100.42');
    expect(body.link).toMatch(
      new RegExp(`^https://webnet\\.example\\.net/devices/${first!.id}\\?snapshot=[0-9a-f-]{36}$`),
    );

    const log = await t.http.inject({
      method: 'GET',
      url: `/api/v1/notification-deliveries?channelId=${json(channel).id}`,
      headers: admin.headers,
    });
    expect(json<{ items: unknown[] }>(log).items).toMatchObject([
      {
        status: 'delivered',
        attempts: 1,
        lastStatusCode: 200,
        type: 'config.changed',
        channelName: 'noc-hook',
      },
    ]);
  }, 90_000);

  it('a device that stops answering is one unreachable event and one failed job, each once', async () => {
    const port = await freePort();
    const dead = await createDevice(
      t.database.db,
      systemActor('test'),
      deviceCreate.parse({
        customerId: customer.id,
        hostname: 'gone-rtr-1',
        mgmtIp: '127.0.0.1',
        port,
        platform: 'cisco_ios',
        credentialId: inv.credentialId,
      }),
    );
    const before = hook.got.length;
    for (let i = 0; i < 2; i++) {
      const job = await runJob(t, admin.headers, {
        type: 'reachability',
        targets: { deviceIds: [dead.id] },
        options: { retries: 0 },
      });
      expect(job.status).toBe('failed');
    }
    const bodies = await until('two failed jobs and one unreachable', async () => {
      const b = hook.got.slice(before).map((r) => JSON.parse(r.body));
      return b.length >= 3 ? b : undefined;
    });
    await new Promise((r) => setTimeout(r, 300));
    const types = hook.got
      .slice(before)
      .map((r) => JSON.parse(r.body).type)
      .sort();
    expect(types).toEqual(['device.unreachable', 'job.failed', 'job.failed']);
    const down = bodies.find((b) => b.type === 'device.unreachable');
    expect(down.title).toBe('gone-rtr-1 is unreachable');
    const failed = bodies.find((b) => b.type === 'job.failed');
    expect(failed.title).toBe('Job reachability failed: 1 of 1 devices failed');
    expect(failed.lines[0]).toMatch(/^gone-rtr-1: /);
  }, 60_000);
  it('a device that starts failing a policy is a drift notification naming the rule', async () => {
    const channels = await t.http.inject({
      method: 'GET',
      url: '/api/v1/notification-channels',
      headers: admin.headers,
    });
    const rule = await t.http.inject({
      method: 'POST',
      url: '/api/v1/notification-rules',
      headers: admin.headers,
      payload: {
        customerId: customer.id,
        name: 'drift',
        channelId: json<{ items: { id: string }[] }>(channels).items[0]!.id,
        events: ['compliance.drift'],
      },
    });
    expect(rule.statusCode).toBe(201);
    const before = hook.got.length;
    const policy = await t.http.inject({
      method: 'POST',
      url: '/api/v1/compliance/policies',
      headers: admin.headers,
      payload: {
        customerId: customer.id,
        source:
          'name: ntp-standard\nrules:\n  - name: ntp-42\n    must_contain: [ntp server 198.51.100.42]\n',
      },
    });
    expect(policy.statusCode).toBe(201);
    // Only the second lab device lacks the line (the first got it above).
    const second = inv.devices[1]!;
    const body = await until('the drift webhook', async () => {
      const b = hook.got.slice(before).map((r) => JSON.parse(r.body));
      return b.find((x) => x.type === 'compliance.drift');
    });
    expect(body).toMatchObject({
      title: `${second.hostname} no longer complies with ntp-standard`,
      lines: ['failing: ntp-42'],
      data: { deviceId: second.id, policyName: 'ntp-standard' },
    });
    expect(body.link).toBe(`https://webnet.example.net/devices/${second.id}?tab=compliance`);
    await new Promise((r) => setTimeout(r, 300));
    expect(hook.got.slice(before).filter((r) => JSON.parse(r.body).type === 'compliance.drift')).toHaveLength(
      1,
    );
  }, 60_000);
});

describe('delivery: retries, refusals, turning a channel off', () => {
  let t: TestApp;
  let customer: { id: string };
  let other: { id: string };
  let admin: { headers: { authorization: string } };
  let viewer: { headers: { authorization: string } };
  let stranger: { headers: { authorization: string } };

  beforeAll(async () => {
    // No worker: this test drives its own dispatcher, with short retries.
    t = await testApp({}, { worker: false });
    customer = await t.customer();
    other = await t.customer();
    admin = await t.user({ role: 'admin', customerIds: [customer.id] });
    viewer = await t.user({ role: 'viewer', customerIds: [customer.id] });
    stranger = await t.user({ role: 'admin', customerIds: [other.id] });
  });
  afterAll(() => t?.stop());

  const dispatcher = (opts: { maxAttempts?: number; disableAfter?: number } = {}) =>
    new NotificationDispatcher(
      {
        db: t.database.db,
        events: t.jobs.events,
        secrets: t.secrets,
        log: t.log,
        links: { base: 'http://w' },
      },
      { retryBaseMs: 1, retryMaxMs: 1, ...opts },
    );

  async function webhookChannel(url: string, events: string[], filter: Record<string, unknown> = {}) {
    const ch = await t.http.inject({
      method: 'POST',
      url: '/api/v1/notification-channels',
      headers: admin.headers,
      payload: {
        customerId: customer.id,
        name: `hook-${Math.random()}`,
        kind: 'webhook',
        settings: { url },
        secret: { signingSecret: SECRET },
      },
    });
    expect(ch.statusCode).toBe(201);
    const rule = await t.http.inject({
      method: 'POST',
      url: '/api/v1/notification-rules',
      headers: admin.headers,
      payload: { customerId: customer.id, name: 'r', channelId: json(ch).id, events, filter },
    });
    expect(rule.statusCode).toBe(201);
    return json<{ id: string }>(ch).id;
  }

  const event = (deviceId: string | null = null) => ({
    customerId: customer.id,
    type: 'change.committed' as const,
    deviceId,
    payload: {
      changeId: '00000000-0000-4000-8000-000000000000',
      title: 'NTP everywhere',
      status: 'succeeded',
    },
  });

  async function drain(d: InstanceType<typeof NotificationDispatcher>, rounds = 20) {
    for (let i = 0; i < rounds; i++) {
      await d.runOnce();
      await new Promise((r) => setTimeout(r, 5));
    }
  }

  const deliveries = (channelId: string) =>
    queryRows<{
      status: string;
      attempts: number;
      log: { statusCode: number | null }[];
      last_error: string | null;
    }>(
      t.database.db,
      sql`select status, attempts, log, last_error from notification_deliveries where channel_id = ${channelId}
          order by created_at`,
    );

  it('retries a 5xx with backoff until it lands, and keeps every attempt in the log', async () => {
    const r = await startReceiver([500, 503]);
    const channelId = await webhookChannel(r.url, ['change.committed']);
    const count = async (outcome: string) =>
      (await deliveryAttempts.get()).values.find(
        (v) => v.labels.kind === 'webhook' && v.labels.outcome === outcome,
      )?.value ?? 0;
    const before = { retry: await count('retry'), delivered: await count('delivered') };
    await notify(t.database.db, [event()]);
    await drain(dispatcher());
    // Prometheus sees each attempt.
    expect((await count('retry')) - before.retry).toBe(2);
    expect((await count('delivered')) - before.delivered).toBe(1);
    const [d] = await deliveries(channelId);
    expect(d).toMatchObject({ status: 'delivered', attempts: 3 });
    expect(d!.log.map((a) => a.statusCode)).toEqual([500, 503, 200]);
    expect(r.got).toHaveLength(3);
    // The same delivery each time: a receiver can drop repeats by this id.
    expect(new Set(r.got.map((g) => g.headers['x-webnet-delivery'])).size).toBe(1);
    await r.close();
  });

  it('stops at a refusal (4xx) and after the last attempt', async () => {
    const refused = await startReceiver([404]);
    const a = await webhookChannel(refused.url, ['change.committed']);
    const down = await startReceiver([500, 500, 500, 500, 500]);
    const b = await webhookChannel(down.url, ['change.committed']);
    await notify(t.database.db, [event()]);
    await drain(dispatcher({ maxAttempts: 3 }));
    expect(await deliveries(a)).toMatchObject([
      { status: 'failed', attempts: 1, last_error: 'HTTP 404 Not Found' },
    ]);
    expect(await deliveries(b)).toMatchObject([{ status: 'failed', attempts: 3 }]);
    expect(refused.got).toHaveLength(1);
    expect(down.got).toHaveLength(3);
    await Promise.all([refused.close(), down.close()]);
  });

  it('turns a channel off after failures in a row, fails its queue, and a person turns it back on', async () => {
    const r = await startReceiver(Array(20).fill(500));
    const channelId = await webhookChannel(r.url, ['change.committed']);
    await notify(t.database.db, [event(), event(), event()]);
    const d = dispatcher({ maxAttempts: 2, disableAfter: 3 });
    await drain(d);
    const channel = await t.http.inject({
      method: 'GET',
      url: `/api/v1/notification-channels/${channelId}`,
      headers: admin.headers,
    });
    expect(json(channel)).toMatchObject({ enabled: false, failuresInRow: 3 });
    expect(json<{ disabledReason: string }>(channel).disabledReason).toMatch(
      /after 3 failed attempts in a row/,
    );
    expect((await deliveries(channelId)).every((x) => x.status === 'failed')).toBe(true);
    expect(r.got.length).toBe(3);
    const audit = await queryRows(
      t.database.db,
      sql`select 1 from audit_events where action = 'notification_channel.disable' and target_id = ${channelId}`,
    );
    expect(audit).toHaveLength(1);
    // Off: new events are not routed to it.
    await notify(t.database.db, [event()]);
    await drain(d, 3);
    expect(await deliveries(channelId)).toHaveLength(3);

    const on = await t.http.inject({
      method: 'PATCH',
      url: `/api/v1/notification-channels/${channelId}`,
      headers: admin.headers,
      payload: { enabled: true },
    });
    expect(json(on)).toMatchObject({ enabled: true, disabledReason: null, failuresInRow: 0 });
    await r.close();
  });

  it('a rule narrowed by the device filter hears only about its devices', async () => {
    const r = await startReceiver();
    const mk = (hostname: string, site: string) =>
      createDevice(
        t.database.db,
        systemActor('test'),
        deviceCreate.parse({
          customerId: customer.id,
          hostname,
          mgmtIp: '192.0.2.1',
          platform: 'cisco_ios',
          site,
        }),
      );
    const nyc = await mk('nyc-core-1', 'nyc');
    const lon = await mk('lon-core-1', 'lon');
    await webhookChannel(r.url, ['device.unreachable'], { site: ['nyc'] });
    await notify(
      t.database.db,
      [nyc, lon].map((d) => ({
        customerId: customer.id,
        type: 'device.unreachable' as const,
        deviceId: d.id,
        payload: { deviceId: d.id, hostname: d.hostname, error: 'connect ECONNREFUSED' },
      })),
    );
    await drain(dispatcher(), 3);
    expect(r.got.map((g) => JSON.parse(g.body).data.hostname)).toEqual(['nyc-core-1']);
    await r.close();
  });

  it('many devices at once are one message naming them, not one message each', async () => {
    const r = await startReceiver();
    await webhookChannel(r.url, ['device.unreachable'], { site: ['ams'] });
    const made = [];
    for (let i = 1; i <= 8; i++)
      made.push(
        await createDevice(
          t.database.db,
          systemActor('test'),
          deviceCreate.parse({
            customerId: customer.id,
            hostname: `ams-acc-${i}`,
            mgmtIp: `192.0.2.${10 + i}`,
            platform: 'cisco_ios',
            site: 'ams',
          }),
        ),
      );
    await notify(
      t.database.db,
      made.map((d) => ({
        customerId: customer.id,
        type: 'device.unreachable' as const,
        deviceId: d.id,
        payload: { deviceId: d.id, hostname: d.hostname, error: 'timeout', jobId: 'j-1' },
      })),
    );
    await drain(dispatcher(), 3);
    expect(r.got).toHaveLength(1);
    const body = JSON.parse(r.got[0]!.body);
    expect(body.title).toBe('8 devices became unreachable');
    expect(body.lines).toEqual(made.map((d) => d.hostname).sort());
    expect(body.data.count).toBe(8);
    expect(body.link).toBe('http://w/jobs/j-1');
    await r.close();
  });

  it('an event no rule asks for is not stored at all', async () => {
    const before = await queryRows<{ n: number }>(
      t.database.db,
      sql`select count(*)::int as n from notification_events`,
    );
    await notify(t.database.db, [{ ...event(), type: 'compliance.drift', customerId: other.id }]);
    const after = await queryRows<{ n: number }>(
      t.database.db,
      sql`select count(*)::int as n from notification_events`,
    );
    expect(after[0]!.n).toBe(before[0]!.n);
  });

  it('secrets are write-only and sealed; roles and customers hold; bad input names its field', async () => {
    const hookUrl = 'https://hooks.slack.com/services/T000/B000/XXXXXXXXSECRETXX';
    const res = await t.http.inject({
      method: 'POST',
      url: '/api/v1/notification-channels',
      headers: admin.headers,
      payload: { customerId: customer.id, name: 'slack-noc', kind: 'slack', secret: { webhookUrl: hookUrl } },
    });
    expect(res.statusCode).toBe(201);
    expect(res.body).not.toContain('XXXXXXXXSECRETXX');
    const id = json<{ id: string }>(res).id;
    const dump = JSON.stringify(await queryRows(t.database.db, sql`select * from notification_channels`));
    expect(dump).not.toContain('XXXXXXXXSECRETXX');
    expect(dump).not.toContain(SECRET);
    const list = await t.http.inject({
      method: 'GET',
      url: '/api/v1/notification-channels',
      headers: viewer.headers,
    });
    expect(list.statusCode).toBe(200);
    expect(list.body).not.toContain('XXXXXXXXSECRETXX');
    expect(list.body).not.toContain(SECRET);

    // A viewer reads, never changes; another customer's admin does not see it at all.
    const byViewer = await t.http.inject({
      method: 'PATCH',
      url: `/api/v1/notification-channels/${id}`,
      headers: viewer.headers,
      payload: { name: 'x' },
    });
    expect(byViewer.statusCode).toBe(403);
    for (const [method, url] of [
      ['GET', `/api/v1/notification-channels/${id}`],
      ['PATCH', `/api/v1/notification-channels/${id}`],
      ['DELETE', `/api/v1/notification-channels/${id}`],
      ['POST', `/api/v1/notification-channels/${id}/test`],
    ] as const) {
      const r = await t.http.inject({
        method,
        url,
        headers: stranger.headers,
        ...(method === 'PATCH' ? { payload: { name: 'x' } } : {}),
      });
      expect(r.statusCode, `${method} ${url}`).toBe(404);
    }
    const theirs = await t.http.inject({
      method: 'GET',
      url: '/api/v1/notification-deliveries',
      headers: stranger.headers,
    });
    expect(json<{ total: number }>(theirs).total).toBe(0);
    const crossRule = await t.http.inject({
      method: 'POST',
      url: '/api/v1/notification-rules',
      headers: stranger.headers,
      payload: { customerId: other.id, name: 'steal', channelId: id, events: ['job.failed'] },
    });
    expect(crossRule.statusCode).toBe(400);
    expect(json<{ error: { fields: { field: string }[] } }>(crossRule).error.fields[0]!.field).toBe(
      'channelId',
    );

    const badUrl = await t.http.inject({
      method: 'POST',
      url: '/api/v1/notification-channels',
      headers: admin.headers,
      payload: {
        customerId: customer.id,
        name: 'bad',
        kind: 'webhook',
        settings: { url: 'ftp://x' },
        secret: { signingSecret: SECRET },
      },
    });
    expect(badUrl.statusCode).toBe(400);
    expect(badUrl.body).toContain('settings.url');
    const badPatch = await t.http.inject({
      method: 'PATCH',
      url: `/api/v1/notification-channels/${id}`,
      headers: admin.headers,
      payload: { secret: { webhookUrl: 'not a url' } },
    });
    expect(badPatch.statusCode).toBe(400);
    expect(json<{ error: { fields: { field: string }[] } }>(badPatch).error.fields[0]!.field).toBe(
      'secret.webhookUrl',
    );
    const badEvent = await t.http.inject({
      method: 'POST',
      url: '/api/v1/notification-rules',
      headers: admin.headers,
      payload: { customerId: customer.id, name: 'r', channelId: id, events: ['job.exploded'] },
    });
    expect(badEvent.statusCode).toBe(400);
    expect(badEvent.body).toContain('events');
  });

  it('send test: Slack gets readable blocks with a link back; the answer says what happened', async () => {
    const r = await startReceiver([200, 404]);
    const res = await t.http.inject({
      method: 'POST',
      url: '/api/v1/notification-channels',
      headers: admin.headers,
      payload: { customerId: customer.id, name: 'slack-test', kind: 'slack', secret: { webhookUrl: r.url } },
    });
    const id = json<{ id: string }>(res).id;
    const ok = await t.http.inject({
      method: 'POST',
      url: `/api/v1/notification-channels/${id}/test`,
      headers: admin.headers,
    });
    expect(json(ok)).toMatchObject({ ok: true, statusCode: 200, error: null });
    const body = JSON.parse(r.got[0]!.body);
    expect(body.text).toContain('Test notification from webnet');
    expect(body.blocks[0]).toEqual({
      type: 'header',
      text: { type: 'plain_text', text: 'Test notification from webnet', emoji: false },
    });
    const button = body.blocks.find((b: { type: string }) => b.type === 'actions').elements[0];
    expect(button).toMatchObject({ type: 'button', url: 'http://localhost:8080/notifications' });
    const failed = await t.http.inject({
      method: 'POST',
      url: `/api/v1/notification-channels/${id}/test`,
      headers: admin.headers,
    });
    expect(json(failed)).toMatchObject({ ok: false, statusCode: 404, error: 'HTTP 404 Not Found' });
    const byViewer = await t.http.inject({
      method: 'POST',
      url: `/api/v1/notification-channels/${id}/test`,
      headers: viewer.headers,
    });
    expect(byViewer.statusCode).toBe(403);
    // A customer's admin cannot aim webnet at the cloud's instance metadata.
    const metadata = await t.http.inject({
      method: 'PATCH',
      url: `/api/v1/notification-channels/${id}`,
      headers: admin.headers,
      payload: { secret: { webhookUrl: 'http://169.254.169.254/latest/meta-data/iam/' } },
    });
    expect(metadata.statusCode).toBe(200);
    const refused = await t.http.inject({
      method: 'POST',
      url: `/api/v1/notification-channels/${id}/test`,
      headers: admin.headers,
    });
    expect(json(refused)).toMatchObject({ ok: false, statusCode: null });
    expect(json<{ error: string }>(refused).error).toMatch(/169\.254\.169\.254 is a link-local/);
    await r.close();
  });

  it('email goes through a real SMTP server, authenticated, with a subject, the facts and the link', async () => {
    const { SMTPServer } = await import('smtp-server');
    const received: { from: string; to: string[]; data: string; user: string | undefined }[] = [];
    const server = new SMTPServer({
      disabledCommands: ['STARTTLS'],
      allowInsecureAuth: true,
      onAuth(auth, _session, cb) {
        if (auth.username === 'webnet' && auth.password === 'smtp-p4ss-w0rd')
          cb(null, { user: auth.username });
        else cb(new Error('Invalid username or password'));
      },
      onData(stream, session, cb) {
        let data = '';
        stream.on('data', (c: Buffer) => {
          data += c.toString();
        });
        stream.on('end', () => {
          received.push({
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((r) => r.address),
            data,
            user: session.user as string | undefined,
          });
          cb();
        });
      },
    });
    const port = await freePort();
    await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
    const channel = (password: string) =>
      t.http.inject({
        method: 'POST',
        url: '/api/v1/notification-channels',
        headers: admin.headers,
        payload: {
          customerId: customer.id,
          name: `mail-${password.slice(0, 5)}`,
          kind: 'email',
          settings: {
            host: '127.0.0.1',
            port,
            tls: 'none',
            username: 'webnet',
            from: 'webnet@example.net',
            to: ['noc@example.net', 'oncall@example.net'],
          },
          secret: { password },
        },
      });
    const good = await channel('smtp-p4ss-w0rd');
    expect(good.statusCode).toBe(201);
    expect(good.body).not.toContain('smtp-p4ss-w0rd');
    const sent = await t.http.inject({
      method: 'POST',
      url: `/api/v1/notification-channels/${json<{ id: string }>(good).id}/test`,
      headers: admin.headers,
    });
    expect(json(sent)).toMatchObject({ ok: true, statusCode: 250 });
    expect(received).toHaveLength(1);
    expect(received[0]).toMatchObject({
      from: 'webnet@example.net',
      to: ['noc@example.net', 'oncall@example.net'],
      user: 'webnet',
    });
    expect(received[0]!.data).toContain('Subject: [webnet] Test notification from webnet');
    expect(received[0]!.data).toContain('http://localhost:8080/notifications');

    const bad = await channel('wrong-password');
    const refused = await t.http.inject({
      method: 'POST',
      url: `/api/v1/notification-channels/${json<{ id: string }>(bad).id}/test`,
      headers: admin.headers,
    });
    expect(json(refused)).toMatchObject({ ok: false, statusCode: 535 });
    expect(received).toHaveLength(1);
    await new Promise<void>((r) => server.close(() => r()));
  });
});
