import { execFileSync } from 'node:child_process';
import fs from 'node:fs';

/** The browser the e2e tests drive: Debian's Chromium, never one a test tool downloads. */
export const CHROMIUM = process.env.WEBNET_CHROMIUM ?? '/usr/bin/chromium';

/**
 * Installs Debian's `chromium` package with apt-get when the browser is missing, so `npm test`
 * passes on a fresh machine of this project's kind (Debian, as root). Says what it does; where
 * it cannot (not root, no apt-get), it stops with the command to run.
 */
export function ensureChromium(log: (line: string) => void = (l) => process.stdout.write(`${l}\n`)): void {
  if (fs.existsSync(CHROMIUM)) return;
  const how = `install it with: apt-get install chromium (or point WEBNET_CHROMIUM at a Chromium)`;
  if (process.env.WEBNET_CHROMIUM) throw new Error(`WEBNET_CHROMIUM=${CHROMIUM} does not exist`);
  const root = process.getuid?.() === 0;
  const apt = ['/usr/bin/apt-get', '/bin/apt-get'].find((p) => fs.existsSync(p));
  if (!root || !apt) throw new Error(`the browser tests need ${CHROMIUM}, which is missing; ${how}`);
  log(
    `e2e: ${CHROMIUM} is missing; installing Debian's chromium package (apt-get update && apt-get install chromium)…`,
  );
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync(apt, ['update', '-qq'], { stdio: 'inherit', env });
  execFileSync(apt, ['install', '-y', '-qq', '--no-install-recommends', 'chromium'], {
    stdio: 'inherit',
    env,
  });
  if (!fs.existsSync(CHROMIUM))
    throw new Error(`apt-get installed chromium but ${CHROMIUM} is still missing`);
  log(`e2e: installed ${CHROMIUM}`);
}
