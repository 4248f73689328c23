import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { ensureChromium } from './chromium.ts';

// The browser tests run against the SPA as `webnet serve` ships it, built from the current
// sources, in Debian's Chromium (installed here when missing, so `npm test` needs nothing by hand).
export default async function setup() {
  ensureChromium();
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  await build({ configFile: path.join(root, 'web/vite.config.ts'), logLevel: 'warn' });
}
