import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { login, screenshot, waitForText } from './helpers/browser.ts';
import { demoWalk, nav, startJobFromForm, watchJob } from './helpers/walk.ts';

// Compliance in a browser: Acme's configurations backed up, a policy written and tried on a
// device before it is saved, the matrix of devices × rules, a failing cell's finding and fix,
// and the fix turned into a change that previews on the devices.
const walk = demoWalk('127.39.0.1');
let admin: Page;

const POLICY = `name: acme standard
scope: {platform: [cisco_ios]}
rules:
  - name: ntp
    severity: high
    must_contain: [ntp server 192.0.2.99]
  - name: ssh only
    section: {parent: "^line vty"}
    must_contain: [transport input ssh]
  - name: vty by tacacs
    section: {parent: "^line vty"}
    must_not_contain: [login local]
`;

describe('compliance in a browser', () => {
  it('backs up Acme, and tries a policy on a device before saving it', async () => {
    admin = await walk.open();
    await login(admin, 'admin', walk.demo.password);
    await admin.getByLabel('customer', { exact: true }).selectOption({ label: 'Acme Networks' });
    await nav(admin, 'Jobs');
    await admin.getByRole('link', { name: 'New job' }).click();
    await admin.getByLabel('job type', { exact: true }).selectOption('config_backup');
    await startJobFromForm(admin);
    await watchJob(admin, 'success');

    await nav(admin, 'Compliance');
    await admin.getByRole('button', { name: 'New policy' }).click();
    // A refused policy: the reason under the editor, its line marked in it.
    walk.allowConsoleError(admin, /status of 400/);
    await admin
      .getByLabel('policy source')
      .fill('name: broken\nrules:\n  - name: a\n    must_contian: [x]\n');
    await admin.getByRole('button', { name: 'Create policy' }).click();
    await waitForText(admin.locator('[data-field-error="source"]'), /^line 4: rules\.0: Unrecognized key/);
    await admin.locator('[data-refused-line="4"]').waitFor();
    await admin.getByLabel('policy source').fill(POLICY);
    await admin.locator('[data-refused-line]').waitFor({ state: 'detached' });
    const device = admin.getByLabel('test device');
    await expect.poll(async () => (await device.locator('option').count()) > 1).toBe(true);
    await device.selectOption({ index: 1 });
    await admin.getByRole('button', { name: 'Test', exact: true }).click();
    await waitForText(admin.getByTestId('policy-test'), 'missing: ntp server 192.0.2.99');
    await waitForText(admin.getByTestId('policy-test'), 'ntp server 192.0.2.99');
    await screenshot(admin, '50-policy-editor');
    await admin.getByRole('button', { name: 'Create policy' }).click();
    await admin.getByRole('dialog').waitFor({ state: 'detached' });
  });

  it('shows the matrix of devices × rules, and what a failing cell found and how to fix it', async () => {
    const matrix = admin.getByTestId('compliance-matrix');
    const failing = matrix.getByRole('button', { name: /ntp: fail$/ }).first();
    await failing.waitFor({ timeout: 30_000 });
    await expect
      .poll(() => matrix.getByRole('button', { name: /ssh only: pass$/ }).count())
      .toBeGreaterThan(0);
    await waitForText(admin.getByTestId('compliance-trend'), '0% compliant today');
    await failing.click();
    await waitForText(admin.getByTestId('result-detail'), 'missing: ntp server 192.0.2.99');
    await screenshot(admin, '51-compliance-matrix');
    // The device's own page says the same, with the fix.
    await matrix.getByRole('link').first().click();
    await admin.getByRole('tab', { name: 'compliance' }).click();
    await waitForText(admin.getByTestId('device-compliance'), '2 of 3 rules fail.');
    await waitForText(admin.getByTestId('device-compliance'), 'missing: ntp server 192.0.2.99');
    // Its history: each failing rule started failing when the policy was saved.
    await waitForText(admin.getByTestId('compliance-history'), /ntp \(.+\) started failing/);
    // The configuration the verdicts were made on, the forbidden line flagged where it stands;
    // its finding's line number scrolls to it.
    const config = admin.getByTestId('config-text');
    await waitForText(config, 'hostname');
    await admin
      .getByTestId('device-compliance')
      .getByRole('button', { name: /^line \d+$/ })
      .click();
    await waitForText(config.locator('.cm-linked'), 'login local');
    await waitForText(config.locator('[data-flagged="fail"]'), 'login local');
    await nav(admin, 'Compliance');
    await admin.getByTestId('compliance-matrix').waitFor();
  });

  it('records the evaluation as a job of work items, each a group of devices and how they stand', async () => {
    await nav(admin, 'Jobs');
    // The list counts the job's work items, not its devices.
    const listed = admin.locator('tbody tr', {
      has: admin.getByRole('link', { name: 'Compliance evaluation' }),
    });
    await waitForText(listed.first(), /\d+\/\d+ items/);
    await admin.getByRole('link', { name: 'Compliance evaluation' }).first().click();
    await watchJob(admin, 'success');
    const items = admin.getByTestId('job-devices');
    await waitForText(items.locator('thead'), 'Work item');
    // One group of Acme's devices, named by its first and last, and not a link to a device.
    const row = items.locator('tbody tr').first();
    await waitForText(row, /acme-\S+ … acme-\S+ \(\d+ devices\)/);
    await waitForText(row, /\d+ failing, 0 compliant/);
    expect(await row.getByRole('link').count()).toBe(0);
    await admin.getByRole('link', { name: /The results, device by device/ }).click();
    await admin.getByTestId('compliance-matrix').waitFor();
  });

  it('turns the failures into a change that previews the fix on each device', async () => {
    await admin.getByRole('button', { name: /^Create remediation change \([1-9]/ }).click();
    await admin.waitForURL(/\/changes\/[0-9a-f-]{36}$/);
    await admin.locator('h1 [data-status="draft"]').waitFor();
    await admin.getByRole('button', { name: 'Preview', exact: true }).click();
    await admin.locator('h1 [data-status="previewed"]').waitFor({ timeout: 60_000 });
    const first = admin.locator('tbody tr').first();
    await waitForText(first, 'changes');
    await first.getByRole('button').first().click();
    await waitForText(admin.getByTestId('rendered'), 'ntp server 192.0.2.99');
    await screenshot(admin, '52-remediation-preview');
  });

  it('deletes the policy, and its results with it', async () => {
    await nav(admin, 'Compliance');
    const row = admin.locator('tbody tr', { hasText: 'acme standard' });
    admin.once('dialog', (d) => void d.accept());
    await row.getByRole('button', { name: 'Delete' }).click();
    await waitForText(admin.locator('tbody'), 'No policies yet.');
    await admin.getByTestId('compliance-matrix').waitFor({ state: 'detached' });
  });
});
