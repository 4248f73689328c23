import fs from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { login, screenshot, waitForText } from './helpers/browser.ts';
import { demoWalk, nav, startJobFromForm, watchJob } from './helpers/walk.ts';

// The walk a new operator takes: log in, look around, back up, change a device, back up again,
// import devices, search; then a viewer, and a user of the other customer.
const walk = demoWalk('127.33.0.1');
const ACCESS = 'acme-access0001'; // cisco_ios in the demo's leaf-spine network
let admin: Page;

describe('webnet in a browser, against webnet demo', () => {
  it('refuses a wrong password with a clear message, and says so when login is rate limited', async () => {
    const page = await walk.open();
    walk.allowConsoleError(page, /status of 401/);
    walk.allowConsoleError(page, /status of 429/);
    await page.goto('/');
    await screenshot(page, '01-login');
    await page.getByLabel('Username', { exact: true }).fill('admin');
    await page.getByLabel('Password', { exact: true }).fill('not the password');
    await page.getByRole('button', { name: 'Log in' }).click();
    await waitForText(page.getByRole('alert'), 'Wrong username or password.');
    // The limit is per client and username (10 a minute by default): the admin is not locked out.
    await page.getByLabel('Username', { exact: true }).fill('mallory');
    for (let i = 0; i < 11; i++) await page.getByRole('button', { name: 'Log in' }).click();
    await waitForText(page.getByRole('alert'), 'Too many login attempts');
    await screenshot(page, '02-login-rate-limited');
  });

  it('logs the admin in to a dashboard of the lab', async () => {
    admin = await walk.open();
    await login(admin, 'admin', walk.demo.password);
    await waitForText(admin.getByTestId('current-user'), 'admin');
    // 8 Acme devices and 4 of Globex.
    await waitForText(admin.locator('[data-stat="devices"]'), '12');
    await admin.locator('.recharts-surface').first().waitFor();
    await screenshot(admin, '03-dashboard');
  });

  it('lists the lab devices with search, filters and sorting', async () => {
    await nav(admin, 'Devices');
    await waitForText(admin.locator('h1'), 'Devices (12)');
    await admin.getByRole('link', { name: ACCESS }).waitFor();
    await admin.getByLabel('filter platform', { exact: true }).selectOption('cisco_ios');
    await waitForText(admin.locator('h1'), /Devices \(\d\)/);
    const rows = await admin.locator('tbody tr').allTextContents();
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) expect(r).toContain('cisco_ios');
    // The other filters' choices count only what the chosen platform leaves.
    const shown = Number(/\((\d+)\)/.exec((await admin.locator('h1').textContent()) ?? '')?.[1]);
    await expect
      .poll(async () => {
        const options = await admin
          .getByLabel('filter role', { exact: true })
          .locator('option')
          .allTextContents();
        return options.slice(1).reduce((n, o) => n + Number(/\((\d+)\)$/.exec(o)?.[1] ?? 0), 0);
      })
      .toBe(shown);
    await admin.getByLabel('filter platform', { exact: true }).selectOption('');
    await admin.getByLabel('search devices', { exact: true }).fill('spine');
    await waitForText(admin.locator('h1'), 'Devices (2)');
    // "Devices" in the navigation is the unfiltered list again, and the search box follows the address.
    await nav(admin, 'Devices');
    await waitForText(admin.locator('h1'), 'Devices (12)');
    expect(await admin.getByLabel('search devices', { exact: true }).inputValue()).toBe('');
    await admin.getByRole('button', { name: 'Hostname' }).click();
    await waitForText(admin.locator('th[aria-sort="descending"]'), 'Hostname');
    await screenshot(admin, '04-devices');
  });

  it('runs a backup and shows the live log until the job finishes', async () => {
    await admin.getByLabel('customer', { exact: true }).selectOption({ label: 'Acme Networks' });
    await nav(admin, 'Jobs');
    await admin.getByRole('link', { name: 'New job' }).click();
    await admin.getByLabel('job type', { exact: true }).selectOption('config_backup');
    await waitForText(admin.getByTestId('target-count'), '8 enabled devices match');
    const frames: string[] = [];
    admin.on('websocket', (ws) => ws.on('framereceived', (f) => frames.push(String(f.payload))));
    await startJobFromForm(admin);
    await watchJob(admin);
    await waitForText(admin.getByTestId('job-counts'), '8/8 done · 8 ok');
    await waitForText(admin.getByTestId('job-log'), ACCESS);
    // It came over the socket: a snapshot, then progress up to the final status.
    expect(frames.some((f) => f.includes('"type":"snapshot"'))).toBe(true);
    expect(frames.some((f) => f.includes('"status":"success"'))).toBe(true);
    await screenshot(admin, '05-backup-job');
  });

  it("changes a device's configuration with run-commands", async () => {
    await nav(admin, 'Jobs');
    await admin.getByRole('link', { name: 'Run commands…' }).click();
    await admin.getByLabel('target search', { exact: true }).fill(ACCESS);
    await waitForText(admin.getByTestId('target-count'), '1 enabled devices match');
    await admin
      .getByLabel('commands', { exact: true })
      .fill('configure terminal\nntp server 198.51.100.99\nend\nshow running-config | include ntp');
    await startJobFromForm(admin);
    await watchJob(admin);
    // A click on the row (not on the device's link) opens its output.
    await admin.getByTestId('job-devices').locator('tr', { hasText: ACCESS }).locator('td').nth(2).click();
    await waitForText(admin.getByTestId('device-output'), 'ntp server 198.51.100.99');
    await screenshot(admin, '06-run-commands');
  });

  it('backs the device up again and shows the change as a diff', async () => {
    // From the job's device list to the device, then "Run job…" for it alone.
    await admin.getByTestId('job-devices').getByRole('link', { name: ACCESS }).click();
    await waitForText(admin.locator('h1'), ACCESS);
    await admin.getByRole('link', { name: 'Run job…' }).click();
    await waitForText(admin.getByTestId('target-count'), '1 selected devices');
    await admin.getByLabel('job type', { exact: true }).selectOption('config_backup');
    await startJobFromForm(admin);
    await watchJob(admin);
    await waitForText(admin.getByTestId('job-devices'), 'changed');
    await admin.getByTestId('job-devices').getByRole('link', { name: ACCESS }).click();
    await admin.getByRole('tab', { name: 'configs' }).click();
    await waitForText(admin.getByTestId('diff-view'), 'ntp server 198.51.100.99');
    expect(await admin.locator('[data-testid="diff-view"] .d2h-ins').count()).toBeGreaterThan(0);
    await screenshot(admin, '07-diff-side-by-side');
    await admin.getByRole('button', { name: 'Unified' }).click();
    await admin.locator('.d2h-file-diff').waitFor();
    await screenshot(admin, '08-diff-unified');
    const [raw] = await Promise.all([
      admin.waitForEvent('download'),
      admin.getByRole('link', { name: 'download' }).first().click(),
    ]);
    expect(fs.readFileSync((await raw.path())!, 'utf8')).toContain('ntp server 198.51.100.99');
  });

  it('reads a configuration in the browser: the clock line dimmed, search, folding, a link to a line', async () => {
    await admin.getByRole('button', { name: 'view' }).first().click();
    const text = admin.getByTestId('config-text');
    await waitForText(text, 'hostname');
    // The lines diffs ignore (IOS's "Last configuration change" clock) are dimmed.
    await waitForText(text.locator('[data-insignificant]').first(), 'Last configuration change');
    // Find: the search panel finds the line the change added, wherever it is in the text.
    await admin.getByRole('button', { name: 'Find' }).click();
    const field = admin.locator('.cm-search input[name="search"]');
    // Typed as a user types: the panel takes its query from key events.
    await field.pressSequentially('ntp server 198.51.100.99');
    await field.press('Enter');
    await waitForText(text.locator('.cm-searchMatch-selected'), 'ntp server 198.51.100.99');
    // A section folds from the gutter.
    await text.locator('.cm-foldGutter [title="Fold line"]').first().click();
    await text.locator('.cm-foldPlaceholder').first().waitFor();
    // A click on a line number links to the line: opening that URL again marks it.
    // The search panel sits over the top of the text: closed first, and a line from the middle.
    await field.press('Escape');
    await admin.locator('.cm-search').waitFor({ state: 'detached' });
    const numbers = text.locator('.cm-lineNumbers .cm-gutterElement:not([style*="hidden"])');
    const n = (await numbers.nth(8).textContent())!;
    // Clicked by its number, not its place: the editor may still be settling after the panel
    // closed and redraw its gutter, and the ninth number then belongs to another line.
    // Scrolled to first and left to settle: the editor renders only the lines near its view and
    // hands the gutter's elements to other lines when it scrolls, so a click that scrolls could
    // land on an element that meanwhile shows another number.
    const target = numbers.filter({ hasText: new RegExp(`^${n}$`) });
    await target.scrollIntoViewIfNeeded();
    await admin.evaluate(
      () => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))),
    );
    await target.click();
    await expect.poll(() => new URL(admin.url()).searchParams.get('line')).toBe(n);
    await admin.goto(admin.url());
    await admin.getByTestId('config-text').locator('.cm-linked').waitFor();
    await screenshot(admin, '09-config-viewer');
  });

  it('parses command output into one sortable table across devices, exported as CSV', async () => {
    await nav(admin, 'Jobs');
    await admin.getByRole('link', { name: 'Run commands…' }).click();
    await admin.getByLabel('target search', { exact: true }).fill('acme-access');
    await waitForText(admin.getByTestId('target-count'), /^[2-9] enabled devices match/);
    await admin.getByLabel('commands', { exact: true }).fill('show ip interface brief');
    await admin.getByLabel('Parse the output into tables (TextFSM, ntc-templates)').check();
    await startJobFromForm(admin);
    // The access layer has a Linux host among the IOS switches: it has no such command (partial).
    await admin
      .locator('h1 [data-status="success"], h1 [data-status="partial"]')
      .waitFor({ timeout: 60_000 });
    const table = admin.getByTestId('records-table');
    await table.waitFor();
    expect(await table.locator('thead th').allTextContents()).toEqual([
      'device',
      'interface',
      'ip_address',
      'status',
      'proto',
    ]);
    const devices = await table.locator('tbody tr td:nth-child(1)').allTextContents();
    expect(new Set(devices).size).toBeGreaterThanOrEqual(2);
    // Sorted by interface, naturally (Gi1/0/2 before Gi1/0/10); again, and it is reversed.
    const header = table.getByRole('button', { name: 'interface' });
    await header.click();
    await table.locator('th[aria-sort="ascending"]').waitFor();
    const interfaces = await table.locator('tbody tr td:nth-child(2)').allTextContents();
    const natural = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });
    expect(interfaces).toEqual([...interfaces].sort(natural.compare));
    await header.click();
    await table.locator('th[aria-sort="descending"]').waitFor();
    expect(await table.locator('tbody tr td:nth-child(2)').first().textContent()).toBe(interfaces.at(-1));
    await screenshot(admin, '06b-parsed-output');
    const [csv] = await Promise.all([
      admin.waitForEvent('download'),
      admin.getByRole('link', { name: 'Export CSV' }).click(),
    ]);
    const lines = fs
      .readFileSync((await csv.path())!, 'utf8')
      .trim()
      .split('\n');
    expect(lines[0]).toBe('device,interface,ip_address,status,proto');
    expect(lines).toHaveLength(devices.length + 1);
  });

  it("discovers the topology and shows a device's LLDP/CDP neighbours, linked to their pages", async () => {
    await nav(admin, 'Jobs');
    await admin.getByRole('link', { name: 'New job' }).click();
    await admin.getByLabel('job type', { exact: true }).selectOption('topology_discovery');
    await screenshot(admin, '08a-new-job-form');
    await startJobFromForm(admin);
    await watchJob(admin);
    await nav(admin, 'Topology');
    await waitForText(admin.locator('main h2'), /\d+ devices, \d+ links/);
    await admin.locator('[data-testid="topology-graph"] canvas').first().waitFor();
    await screenshot(admin, '08c-topology');
    await nav(admin, 'Devices');
    await admin.getByRole('link', { name: ACCESS }).click();
    await admin.getByRole('tab', { name: 'neighbours' }).click();
    const neighbour = admin.locator('main table').getByRole('link').first();
    await waitForText(neighbour, /^acme-/);
    await neighbour.click();
    await waitForText(admin.locator('h1'), /acme-(leaf|spine)/);
    // The same page in the dark theme, which the toggle keeps across reloads.
    await admin.getByRole('button', { name: 'toggle theme' }).click();
    await admin.reload();
    expect(await admin.evaluate(() => document.documentElement.classList.contains('dark'))).toBe(true);
    await admin.locator('main table').getByRole('link').first().waitFor();
    await screenshot(admin, '08b-neighbours-dark');
    await admin.getByRole('button', { name: 'toggle theme' }).click();
  });

  it('imports a CSV: the dry run names the bad row, and nothing is written until it is fixed', async () => {
    await nav(admin, 'Devices');
    const [exported] = await Promise.all([
      admin.waitForEvent('download'),
      admin.getByRole('link', { name: 'Export CSV' }).click(),
    ]);
    const csv = fs.readFileSync((await exported.path())!, 'utf8');
    expect(csv.split('\n')[0]).toContain('hostname');
    expect(csv).toContain(ACCESS);
    expect(csv).not.toContain('globex-');
    await admin.getByRole('button', { name: 'Import CSV' }).click();
    const good = 'acme-new01,127.33.9.1,cisco_ios,lab';
    await admin
      .getByLabel('CSV text', { exact: true })
      .fill(`hostname,mgmt_ip,platform,credential\n${good}\nacme-new02,not-an-ip,cisco_ios,lab\n`);
    await admin.getByRole('button', { name: 'Preview' }).click();
    const report = admin.getByTestId('import-report');
    await waitForText(report, 'Nothing will be imported');
    await waitForText(report.locator('[data-import-row="error"]'), 'mgmt_ip');
    expect(await admin.getByRole('button', { name: 'Import', exact: true }).isDisabled()).toBe(true);
    await screenshot(admin, '09-import-preview');
    await admin
      .getByLabel('CSV text', { exact: true })
      .fill(`hostname,mgmt_ip,platform,credential\n${good}\n`);
    await admin.getByRole('button', { name: 'Preview' }).click();
    await waitForText(report, 'Ready to import: 1 new');
    await admin.getByRole('button', { name: 'Import', exact: true }).click();
    await waitForText(report, 'Imported: 1 new');
    await admin.getByRole('button', { name: 'close' }).click();
    await waitForText(admin.locator('h1'), 'Devices (9)');
  });

  it('finds the new line with config search, highlighted', async () => {
    await nav(admin, 'Config search');
    await admin.getByLabel('search configurations', { exact: true }).fill('198.51.100.99');
    await admin.getByRole('button', { name: 'Search' }).click();
    await waitForText(admin.getByTestId('search-total'), '1 device match');
    await waitForText(admin.locator('mark'), '198.51.100.99');
    await screenshot(admin, '10-config-search');
  });

  it('discovers the branch nobody entered, adds it to the inventory in one step and backs it up', async () => {
    // A page of its own: the admin's page stays where the later steps expect it.
    const page = await walk.open();
    await login(page, 'admin', walk.demo.password);
    await nav(page, 'Discovery');
    await page.getByLabel('discovery customer', { exact: true }).selectOption({ label: 'Acme Networks' });
    // The lab's devices listen on 2222; Acme's own ranges (left empty) hold its devices and a branch.
    await page.getByLabel('ssh port', { exact: true }).fill('2222');
    await page.getByLabel('telnet port', { exact: true }).fill('0');
    await page.getByRole('button', { name: 'Start discovery' }).click();
    await page.locator('main [data-status="success"]').waitFor({ timeout: 60_000 });
    const summary = page.getByTestId('discovery-summary');
    await waitForText(summary, /^11 answering, 3 new/);
    const table = page.locator('main table');
    await waitForText(table.locator('tr', { hasText: 'acme-branch-access0001' }), 'cisco_ios');
    await waitForText(table.locator('tr', { hasText: ACCESS }), 'known (same address)');
    await screenshot(page, '10b-discovery');
    // Select all takes the new ones only: the known ones are in the inventory already.
    await page.getByLabel('select all', { exact: true }).check();
    await page.getByRole('button', { name: 'Add 3 to the inventory' }).click();
    await waitForText(page.getByTestId('discovery-added'), 'Added 3: acme-branch-');
    await page.getByRole('button', { name: 'Back up the added devices' }).click();
    await page.waitForURL(/\/jobs\/[0-9a-f-]{36}$/);
    await watchJob(page);
    await waitForText(page.getByTestId('job-counts'), '3/3 done · 3 ok');
  });

  it('lets a viewer look but not run jobs, and the server refuses them too', async () => {
    const viewer = await walk.open();
    walk.allowConsoleError(viewer, /status of 403/);
    await login(viewer, 'victor', walk.demo.password);
    await nav(viewer, 'Devices');
    await viewer.getByRole('link', { name: ACCESS }).waitFor();
    expect(await viewer.getByRole('button', { name: 'Add device' }).count()).toBe(0);
    expect(await viewer.getByRole('button', { name: 'Import CSV' }).count()).toBe(0);
    expect(await viewer.getByLabel('select all', { exact: true }).count()).toBe(0);
    // Keyboard: "g j" goes to the jobs, "?" lists the keys.
    // "g" then "j" within 1.5 s: on a loaded CI machine the browser may sit on the second key
    // longer than that, so the pair is pressed again until it lands.
    await expect
      .poll(
        async () => {
          await viewer.keyboard.press('g');
          await viewer.keyboard.press('j');
          return new URL(viewer.url()).pathname;
        },
        { timeout: 30_000, intervals: [1_000] },
      )
      .toBe('/jobs');
    await viewer.keyboard.press('?');
    await waitForText(viewer.getByRole('dialog', { name: 'Keyboard shortcuts' }), 'Config search');
    await viewer.keyboard.press('Escape');
    await viewer.locator('tbody tr').first().waitFor();
    expect(await viewer.getByRole('link', { name: 'New job' }).count()).toBe(0);
    await screenshot(viewer, '11-viewer-jobs');
    const status = await viewer.evaluate(async () => {
      const csrf =
        document.cookie
          .split('; ')
          .find((c) => c.startsWith('webnet_csrf='))
          ?.split('=')[1] ?? '';
      const res = await fetch('/api/v1/jobs', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-csrf-token': decodeURIComponent(csrf) },
        body: JSON.stringify({ type: 'config_backup', targets: { filter: {} } }),
      });
      return res.status;
    });
    expect(status).toBe(403);
    // Logging out ends the session for good: a reload stays on the login page.
    await viewer.getByRole('button', { name: 'Log out' }).click();
    await viewer.getByRole('button', { name: 'Log in' }).waitFor();
    await viewer.reload();
    await viewer.getByRole('button', { name: 'Log in' }).waitFor();
    expect(await viewer.getByTestId('current-user').count()).toBe(0);
  });

  it('shows a user of the other customer nothing of this one', async () => {
    const other = await walk.open();
    walk.allowConsoleError(other, /status of 404/);
    await login(other, 'gina', walk.demo.password);
    await nav(other, 'Devices');
    await waitForText(other.locator('h1'), 'Devices (4)');
    const text = (await other.locator('main').textContent()) ?? '';
    expect(text).not.toContain('acme');
    expect(await other.getByLabel('customer', { exact: true }).count()).toBe(0);
    // Acme's device and job by their addresses: the same "not found" as for ids that never existed.
    const acmeDevice = (await admin.getByRole('link', { name: ACCESS }).getAttribute('href')) ?? '';
    await other.goto(acmeDevice);
    await waitForText(other.getByRole('alert'), 'device not found');
    // Acme's configs hold "ntp server"; Globex has none backed up, so nothing may match.
    await other.goto('/configs/search?q=ntp');
    await waitForText(other.locator('main'), 'No configuration matches.');
    expect((await other.locator('main').textContent()) ?? '').not.toContain('acme');
    await nav(other, 'Jobs');
    await nav(other, 'Dashboard');
    await waitForText(other.locator('[data-stat="devices"]'), '4');
    await screenshot(other, '12-other-customer');
  });
});
