import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyWebhook } from '../src/domains/notifications/senders.ts';
import { startFakeNetbox } from '../tests/helpers/fake-netbox.ts';
import { type Received, startReceiver } from '../tests/helpers/receiver.ts';
import { login, screenshot, waitForText } from './helpers/browser.ts';
import { demoWalk, expectAccessible, nav } from './helpers/walk.ts';

// Integrations in the browser. Notifications: the admin sets up a signed webhook for Globex, sends
// a test, adds a rule for failed jobs, and sees a backup's failures arrive at the receiver and in
// the delivery log. NetBox: the admin connects Globex to a NetBox, sees a dry run, syncs, and the
// devices are in the inventory.
const walk = demoWalk('127.43.0.1');
const SECRET = 'e2e-signing-secret-0123';
let hook: Awaited<ReturnType<typeof startReceiver>>;
let got: Received[] = [];
let url = '';
let admin: Page;

beforeAll(async () => {
  hook = await startReceiver();
  got = hook.got;
  url = hook.url;
});
afterAll(() => hook.close());

describe('notifications in a browser', () => {
  it('creates a webhook channel and its test arrives, signed', async () => {
    admin = await walk.open();
    await login(admin, 'admin', walk.demo.password);
    await nav(admin, 'Notifications');
    await admin.getByRole('button', { name: 'New channel' }).click();
    await admin.getByLabel('channel customer').selectOption({ label: 'Globex' });
    await admin.getByLabel('channel name').fill('globex-noc');
    await admin.getByLabel('webhook url').fill(url);
    await admin.getByLabel('channel secret').fill(SECRET);
    await admin.getByRole('button', { name: 'Create channel' }).click();
    await admin.getByRole('cell', { name: 'globex-noc' }).waitFor();
    await admin.getByRole('button', { name: 'Send test' }).click();
    await waitForText(admin.getByTestId('test-result-globex-noc'), 'delivered (200');
    expect(got).toHaveLength(1);
    expect(verifyWebhook(SECRET, got[0]!.body, String(got[0]!.headers['x-webnet-signature']))).toBe(true);
    expect(JSON.parse(got[0]!.body)).toMatchObject({ type: 'test', customer: { name: 'Globex' } });
    // The secret is never sent back to the browser.
    const channels = await admin.request.get('/api/v1/notification-channels');
    expect(await channels.text()).not.toContain(SECRET);
  });

  it('a rule for failed jobs hears about a backup with failed devices', async () => {
    await admin.getByRole('button', { name: 'New rule' }).click();
    await admin.getByLabel('rule customer').selectOption({ label: 'Globex' });
    await admin.getByLabel('rule name').fill('backup failures');
    await admin.getByLabel('rule channel').selectOption({ label: 'globex-noc (webhook)' });
    await admin.getByLabel('event job.partial').check();
    await admin.getByRole('button', { name: 'Create rule' }).click();
    await admin.getByRole('cell', { name: 'backup failures' }).waitFor();
    await expectAccessible(admin);

    // Globex has devices that fail as real ones do (a changed password, one that does not answer).
    const customers = await (await admin.request.get('/api/v1/customers')).json();
    const globex = customers.items.find((c: { name: string }) => c.name === 'Globex');
    // A cookie session's write carries its CSRF token, as the web UI's do.
    const csrf = (await admin.context().cookies()).find((c) => c.name === 'webnet_csrf')?.value ?? '';
    const job = await admin.request.post('/api/v1/jobs', {
      headers: { 'x-csrf-token': decodeURIComponent(csrf) },
      data: {
        type: 'config_backup',
        targets: { filter: { customerId: [globex.id] } },
        options: { retries: 0, timeoutSeconds: 10 },
      },
    });
    expect(job.status()).toBe(202);
    const jobId = (await job.json()).id;
    // Other jobs of Globex may fail meanwhile (the demo's own); this one's event is the one asked for.
    const mine = () => got.map((g) => JSON.parse(g.body)).find((b) => b.data?.jobId === jobId);
    await expect.poll(() => mine()?.type, { timeout: 90_000, interval: 500 }).toBe('job.partial');
    const event = mine();
    expect(event.title).toMatch(/^Job config_backup partial: \d+ of \d+ devices failed$/);
    expect(event.link).toBe(`${walk.demo.url}/jobs/${jobId}`);
    await admin.reload();
    await waitForText(admin.getByRole('table').last(), 'Job config_backup partial');
    await screenshot(admin, '70-notifications');
  }, 120_000);
});

describe('NetBox in a browser', () => {
  const TOKEN = 'e2e0123456789abcdef0123456789abcdef0123';
  let nb: Awaited<ReturnType<typeof startFakeNetbox>>;
  beforeAll(async () => {
    nb = await startFakeNetbox(TOKEN);
  });
  afterAll(() => nb.close());

  it('connects a NetBox, shows a dry run, then syncs its devices into the inventory', async () => {
    await nav(admin, 'NetBox');
    // The form is the selected customer's once its source has been read: filled before, the
    // first customer's form takes the typing and is then replaced by an empty one.
    const globex = await admin
      .getByLabel('netbox customer')
      .locator('option', { hasText: 'Globex' })
      .getAttribute('value');
    const loaded = admin.waitForResponse(
      (r) => r.request().method() === 'GET' && r.url().endsWith(`/api/v1/customers/${globex}/netbox`),
    );
    await admin.getByLabel('netbox customer').selectOption({ label: 'Globex' });
    await loaded;
    await admin.getByLabel('netbox url').fill(nb.url);
    await admin.getByLabel('netbox token').fill(TOKEN);
    await admin.getByRole('button', { name: 'Connect NetBox' }).click();
    await admin.getByRole('button', { name: 'Dry run' }).click();
    const plan = admin.getByTestId('netbox-plan');
    await waitForText(plan, 'NetBox listed 11 devices: 4 to create');
    await waitForText(plan, 'test1-oob1: it has no primary IP in NetBox');
    await expectAccessible(admin);
    const before = await (await admin.request.get('/api/v1/devices?q=test1-core1')).json();
    expect(before.total).toBe(0);
    await admin.getByRole('button', { name: 'Sync now' }).click();
    await waitForText(admin.getByTestId('netbox-plan'), '4 created');
    const after = await (await admin.request.get('/api/v1/devices?q=test1-&sort=hostname')).json();
    expect(after.items.map((d: { hostname: string }) => d.hostname)).toEqual([
      'test1-core1',
      'test1-core2',
      'test1-edge1',
      'test1-edge2',
    ]);
    expect(after.items[0]).toMatchObject({ platform: 'juniper_junos', site: 'test1', role: 'core-switch' });
    // Nightly from now on: a schedule of the sync, applied.
    await admin.getByLabel('netbox sync hours').fill('24');
    await admin.getByRole('button', { name: 'Add to the timetable' }).click();
    await waitForText(admin.getByTestId('netbox-schedules'), 'NetBox sync of Globex: every 24 h, next');
    await screenshot(admin, '71-netbox');

    // On the Schedules page its name and timing can change; its job stays the NetBox sync.
    await nav(admin, 'Schedules');
    await admin
      .getByRole('row', { name: /NetBox sync of Globex/ })
      .getByRole('button', { name: 'Edit' })
      .click();
    await admin.getByTestId('schedule-own-job').waitFor();
    await admin.getByLabel('schedule name').fill('NetBox nightly');
    await admin.getByRole('button', { name: 'Save schedule' }).click();
    await admin.getByRole('cell', { name: 'NetBox nightly' }).waitFor();
    const schedules = await (await admin.request.get('/api/v1/schedules?jobType=netbox_sync')).json();
    expect(schedules.items).toMatchObject([{ name: 'NetBox nightly', payload: { apply: true } }]);
  });
});
