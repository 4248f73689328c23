import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { login, screenshot, waitForText } from './helpers/browser.ts';
import { demoWalk, expectAccessible, nav } from './helpers/walk.ts';

// Alice (Acme's operator) opens a terminal on a device from its page, types, resizes the window,
// closes it, and replays the recording; Victor (Acme's viewer) and Gina (Globex) get no terminal.
const walk = demoWalk('127.41.0.1');
let alice: Page;
let device = { id: '', hostname: '' };
let recordingUrl = '';

/** The HTTP answer to a WebSocket upgrade request on the terminal, with the page's cookies. */
async function upgradeStatus(page: Page, deviceId: string): Promise<number> {
  const res = await page.request.get(`/ws/devices/${deviceId}/terminal`, {
    headers: {
      connection: 'Upgrade',
      upgrade: 'websocket',
      'sec-websocket-version': '13',
      'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==',
    },
    timeout: 10_000,
  });
  return res.status();
}

describe('the terminal in a browser', () => {
  it('opens from the device page, logs in by itself, and answers what is typed', async () => {
    alice = await walk.open({ clipboard: true });
    await login(alice, 'alice', walk.demo.password);
    const list = await alice.request.get('/api/v1/devices?platform=cisco_ios&pageSize=1&sort=hostname');
    const first = (await list.json()).items[0];
    device = { id: first.id, hostname: first.hostname };
    await alice.goto(`/devices/${device.id}`);
    await expectAccessible(alice);
    await alice.getByRole('button', { name: 'Terminal', exact: true }).click();
    const status = alice.getByTestId('terminal-status');
    await waitForText(status, `connected to ${device.hostname}`);
    const screen = alice.locator('.xterm-rows');
    // Logged in and enabled with the stored credential: the privileged prompt, no password asked.
    await waitForText(screen, `${device.hostname}#`);
    await alice.getByTestId('terminal').click();
    await alice.keyboard.type('show version');
    await alice.keyboard.press('Enter');
    await waitForText(screen, 'uptime is');
    await screenshot(alice, '60-terminal');
  });

  it('follows the window size, and says it closed when disconnected', async () => {
    const rows = () => alice.locator('.xterm-rows > div').count();
    const before = await rows();
    await alice.setViewportSize({ width: 1280, height: 1000 });
    await alice.getByRole('link', { name: 'Full page' }).click();
    await alice.waitForURL(`**/devices/${device.id}/terminal`);
    // The page of its own (the device page may still show while it loads).
    await alice.getByRole('heading', { name: `Terminal: ${device.hostname}` }).waitFor();
    // Typed at once, while webnet may still be logging in: type-ahead reaches the device whole.
    await alice.getByTestId('terminal').click();
    await alice.keyboard.type('show hosts');
    await alice.keyboard.press('Enter');
    await waitForText(alice.getByTestId('terminal-status'), 'connected');
    await expect.poll(rows, { timeout: 10_000 }).toBeGreaterThan(before + 10);
    // The command once, whole, and the device's answer to it.
    await waitForText(alice.locator('.xterm-rows'), /#show hosts\s*Default domain is/);
    await alice.setViewportSize({ width: 1000, height: 700 });
    await alice.getByRole('button', { name: 'Disconnect' }).click();
    await waitForText(alice.getByTestId('terminal-status'), 'Closed: closed by the user');
    const replay = alice.getByRole('link', { name: 'Replay the recording' });
    recordingUrl = (await replay.getAttribute('href')) ?? '';
    expect(recordingUrl).toMatch(/^\/recordings\/[0-9a-f-]{36}$/);
  });

  it('replays the recording with its timing, and offers the .cast', async () => {
    await alice.getByRole('link', { name: 'Replay the recording' }).click();
    await alice.waitForURL(`**${recordingUrl}`);
    await expectAccessible(alice);
    await waitForText(alice.locator('main'), 'closed by the user');
    // The player plays it on its own: the command typed and the device's answer come back.
    await waitForText(alice.getByTestId('player'), 'show hosts', 30_000);
    const cast = await alice.request.get(
      `/api/v1${recordingUrl.replace('/recordings/', '/terminal-sessions/')}/recording`,
    );
    const [header, ...events] = (await cast.text()).trim().split('\n');
    expect(JSON.parse(header!)).toMatchObject({ version: 2 });
    // The window grew while it was open: the pty followed, and the recording says so.
    expect(events.map((l) => JSON.parse(l)).some((e) => e[1] === 'r')).toBe(true);
    expect(await alice.getByRole('link', { name: 'Download .cast' }).getAttribute('href')).toContain(
      'download=true',
    );
    await screenshot(alice, '61-terminal-replay');

    await nav(alice, 'Recordings');
    await waitForText(alice.getByRole('region', { name: 'terminal recordings' }), device.hostname);
  });

  it("gives a viewer no terminal (403), and another customer's operator no sight of the device (404)", async () => {
    const victor = await walk.open();
    await login(victor, 'victor', walk.demo.password);
    await victor.goto(`/devices/${device.id}`);
    await victor.locator('main h1').waitFor();
    await waitForText(victor.locator('main'), device.hostname);
    expect(await victor.getByRole('button', { name: 'Terminal', exact: true }).count()).toBe(0);
    expect(await victor.getByRole('tab', { name: 'terminal' }).count()).toBe(0);
    expect(await upgradeStatus(victor, device.id)).toBe(403);

    const gina = await walk.open();
    await login(gina, 'gina', walk.demo.password);
    expect(await upgradeStatus(gina, device.id)).toBe(404);
    const recordings = await gina.request.get('/api/v1/terminal-sessions');
    expect((await recordings.json()).total).toBe(0);
  });
});
