import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { login, screenshot, waitForText } from './helpers/browser.ts';
import { demoWalk, expectAccessible, nav, startJobFromForm, watchJob } from './helpers/walk.ts';

// The walk of an admin setting things up: devices by hand and in bulk, credentials, users, IP
// ranges, API keys and schedules; then an operator facing devices that fail.
const walk = demoWalk('127.35.0.1');
let admin: Page;

describe('setting up webnet in a browser', () => {
  it('adds a device: the API’s message shows under the field at fault, then it saves', async () => {
    admin = await walk.open({ clipboard: true });
    walk.allowConsoleError(admin, /status of 400/);
    await login(admin, 'admin', walk.demo.password);
    await admin.getByLabel('customer', { exact: true }).selectOption({ label: 'Acme Networks' });
    await nav(admin, 'Devices');
    await admin.getByRole('button', { name: 'Add device' }).click();
    const form = admin.getByRole('form', { name: 'add device' });
    await form.locator('input[name="hostname"]').fill('acme-edge01');
    await form.locator('input[name="mgmtIp"]').fill('10.0.0.300');
    await form.locator('select[name="credentialId"]').selectOption({ label: 'lab (admin)' });
    await form.getByRole('button', { name: 'Add device' }).click();
    await waitForText(form.locator('[data-field-error="mgmtIp"]'), /./);
    await screenshot(admin, '20-device-form-error');
    await form.locator('input[name="mgmtIp"]').fill('10.0.0.30');
    await form.locator('input[name="tags"]').fill('edge, wan');
    await form.getByRole('button', { name: 'Add device' }).click();
    await admin.waitForURL(/\/devices\/[0-9a-f-]{36}$/);
    await waitForText(admin.locator('h1'), 'acme-edge01');
    await waitForText(admin.locator('main'), 'edge, wan');
    await admin.getByRole('button', { name: 'Edit' }).click();
    const edit = admin.getByRole('form', { name: 'edit device' });
    await edit.locator('input[name="role"]').fill('edge');
    await edit.getByRole('button', { name: 'Save' }).click();
    await waitForText(admin.locator('main'), 'edge / —');
    await screenshot(admin, '21-device-overview');
  });

  it('disables and enables devices in bulk', async () => {
    await nav(admin, 'Devices');
    await admin.getByLabel('search devices', { exact: true }).fill('acme-spine');
    await waitForText(admin.locator('h1'), 'Devices (2)');
    await admin.getByLabel('select all', { exact: true }).check();
    await admin
      .getByRole('toolbar', { name: 'bulk actions' })
      .getByRole('button', { name: 'Disable' })
      .click();
    await admin.getByLabel('filter enabled', { exact: true }).selectOption('false');
    await waitForText(admin.locator('h1'), 'Devices (2)');
    await screenshot(admin, '22-devices-disabled');
    await admin.getByLabel('select all', { exact: true }).check();
    await admin
      .getByRole('toolbar', { name: 'bulk actions' })
      .getByRole('button', { name: 'Enable' })
      .click();
    await waitForText(admin.locator('h1'), 'Devices (0)');
    await admin.getByLabel('filter enabled', { exact: true }).selectOption('');
    await admin.getByLabel('search devices', { exact: true }).fill('');
    // The search reaches the URL after a pause: the next step must not leave before it does, or
    // the late update takes the browser back to this page.
    await expect.poll(() => new URL(admin.url()).searchParams.get('q')).toBeNull();
    await waitForText(admin.locator('h1'), 'Devices (9)');
  });

  it('stores a credential whose secrets are never shown again', async () => {
    await nav(admin, 'Credentials');
    await admin.getByRole('button', { name: 'New credential' }).click();
    await admin.getByLabel('credential customer', { exact: true }).selectOption({ label: 'Acme Networks' });
    await admin.getByLabel('credential name', { exact: true }).fill('netops');
    await admin.getByLabel('device username', { exact: true }).fill('netops');
    await admin.getByLabel('device password', { exact: true }).fill('s3cret-Device-Pass');
    // Tried by devices without their own credential, first among the customer's, at one site only.
    await admin.getByLabel('credential priority', { exact: true }).fill('10');
    await admin.getByLabel('scope sites', { exact: true }).fill('Berlin, Hamburg');
    await admin.getByRole('button', { name: 'Create credential' }).click();
    await waitForText(admin.locator('tbody'), 'netops');
    const row = admin.locator('tbody tr', { hasText: 'netops' });
    await waitForText(row, 'stored');
    await waitForText(row, 'Berlin, Hamburg');
    await row.getByRole('button', { name: 'Edit' }).click();
    expect(await admin.getByLabel('device password', { exact: true }).inputValue()).toBe('');
    expect(await admin.content()).not.toContain('s3cret-Device-Pass');
    await screenshot(admin, '23-credentials');
    await admin.getByRole('button', { name: 'close' }).click();
  });

  it('lists the platforms webnet speaks, and what each can do', async () => {
    await nav(admin, 'Platforms');
    const row = admin.locator('tbody tr', { hasText: 'cisco_ios' });
    await waitForText(row, 'webnet');
    await waitForText(row, 'get_interfaces_ip');
    await screenshot(admin, '23b-platforms');
  });

  it('creates a user for one customer, who can then log in', async () => {
    await nav(admin, 'Users');
    await admin.getByRole('button', { name: 'New user' }).click();
    const form = admin.getByRole('form', { name: 'user' });
    await form.getByLabel('username', { exact: true }).fill('olga');
    await form.getByLabel('password', { exact: true }).fill('short');
    await form.getByLabel('role', { exact: true }).selectOption('operator');
    await form.getByLabel('Globex', { exact: true }).check();
    walk.allowConsoleError(admin, /status of 400/);
    await form.getByRole('button', { name: 'Create user' }).click();
    await waitForText(form.locator('[data-field-error="password"]'), 'at least 10 characters');
    await form.getByLabel('password', { exact: true }).fill('olga-long-password');
    await form.getByRole('button', { name: 'Create user' }).click();
    await waitForText(admin.locator('tbody'), 'olga');
    await screenshot(admin, '24-users');
    const olga = await walk.open();
    await login(olga, 'olga', 'olga-long-password');
    await nav(olga, 'Devices');
    await waitForText(olga.locator('h1'), 'Devices (4)');
  });

  it('lets a user change their own password: a wrong current one is refused, then a new login', async () => {
    const olga = await walk.open();
    walk.allowConsoleError(olga, /status of 40[01]/);
    await login(olga, 'olga', 'olga-long-password');
    await nav(olga, 'My password');
    const form = olga.getByRole('form', { name: 'change password' });
    await form.getByLabel('current password', { exact: true }).fill('not-her-password');
    await form.getByLabel('new password', { exact: true }).fill('olga-newer-password');
    await form.getByLabel('new password again', { exact: true }).fill('olga-newer-password');
    await form.getByRole('button', { name: 'Change password' }).click();
    await waitForText(form, /is wrong/);
    await form.getByLabel('current password', { exact: true }).fill('olga-long-password');
    await form.getByRole('button', { name: 'Change password' }).click();
    // Every session ended: the login page, where only the new password works.
    await olga.getByLabel('Username').waitFor();
    await login(olga, 'olga', 'olga-newer-password');
    await waitForText(olga.getByTestId('current-user'), 'olga');
  });

  it('shows the audit trail filtered by user and action, and deletes a customer once its name is typed', async () => {
    await nav(admin, 'Customers');
    await admin.getByRole('button', { name: 'New customer' }).click();
    await admin.getByLabel('customer name', { exact: true }).fill('Initech');
    await admin.getByRole('button', { name: 'Create customer' }).click();
    const card = admin.locator('section', { hasText: 'Initech' });
    await card.getByRole('button', { name: 'Delete' }).click();
    const dialog = admin.getByRole('dialog', { name: 'Delete Initech' });
    const confirm = dialog.getByRole('button', { name: 'Delete Initech' });
    expect(await confirm.isDisabled()).toBe(true);
    await dialog.getByLabel('confirm customer name', { exact: true }).fill('Initech');
    await confirm.click();
    await expect.poll(() => admin.locator('section', { hasText: 'Initech' }).count()).toBe(0);

    await nav(admin, 'Audit trail');
    await admin.getByLabel('audit action', { exact: true }).fill('customer.delete');
    const rows = admin.locator('tbody tr');
    await waitForText(rows.first(), 'customer.delete');
    await waitForText(rows.first(), 'Initech');
    await expect.poll(() => rows.count()).toBe(1);
    await admin.getByLabel('audit action', { exact: true }).fill('');
    await admin.getByLabel('audit user', { exact: true }).fill('olga');
    await waitForText(rows.first(), 'olga');
    await screenshot(admin, '26a-audit-trail');
  });

  it('adds a management IP range, refusing one that is not a CIDR', async () => {
    await nav(admin, 'Customers');
    const input = admin.getByLabel('new range for Globex', { exact: true });
    await input.fill('10.77.0.0/33');
    walk.allowConsoleError(admin, /status of 400/);
    await admin.locator('section', { hasText: 'Globex' }).getByRole('button', { name: 'Add range' }).click();
    await waitForText(
      admin.locator('section', { hasText: 'Globex' }).locator('[data-field-error="cidr"]'),
      /./,
    );
    await input.fill('10.77.0.0/16');
    await admin.locator('section', { hasText: 'Globex' }).getByRole('button', { name: 'Add range' }).click();
    await waitForText(admin.locator('section', { hasText: 'Globex' }), '10.77.0.0/16');
    await screenshot(admin, '25-customers');
  });

  it('shows a new API key once, copies it, and the key stops working when revoked', async () => {
    await nav(admin, 'API keys');
    await admin.getByLabel('key name', { exact: true }).fill('nautobot sync');
    await admin.getByLabel('key role', { exact: true }).selectOption('viewer');
    await admin.getByRole('button', { name: 'Create key' }).click();
    const key = (await admin.getByTestId('new-api-key').textContent()) ?? '';
    expect(key).toMatch(/^wnk_/);
    await admin.getByRole('button', { name: 'Copy' }).click();
    await waitForText(admin.getByRole('button', { name: 'Copied' }), 'Copied');
    expect(await admin.evaluate(() => navigator.clipboard.readText())).toBe(key);
    await screenshot(admin, '26-api-key-created');
    const ping = () =>
      admin.evaluate(
        async (k) => (await fetch('/api/v1/ping', { headers: { authorization: `Bearer ${k}` } })).status,
        key,
      );
    expect(await ping()).toBe(200);
    await admin.getByRole('button', { name: 'Done' }).click();
    await expect.poll(() => admin.getByTestId('new-api-key').count()).toBe(0);
    admin.once('dialog', (d) => void d.accept());
    await admin
      .locator('tbody tr', { hasText: 'nautobot sync' })
      .getByRole('button', { name: 'Revoke' })
      .click();
    await waitForText(admin.locator('tbody tr', { hasText: 'nautobot sync' }), 'revoked');
    walk.allowConsoleError(admin, /status of 401/);
    expect(await ping()).toBe(401);
  });

  it('creates, edits, disables and deletes a schedule, showing its next run', async () => {
    await nav(admin, 'Schedules');
    await admin.getByRole('button', { name: 'New schedule' }).click();
    await admin.getByLabel('schedule name', { exact: true }).fill('nightly backup');
    await admin.getByLabel('cron', { exact: true }).fill('30 2 * * *');
    await admin.getByLabel('time zone', { exact: true }).fill('Europe/Berlin');
    await admin.getByRole('button', { name: 'Create schedule' }).click();
    const row = admin.locator('tbody tr', { hasText: 'nightly backup' });
    await waitForText(row, 'cron 30 2 * * * (Europe/Berlin)');
    // The next run at 02:30 in the schedule's own zone, the zone named (CET or CEST, or GMT+1/+2).
    expect(await row.locator('td').nth(3).textContent()).toMatch(/2:30.*(CES?T|GMT\+[12])/);
    await row.getByRole('button', { name: 'Edit' }).click();
    await admin.getByLabel('schedule kind', { exact: true }).selectOption('interval');
    await admin.getByLabel('interval minutes', { exact: true }).fill('90');
    await admin.getByRole('button', { name: 'Save schedule' }).click();
    await waitForText(row, 'every 90 min');
    await row.getByRole('button', { name: 'Disable' }).click();
    await waitForText(row, 'disabled');
    await screenshot(admin, '27-schedules');
    admin.once('dialog', (d) => void d.accept());
    await row.getByRole('button', { name: 'Delete' }).click();
    await waitForText(admin.locator('tbody'), 'No schedules yet.');
  });

  it('cancels a job stuck on a device, and retries the devices that failed', async () => {
    const gina = await walk.open();
    await login(gina, 'gina', walk.demo.password);
    await nav(gina, 'Jobs');
    await gina.getByRole('link', { name: 'New job' }).click();
    await gina.getByLabel('job type', { exact: true }).selectOption('config_backup');
    await gina.locator('summary', { hasText: 'Options' }).click();
    await gina.getByLabel('Timeout per device (s)').fill('4');
    await gina.getByLabel('Retries (timeouts, refused, reset)').fill('0');
    await startJobFromForm(gina);
    // Two devices answer, one refuses the password, one never answers after login (a timeout).
    await watchJob(gina, 'partial');
    await waitForText(gina.getByTestId('job-counts'), '4/4 done · 2 ok · 2 failed');
    await waitForText(gina.getByTestId('job-devices'), 'auth');
    await waitForText(gina.getByTestId('job-devices'), 'timeout');
    await screenshot(gina, '28-job-partial');
    // Why it timed out: the failed device opens on its session's transcript, what webnet sent
    // after the login and that no prompt ever came back.
    await gina.getByTestId('job-devices').locator('tr', { hasText: 'timeout' }).first().click();
    await waitForText(gina.getByTestId('transcript'), '→');
    expect(await gina.getByRole('tab', { name: 'transcript' }).getAttribute('aria-selected')).toBe('true');
    await screenshot(gina, '28-job-transcript');
    const first = gina.url();
    await gina.getByRole('button', { name: 'Retry 2 failed' }).click();
    await gina.waitForURL((u) => u.toString() !== first);
    await waitForText(gina.getByTestId('job-counts'), '/2 done');
    await watchJob(gina, 'failed');

    // A backup of the device that hangs, cancelled while it waits.
    await nav(gina, 'Jobs');
    await gina.getByRole('link', { name: 'New job' }).click();
    await gina.getByLabel('job type', { exact: true }).selectOption('config_backup');
    await gina.getByLabel('target search', { exact: true }).fill('globex-access0004');
    await waitForText(gina.getByTestId('target-count'), '1 enabled devices match');
    await startJobFromForm(gina);
    await gina.locator('h1 [data-status="running"]').waitFor({ timeout: 30_000 });
    await gina.getByRole('button', { name: 'Cancel' }).click();
    await watchJob(gina, 'cancelled');
    await waitForText(gina.getByTestId('job-counts'), '1 cancelled');
    await screenshot(gina, '29-job-cancelled');

    // The hanging device skipped on its own: its time counts while it runs, the job goes on.
    await nav(gina, 'Devices');
    for (const host of ['globex-access0001', 'globex-access0004'])
      await gina.locator('tbody tr', { hasText: host }).getByLabel('select row').check();
    await gina
      .getByRole('toolbar', { name: 'bulk actions' })
      .getByRole('button', { name: 'Run job…' })
      .click();
    await gina.getByLabel('job type', { exact: true }).selectOption('config_backup');
    await gina.locator('summary', { hasText: 'Options' }).click();
    await gina.getByLabel('Timeout per device (s)').fill('300');
    await startJobFromForm(gina);
    const hung = gina.getByTestId('job-devices').locator('tr', { hasText: 'globex-access0004' });
    await hung.getByTestId('elapsed').waitFor({ timeout: 30_000 });
    await screenshot(gina, '29e-job-device-running');
    await hung.getByRole('button', { name: 'Skip' }).click();
    await watchJob(gina, 'partial', 30_000);
    await waitForText(hung, /skipped by gina/);
    // Failed and skipped devices come before the ones that went well.
    await waitForText(gina.getByTestId('job-devices').locator('tbody tr').first(), 'globex-access0004');
    await nav(gina, 'Jobs');
    const latest = gina.locator('tbody tr').first();
    await waitForText(latest, '2 selected');
    await waitForText(latest, /\d+(\.\d)? s/);

    // The devices whose backups failed, from the dashboard's tile to the device and a new backup.
    await nav(gina, 'Dashboard');
    await gina.getByRole('link', { name: /last backup failed/ }).click();
    await gina.waitForURL(/\/devices\?.*backup=failed/);
    await waitForText(gina.locator('h1'), 'Devices (2)');
    expect(await gina.getByLabel('filter backup', { exact: true }).inputValue()).toBe('failed');
    const failing = gina.locator('tbody tr', { hasText: 'backup failed' });
    // The heading's count and the rows are separate answers: wait for the rows too.
    await expect.poll(() => failing.count()).toBe(2);
    await waitForText(gina.locator('tbody tr', { hasText: 'auth' }), 'backup failed');
    await waitForText(gina.locator('tbody tr', { hasText: 'timeout' }), 'backup failed');
    await screenshot(gina, '29a-devices-backup-failed');
    await gina.locator('tbody tr', { hasText: 'auth' }).getByRole('link').first().click();
    const card = gina.getByTestId('last-backup');
    await waitForText(card, 'backup failed');
    await waitForText(card, /auth: .+/);
    await screenshot(gina, '29b-device-last-backup');
    await gina.getByRole('button', { name: 'Back up now' }).click();
    await gina.waitForURL(/\/jobs\/[0-9a-f-]{36}$/);
    await watchJob(gina, 'failed');
    await waitForText(gina.getByTestId('job-counts'), '1/1 done');
  });

  it('runs commands on the selected devices only after naming them and their customer', async () => {
    const gina = await walk.open();
    await login(gina, 'gina', walk.demo.password);
    // With nothing chosen, commands do not go to every device unless that is said.
    await nav(gina, 'Jobs');
    await gina.getByRole('link', { name: 'Run commands…' }).click();
    await gina.getByLabel('commands', { exact: true }).fill('show version');
    const start = gina.getByRole('button', { name: 'Start run commands' });
    expect(await start.isDisabled()).toBe(true);
    await gina.getByLabel('every enabled device', { exact: true }).check();
    expect(await start.isDisabled()).toBe(false);

    await nav(gina, 'Devices');
    for (const host of ['globex-access0001', 'globex-access0002'])
      await gina.locator('tbody tr', { hasText: host }).getByLabel('select row').check();
    await gina
      .getByRole('toolbar', { name: 'bulk actions' })
      .getByRole('button', { name: 'Run commands…' })
      .click();
    await waitForText(gina.getByTestId('target-count'), '2 selected devices');
    await gina.getByLabel('commands', { exact: true }).fill('show version');
    await gina.getByRole('button', { name: 'Start run commands' }).click();
    const confirm = gina.getByRole('dialog', { name: 'confirm job' });
    await waitForText(confirm, 'Start run commands on 2 devices?');
    await waitForText(confirm.getByRole('list', { name: 'customers' }), 'Globex: 2');
    await waitForText(confirm, 'globex-access0001, globex-access0002');
    await screenshot(gina, '29c-run-commands-confirm');
    await confirm.getByRole('button', { name: 'Start on 2 devices' }).click();
    await gina.waitForURL(/\/jobs\/[0-9a-f-]{36}$/);
    await watchJob(gina, 'success');
    await waitForText(gina.getByTestId('job-counts'), '2/2 done · 2 ok');
    // The answers grouped, each command's status shown, and the exports one click away.
    const groups = gina.getByTestId('output-groups');
    await waitForText(groups, 'globex-access0001');
    await waitForText(groups, 'globex-access0002');
    await waitForText(groups, /\d devices?/);
    // The hostnames show while the job runs too (devices without output yet); the answers come
    // with the refresh at the job's end.
    await groups.locator('[data-status="ok"]').first().waitFor();
    await screenshot(gina, '29d-run-commands-groups');
    const csv = await gina.request.get(
      await gina.getByLabel('export output as csv').getAttribute('href').then(String),
    );
    expect(csv.status()).toBe(200);
    const lines = (await csv.text()).trim().split('\n');
    expect(lines[0]).toBe('device,command,status,output');
    expect(lines.filter((l) => l.startsWith('globex-access000')).length).toBeGreaterThanOrEqual(2);
  });

  it('has no serious or critical accessibility finding on any page, and moves focus to its heading', async () => {
    const paths = [
      '/',
      '/devices',
      '/jobs',
      '/jobs/new',
      '/changes',
      '/compliance',
      '/configs/search',
      '/topology',
      '/discovery',
      '/schedules',
      '/admin/users',
      '/admin/customers',
      '/admin/credentials',
      '/admin/platforms',
      '/audit',
      '/account/api-keys',
      '/account/password',
    ];
    for (const path of paths) {
      await admin.goto(path);
      await expectAccessible(admin);
    }
    // Every dashboard tile opens what it counts.
    await admin.goto('/');
    await admin.locator('[data-stat]').first().waitFor();
    expect(
      await admin.locator('[data-stat]').evaluateAll((tiles) => tiles.filter((t) => !t.closest('a')).length),
    ).toBe(0);
    // The pages of one device and one job, reached from the lists.
    await nav(admin, 'Devices');
    await admin.locator('tbody tr').first().getByRole('link').first().click();
    await expectAccessible(admin);
    // A navigation puts focus on the new page's heading.
    await expect.poll(() => admin.evaluate(() => document.activeElement?.tagName)).toBe('H1');
    await nav(admin, 'Jobs');
    await admin.locator('tbody tr').first().getByRole('link').first().click();
    await expectAccessible(admin);
  });

  it('works on a phone: the menu folds away, the lists keep their key columns', async () => {
    const phone = await walk.open({ viewport: { width: 390, height: 844 } });
    await login(phone, 'admin', walk.demo.password);
    const menu = phone.getByRole('button', { name: 'Menu' });
    const mainNav = phone.getByRole('navigation', { name: 'main' });
    expect(await mainNav.isVisible()).toBe(false);
    await menu.click();
    await mainNav.getByRole('link', { name: 'Devices', exact: true }).click();
    // Choosing a page folds the menu again.
    await expect.poll(() => mainNav.isVisible()).toBe(false);
    await phone.locator('tbody tr').first().waitFor();
    const headers = await phone
      .locator('thead th')
      .evaluateAll((ths) =>
        ths
          .filter((th) => (th as HTMLElement).offsetParent !== null)
          .map((th) => th.textContent?.trim() ?? ''),
      );
    expect(headers).toEqual(
      expect.arrayContaining([expect.stringMatching(/^Hostname/), 'Reachability', 'Last backup']),
    );
    expect(headers.some((h) => h.startsWith('Platform'))).toBe(false);
    // Nothing wider than the screen but the table's own scroller.
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await screenshot(phone, '30-phone-devices');
    await expectAccessible(phone);
    // The other daily pages fit as well.
    for (const path of ['/', '/jobs', '/changes', '/compliance', '/configs/search', '/schedules', '/audit']) {
      await phone.goto(path);
      await expectAccessible(phone);
      const width = await phone.evaluate(() => document.documentElement.scrollWidth);
      expect(width, `${path} at 390 px`).toBeLessThanOrEqual(390);
    }
    await phone.goto('/devices');
    await phone.locator('tbody tr').first().getByRole('link').first().click();
    await expectAccessible(phone);
    expect(
      await phone.evaluate(() => document.documentElement.scrollWidth),
      'a device at 390 px',
    ).toBeLessThanOrEqual(390);

    // On a 1440 px screen the device filter is one row.
    const laptop = await walk.open({ viewport: { width: 1440, height: 900 } });
    await login(laptop, 'admin', walk.demo.password);
    await nav(laptop, 'Devices');
    const bar = await laptop.getByTestId('filter-bar').boundingBox();
    const search = await laptop.getByLabel('search devices', { exact: true }).boundingBox();
    expect(bar!.height).toBeLessThan(search!.height * 1.5);
  });
});
