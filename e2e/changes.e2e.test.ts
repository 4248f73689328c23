import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { login, screenshot, waitForText } from './helpers/browser.ts';
import { demoWalk, nav } from './helpers/walk.ts';

// The write half in a browser: the admin asks Acme's changes to be approved, drafts a templated
// change, previews it; Alice (Acme's operator) approves it; the admin commits it, reads what it
// did, and rolls it back the same way.
const walk = demoWalk('127.37.0.1');
let admin: Page;
let alice: Page;
let changeUrl = '';

async function status(page: Page, value: string) {
  await page.locator(`h1 [data-status="${value}"]`).waitFor({ timeout: 60_000 });
}

describe('a configuration change in a browser', () => {
  it('asks for approval of Acme changes, and drafts a templated change for its IOS devices', async () => {
    admin = await walk.open();
    await login(admin, 'admin', walk.demo.password);
    await nav(admin, 'Customers');
    const acme = admin.locator('section', { hasText: 'Acme Networks' }).first();
    await acme.getByRole('button', { name: 'Edit' }).click();
    await admin.getByLabel('changes need approval').check();
    await admin.getByRole('button', { name: 'Save' }).click();
    await admin.getByRole('dialog').waitFor({ state: 'detached' });

    await admin.getByLabel('customer', { exact: true }).selectOption({ label: 'Acme Networks' });
    await nav(admin, 'Changes');
    await admin.getByRole('button', { name: 'New change' }).click();
    await admin.getByLabel('change title').fill('NTP and location');
    await admin.getByLabel('target platform').selectOption('cisco_ios');
    await waitForText(admin.getByTestId('change-target-count'), /^[1-9]\d* enabled devices match/);
    await admin
      .getByLabel('change template')
      .fill('ntp server {{ ntp_server }}\nsnmp-server location {{ device.hostname }} rack 7');
    // The template is highlighted: a variable inside {{ }} is coloured apart from the config text.
    const template = admin.getByLabel('change template');
    const colour = (text: string) =>
      template
        .locator('span', { hasText: new RegExp(`^${text}$`) })
        .first()
        .evaluate((e) => getComputedStyle(e).color);
    expect(await colour('ntp_server')).not.toBe(await template.evaluate((e) => getComputedStyle(e).color));
    await admin.getByLabel('change variables').fill('ntp_server: 192.0.2.77');
    await screenshot(admin, '40-change-editor');
    await admin.getByRole('button', { name: 'Create draft' }).click();
    await admin.waitForURL(/\/changes\/[0-9a-f-]{36}$/);
    changeUrl = new URL(admin.url()).pathname;
    await status(admin, 'draft');
  });

  it('previews it per device, showing the lines and the diff, and waits for approval', async () => {
    await admin.getByRole('button', { name: 'Preview', exact: true }).click();
    await status(admin, 'awaiting_approval');
    await waitForText(admin.getByTestId('approval'), 'needed');
    // The author cannot approve their own change: the buttons are not offered.
    await admin.getByRole('button', { name: 'Commit' }).waitFor({ state: 'detached' });
    const first = admin.locator('tbody tr').first();
    await waitForText(first, 'changes');
    await first.getByRole('button').first().click();
    await waitForText(admin.getByTestId('rendered'), 'ntp server 192.0.2.77');
    await admin.getByTestId('diff-view').waitFor();
    await waitForText(admin.getByTestId('diff-view'), 'snmp-server location');
    await screenshot(admin, '41-change-preview');
  });

  it('is approved by another operator of the customer', async () => {
    alice = await walk.open();
    await login(alice, 'alice', walk.demo.password);
    await alice.goto(changeUrl);
    await status(alice, 'awaiting_approval');
    await alice.getByLabel('decision comment').fill('looks right');
    await alice.getByRole('button', { name: 'Approve' }).click();
    await status(alice, 'approved');
    await waitForText(alice.locator('main'), 'looks right');
  });

  it('commits: each device confirms, and shows what the change did', async () => {
    await admin.reload();
    await status(admin, 'approved');
    await admin.getByRole('button', { name: 'Commit' }).click();
    await status(admin, 'succeeded');
    const first = admin.locator('tbody tr').first();
    await waitForText(first, 'confirmed');
    await first.getByRole('button').first().click();
    await waitForText(admin.locator('main'), 'What the change did');
    await waitForText(admin.getByTestId('diff-view'), 'rack 7');
    await screenshot(admin, '42-change-result');
  });

  it('rolls the change back through the same preview, approval and commit', async () => {
    await admin.getByRole('button', { name: 'Roll back this change' }).click();
    await admin.waitForURL((u) => u.pathname !== changeUrl && /\/changes\/[0-9a-f-]{36}$/.test(u.pathname));
    const rollbackUrl = new URL(admin.url()).pathname;
    await waitForText(admin.locator('h1'), 'Roll back: NTP and location');
    await admin.getByRole('button', { name: 'Preview', exact: true }).click();
    await status(admin, 'awaiting_approval');
    await alice.goto(rollbackUrl);
    await alice.getByRole('button', { name: 'Approve' }).click();
    await status(alice, 'approved');
    await admin.reload();
    await admin.getByRole('button', { name: 'Commit' }).click();
    await status(admin, 'succeeded');
    const first = admin.locator('tbody tr').first();
    await first.getByRole('button').first().click();
    await waitForText(admin.getByTestId('rendered'), 'no ntp server 192.0.2.77');
    await screenshot(admin, '43-change-rolled-back');
  });
});
