/**
 * An empty install, as a newcomer meets it: the dashboard says what to do first and links to
 * it, forms that need a customer say so instead of failing, and the steps end in a first backup.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Lab } from '../src/lab/server.ts';
import { generateNetwork } from '../src/lab/topology.ts';
import { launchBrowser, login, newPage, screenshot, waitForText } from './helpers/browser.ts';

const PASSWORD = 'onboarding-admin-pass';
let server: ChildProcess;
let dataDir = '';
let url = '';
let lab: Lab;
let browser: { browser: Browser; close(): Promise<void> };
let page: Page;
let errors: string[] = [];

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'webnet-onboarding-'));
  lab = await Lab.start(
    generateNetwork({
      devices: 1,
      topology: 'flat',
      platform: 'cisco_ios',
      ports: true,
      port: 0,
      firstAddress: '127.36.0.1',
      username: 'admin',
      password: 'lab-password',
      secret: 'lab-enable',
    }),
  );
  server = spawn(process.execPath, ['src/cli/main.ts', 'serve'], {
    cwd: path.resolve(import.meta.dirname, '..'),
    env: {
      ...process.env,
      WEBNET_DATA_DIR: dataDir,
      PORT: '0',
      HOST: '127.0.0.1',
      WEBNET_ADMIN_PASSWORD: PASSWORD,
      WEBNET_LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`webnet serve did not start:\n${output}`)), 90_000);
    const read = (b: Buffer) => {
      output += b;
      const m = /webnet on PGlite in .*?: (http:\/\/[\d.:]+)/.exec(output);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    };
    server.stdout?.on('data', read);
    server.stderr?.on('data', read);
  });
  browser = await launchBrowser();
  const opened = await newPage(browser.browser, url);
  page = opened.page;
  errors = opened.errors;
}, 120_000);

afterAll(async () => {
  await browser?.close();
  if (server && server.exitCode === null) {
    const exited = new Promise((r) => server.once('exit', r));
    server.kill('SIGTERM');
    await exited;
  }
  await lab?.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('an empty install', () => {
  it('guides its admin from a customer to a first backup', async () => {
    await login(page, 'admin', PASSWORD);
    const guide = page.getByTestId('getting-started');
    await waitForText(guide, 'to do: Create a customer');
    await screenshot(page, '39-getting-started');

    // A form that needs a customer says so, rather than a raw "Invalid UUID" from the server.
    await page
      .getByRole('navigation', { name: 'main' })
      .getByRole('link', { name: 'Devices', exact: true })
      .click();
    await page.getByRole('button', { name: 'Add device' }).click();
    await waitForText(page.getByTestId('needs-customer'), 'there is none yet');
    expect(await page.locator('body').textContent()).not.toMatch(/Invalid UUID/i);
    await page.getByTestId('needs-customer').getByRole('link', { name: 'Create a customer first.' }).click();

    await page.getByRole('button', { name: 'New customer' }).click();
    await page.getByLabel('customer name', { exact: true }).fill('First Customer');
    await page.getByRole('button', { name: 'Create customer' }).click();
    await page.locator('section', { hasText: 'First Customer' }).waitFor();

    await page.getByRole('navigation', { name: 'main' }).getByRole('link', { name: 'Dashboard' }).click();
    await waitForText(guide, 'done: Create a customer');
    await guide.getByRole('link', { name: 'Credentials' }).click();
    await page.getByRole('button', { name: 'New credential' }).click();
    await page.getByLabel('credential name', { exact: true }).fill('lab');
    await page.getByLabel('device username', { exact: true }).fill('admin');
    await page.getByLabel('device password', { exact: true }).fill('lab-password');
    await page.getByLabel('enable secret', { exact: true }).fill('lab-enable');
    await page.getByRole('button', { name: 'Create credential' }).click();
    await waitForText(page.locator('tbody'), 'lab');

    await page.getByRole('navigation', { name: 'main' }).getByRole('link', { name: 'Dashboard' }).click();
    await waitForText(guide, 'done: Store a credential');
    await guide.getByRole('link', { name: 'Devices' }).click();
    await page.getByRole('button', { name: 'Add device' }).click();
    const form = page.getByRole('form', { name: 'add device' });
    const device = lab.devices[0]!;
    await form.locator('input[name="hostname"]').fill(device.hostname);
    await form.locator('input[name="mgmtIp"]').fill(device.address);
    await form.locator('input[name="port"]').fill(String(device.port));
    await form.locator('input[name="platform"]').fill('cisco_ios');
    await form.locator('select[name="credentialId"]').selectOption({ label: 'lab (admin)' });
    await form.getByRole('button', { name: 'Add device' }).click();
    await page.waitForURL(/\/devices\/[0-9a-f-]{36}$/);

    await page.getByRole('navigation', { name: 'main' }).getByRole('link', { name: 'Dashboard' }).click();
    await waitForText(guide, 'done: Add devices');
    await guide.getByRole('link', { name: 'New backup' }).click();
    await page.getByRole('button', { name: /^Start / }).click();
    await page
      .getByRole('dialog', { name: 'confirm job' })
      .getByRole('button', { name: 'Start on 1 device' })
      .click();
    await page.locator('h1 [data-status="success"]').waitFor({ timeout: 60_000 });

    // Every step done: the guide steps aside.
    await page.getByRole('navigation', { name: 'main' }).getByRole('link', { name: 'Dashboard' }).click();
    await page.getByText('backed up in 24 h').waitFor();
    await screenshot(page, '41-getting-started-done');
    await expect.poll(() => page.getByTestId('getting-started').count(), { timeout: 20_000 }).toBe(0);
    expect(errors).toEqual([]);
  });
});
