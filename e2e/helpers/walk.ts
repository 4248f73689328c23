import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { seriousA11yFindings } from './axe.ts';
import { launchBrowser, newPage, screenshot } from './browser.ts';
import { type Demo, startDemo } from './demo.ts';

/**
 * One `webnet demo` and one browser for a test file's walk. Every page the walk opens fails the
 * test on a console error it did not ask for; a failing step leaves screenshots of every page.
 */
export function demoWalk(address: string) {
  const state = {} as { demo: Demo; browser: Browser; close(): Promise<void> };
  const opened: { page: Page; errors: string[]; expected: RegExp[] }[] = [];

  beforeAll(async () => {
    state.demo = await startDemo({ devices: 8, address });
    const b = await launchBrowser();
    state.browser = b.browser;
    state.close = b.close;
  }, 120_000);

  afterAll(async () => {
    await state.close?.();
    await state.demo?.stop();
  });

  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail') {
      for (const [i, p] of opened.entries())
        if (!p.page.isClosed()) await screenshot(p.page, `failed-${ctx.task.name.slice(0, 40)}-${i}`);
    }
    for (const p of opened) {
      const unexpected = p.errors.splice(0).filter((e) => !p.expected.some((re) => re.test(e)));
      p.expected = [];
      expect(unexpected, 'console errors').toEqual([]);
    }
  });

  return {
    get demo() {
      return state.demo;
    },
    /** A fresh browser context (its own cookies). */
    async open(
      options: { clipboard?: boolean; viewport?: { width: number; height: number } } = {},
    ): Promise<Page> {
      const p = await newPage(state.browser, state.demo.url, options);
      opened.push({ ...p, expected: [] });
      return p.page;
    },
    /** A request the test makes fail on purpose (a wrong password, a forbidden call) logs an error too. */
    allowConsoleError(page: Page, pattern: RegExp) {
      opened.find((p) => p.page === page)?.expected.push(pattern);
    },
  };
}

/**
 * A page of the main navigation, checked with axe-core once its heading shows: every page a
 * browser test reaches this way has no serious or critical accessibility finding.
 */
export async function nav(page: Page, label: string) {
  const link = page.getByRole('navigation', { name: 'main' }).getByRole('link', { name: label, exact: true });
  const to = await link.getAttribute('href');
  await link.click();
  // The old page's heading must not stand in for the new one's.
  await page.waitForURL((u) => u.pathname === to);
  await expectAccessible(page);
}

/** The page (its heading shown) passes axe-core's serious and critical checks. */
export async function expectAccessible(page: Page) {
  await page.locator('main h1').first().waitFor();
  expect(await seriousA11yFindings(page), `axe on ${page.url()}`).toEqual([]);
}

/**
 * Submits the job form, confirms it in the dialog that names what it reaches, and returns the new
 * job's id from the job page it lands on.
 */
export async function startJobFromForm(page: Page): Promise<string> {
  await page.getByRole('button', { name: /^Start / }).click();
  await page
    .getByRole('dialog', { name: 'confirm job' })
    .getByRole('button', { name: /^Start on \d+ devices?$/ })
    .click();
  await page.waitForURL(/\/jobs\/[0-9a-f-]{36}$/);
  return page.url().split('/').pop()!;
}

/** The job page until the job shows `status`, as the WebSocket streams it. */
export async function watchJob(page: Page, status = 'success', timeout = 60_000) {
  await page.locator(`h1 [data-status="${status}"]`).waitFor({ timeout });
}
